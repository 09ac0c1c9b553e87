/**
 * A fixed pool of worker threads (one per core by default) running MockupTasks. Workers are TypeScript, so
 * they start with tsx's loader; that works the same from the CLI (tsx) and from vitest. A worker that dies
 * (uncaught error, or exit without one) fails only the task it was running and is replaced by a fresh one
 * started exactly like the first.
 */
import { availableParallelism } from "node:os";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { MockupTask, TaskResult } from "./task";
import { DEFAULTS as ENV_DEFAULTS } from "../../config/env";

export interface PoolOptions {
  /** worker threads, default one per core */
  threads?: number;
  /** per-worker decoded-pass memory budget in MB (default ENV_DEFAULTS.catalogPassCacheMb of app/config/env.ts: 256) */
  passCacheMb?: number;
  /** the worker module; default ./worker.ts (tests pass a stand-in that misbehaves on purpose) */
  workerUrl?: URL;
}

interface Slot {
  worker: Worker;
  busy: MockupTask | null;
  resolve?: (r: TaskResult) => void;
  /** set once the worker died, so its 'error' and the 'exit' that follows are handled once */
  dead: boolean;
}

export class CatalogPool {
  private readonly slots: Slot[] = [];
  private readonly queue: { task: MockupTask; resolve: (r: TaskResult) => void }[] = [];
  private closed = false;
  readonly threads: number;
  private readonly spawnOptions: { url: URL; execArgv: string[]; env: NodeJS.ProcessEnv };

  constructor(opts: PoolOptions = {}) {
    this.threads = Math.max(1, opts.threads ?? availableParallelism());
    const require = createRequire(import.meta.url);
    this.spawnOptions = {
      url: opts.workerUrl ?? new URL("./worker.ts", import.meta.url),
      execArgv: ["--import", pathToFileURL(require.resolve("tsx/esm")).href],
      // each thread reads it through passCacheMb() (shared-caches.ts); the pool's own default, not the process's
      env: { ...process.env, MOCKUP_PASS_CACHE_MB: String(opts.passCacheMb ?? ENV_DEFAULTS.catalogPassCacheMb) },
    };
    for (let i = 0; i < this.threads; i++) this.slots.push(this.spawn());
  }

  /** The one place workers are started (first ones and replacements alike). */
  private spawn(): Slot {
    const { url, execArgv, env } = this.spawnOptions;
    const worker = new Worker(url, { execArgv, env });
    const slot: Slot = { worker, busy: null, dead: false };
    worker.on("message", (r: TaskResult) => this.done(slot, r));
    worker.on("error", (err) => this.crashed(slot, `worker crashed: ${err.message}`));
    worker.on("exit", (code) => this.crashed(slot, `worker exited (code ${code})`));
    worker.unref();
    return slot;
  }

  run(task: MockupTask): Promise<TaskResult> {
    if (this.closed) return Promise.resolve({ id: task.id, ok: false, error: "pool closed" });
    return new Promise((resolve) => {
      this.queue.push({ task, resolve });
      this.pump();
    });
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (slot.busy || slot.dead || this.queue.length === 0) continue;
      const next = this.queue.shift()!;
      slot.busy = next.task;
      slot.resolve = next.resolve;
      slot.worker.ref();
      slot.worker.postMessage(next.task);
    }
  }

  private done(slot: Slot, r: TaskResult): void {
    const resolve = slot.resolve;
    slot.busy = null;
    slot.resolve = undefined;
    slot.worker.unref();
    resolve?.(r);
    this.pump();
  }

  /** A worker that dies fails only its own task; a fresh worker takes its place. */
  private crashed(slot: Slot, why: string): void {
    if (slot.dead) return;
    slot.dead = true;
    const task = slot.busy;
    const resolve = slot.resolve;
    slot.busy = null;
    slot.resolve = undefined;
    if (task && resolve) resolve({ id: task.id, ok: false, error: why });
    const i = this.slots.indexOf(slot);
    if (this.closed || i < 0) return;
    // an 'error' is followed by 'exit'; make sure the thread is gone before replacing it
    void slot.worker.terminate().catch(() => undefined);
    this.slots[i] = this.spawn();
    this.pump();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const q of this.queue.splice(0)) q.resolve({ id: q.task.id, ok: false, error: "pool closed" });
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
