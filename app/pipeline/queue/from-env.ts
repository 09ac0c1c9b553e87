/**
 * The one place the process's queue is chosen (runtime, routes, createJob/cancelJob/retryJob defaults):
 * MOCKUP_QUEUE=bullmq (with REDIS_URL, and MOCKUP_QUEUE_NAME, default BULLMQ_DEFAULTS.name "mockup-jobs") → the BullMQ adapter, so jobs created by the web process wake
 * workers in other processes; unset or "in-process" → the in-process queue. The choice is made once per
 * process and kept in globalThis.__mockupQueue, which the in-process defaultQueue() shares.
 */
import type { Logger } from "pino";
import { logger as rootLogger } from "../../monitoring/logger.server";
import { defaultQueue } from "./in-process";
import type { JobQueue } from "./types";
import { queueKind, redisUrl } from "../../config/env";

export { queueKind, type QueueKind } from "../../config/env";

/** The process-wide queue for this environment (BullMQ is imported only when chosen). */
export async function queueFromEnv(env: Record<string, string | undefined> = process.env): Promise<JobQueue> {
  if (queueKind(env) === "in-process") return defaultQueue();
  const { BullmqJobQueue } = await import("./bullmq");
  // MOCKUP_QUEUE_NAME: several deployments (or a benchmark) sharing one Redis keep their hints apart
  if (!(globalThis.__mockupQueue instanceof BullmqJobQueue)) {
    globalThis.__mockupQueue = new BullmqJobQueue({ url: redisUrl(env), name: env.MOCKUP_QUEUE_NAME?.trim() || undefined });
  }
  return globalThis.__mockupQueue;
}

/** How long a caller waits for a hint to be accepted before moving on (default for `sendHint`). */
export const HINT_TIMEOUT_MS = 500;

/**
 * Sends a hint without letting the queue block or fail the caller: waits at most `timeoutMs`, then moves on
 * and logs a warning. Hints only wake workers early; the database poll finds the job anyway, so a Redis
 * outage must not hang a webhook or fail a job that is already stored.
 */
export async function sendHint(
  what: string,
  send: () => Promise<void>,
  opts: { timeoutMs?: number; log?: Logger; jobId?: string } = {},
): Promise<void> {
  const timeoutMs = opts.timeoutMs ?? HINT_TIMEOUT_MS;
  const log = opts.log ?? rootLogger;
  let timer: NodeJS.Timeout | undefined;
  const sent = (async () => send())().then(
    () => "sent" as const,
    (err: unknown) => {
      log.warn({ jobId: opts.jobId, err: (err as Error)?.message ?? String(err) }, `queue ${what} hint failed; workers will find the job by polling`);
      return "failed" as const;
    },
  );
  const outcome = await Promise.race([sent, new Promise<"timeout">((r) => (timer = setTimeout(() => r("timeout"), timeoutMs)))]);
  clearTimeout(timer);
  if (outcome === "timeout") log.warn({ jobId: opts.jobId, timeoutMs }, `queue ${what} hint not accepted in time; workers will find the job by polling`);
}
