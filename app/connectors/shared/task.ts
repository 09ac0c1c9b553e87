/**
 * The asynchronous task pattern vendor mockup APIs share: a task is created, then polled until it is done or
 * failed. Each poll is one policy call (its own deadline, retries and breaker accounting); the whole wait has a
 * deadline of its own, after which the task counts as a timeout. A vendor that says "failed" is a task_failed fault.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { ConnectorFault } from "./faults";
import type { Attempt, CallContext } from "./policy";

export const DEFAULTS = {
  pollMs: 1_000,
  taskTimeoutMs: 60_000,
} as const;

/** Defaults: DEFAULTS. */
export interface TaskWaitOptions {
  /** ms between polls (default 1 000) */
  pollMs?: number;
  /** longest wait for a task to finish, from creation (default 60 000 ms) */
  taskTimeoutMs?: number;
}

export interface TaskView {
  status: "queued" | "processing" | "done" | "failed";
  error?: { code?: string; message?: string };
}

/**
 * Polls with `call` (the request function of a ConnectorPolicy.run body) until the task is done. The faults it
 * throws itself (a task that never finishes, a task the vendor failed) are counted by `run` as they leave.
 */
export async function awaitTask<T extends TaskView>(
  provider: string,
  ctx: CallContext,
  call: <U>(op: (a: Attempt) => Promise<U>) => Promise<U>,
  read: (a: Attempt) => Promise<T>,
  first: T,
  opts: TaskWaitOptions = {},
): Promise<T> {
  const pollMs = opts.pollMs ?? DEFAULTS.pollMs;
  const deadline = performance.now() + (opts.taskTimeoutMs ?? DEFAULTS.taskTimeoutMs);
  let task = first;
  while (task.status === "queued" || task.status === "processing") {
    if (performance.now() >= deadline) {
      // a task that never finishes is the vendor's outage as much as a hanging socket is
      throw new ConnectorFault("timeout", `${provider}: task still ${task.status} after ${opts.taskTimeoutMs ?? DEFAULTS.taskTimeoutMs} ms`, { provider });
    }
    await sleep(pollMs, undefined, { signal: ctx.signal });
    task = await call(read);
  }
  if (task.status === "failed") {
    const why = [task.error?.code, task.error?.message].filter(Boolean).join(": ").slice(0, 300) || "no reason given";
    throw new ConnectorFault("task_failed", `${provider}: the task failed (${why})`, { provider });
  }
  return task;
}
