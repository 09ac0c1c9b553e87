/**
 * A fixed pool of worker threads (one per core by default) running MockupTasks. Workers are TypeScript, so
 * they start with tsx's loader; that works the same from the CLI (tsx) and from vitest.
 */
import { availableParallelism } from "node:os";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { MockupTask, TaskResult } from "./task";

export interface PoolOptions {
  /** worker threads, default one per core */
  threads?: number;
  /** per-worker decoded-pass memory budget in MB, default 256 */
  passCacheMb?: number;
}

interface Slot {
  worker: Worker;
  busy: MockupTask | null;
  resolve?: (r: TaskResult) => void;
}

export class CatalogPool {
  private readonly slots: Slot[] = [];
  private readonly queue: { task: MockupTask; resolve: (r: TaskResult) => void }[] = [];
  private closed = false;
  readonly threads: number;

  constructor(opts: PoolOptions = {}) {
    this.threads = Math.max(1, opts.threads ?? availableParallelism());
    const require = createRequire(import.meta.url);
    const tsx = pathToFileURL(require.resolve("tsx/esm")).href;
    const url = new URL("./worker.ts", import.meta.url);
    for (let i = 0; i < this.threads; i++) {
      const worker = new Worker(url, {
        execArgv: ["--import", tsx],
        env: { ...process.env, MOCKUP_PASS_CACHE_MB: String(opts.passCacheMb ?? 256) },
      });
      const slot: Slot = { worker, busy: null };
      worker.on("message", (r: TaskResult) => this.done(slot, r));
      worker.on("error", (err) => this.crashed(slot, err));
      worker.unref();
      this.slots.push(slot);
    }
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
      if (slot.busy || this.queue.length === 0) continue;
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
  private crashed(slot: Slot, err: Error): void {
    const task = slot.busy;
    const resolve = slot.resolve;
    const i = this.slots.indexOf(slot);
    slot.busy = null;
    if (task && resolve) resolve({ id: task.id, ok: false, error: `worker crashed: ${err.message}` });
    if (this.closed || i < 0) return;
    const require = createRequire(import.meta.url);
    const worker = new Worker(new URL("./worker.ts", import.meta.url), {
      execArgv: ["--import", pathToFileURL(require.resolve("tsx/esm")).href],
    });
    const fresh: Slot = { worker, busy: null };
    worker.on("message", (r: TaskResult) => this.done(fresh, r));
    worker.on("error", (e) => this.crashed(fresh, e));
    worker.unref();
    this.slots[i] = fresh;
    this.pump();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const q of this.queue.splice(0)) q.resolve({ id: q.task.id, ok: false, error: "pool closed" });
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
