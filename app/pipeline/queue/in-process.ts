/** In-process queue adapter: hints are delivered synchronously to workers in this process. */
import { matchesCapability } from "../roles";
import type { JobQueue, QueueEvent, QueueHint, SubscribeOptions } from "./types";

type Listener = (e: QueueEvent) => void;

export class InProcessQueue implements JobQueue {
  private readonly listeners = new Map<Listener, SubscribeOptions | undefined>();

  async enqueue(hint: QueueHint): Promise<void> {
    this.emit({ type: "enqueued", hint });
  }

  async requestCancel(jobId: string): Promise<void> {
    this.emit({ type: "cancelRequested", jobId });
  }

  subscribe(listener: Listener, opts?: SubscribeOptions): () => void {
    this.listeners.set(listener, opts);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }

  private emit(e: QueueEvent) {
    for (const [l, opts] of [...this.listeners]) {
      if (e.type === "enqueued" && !wanted(e.hint, opts)) continue;
      try {
        l(e);
      } catch {
        // a listener's failure must not stop the others; the DB poll covers a lost hint
      }
    }
  }
}

/** A hint reaches a worker that takes one of the capabilities it names (no capabilities named: every worker). */
export function wanted(hint: QueueHint, opts: SubscribeOptions | undefined): boolean {
  if (!opts || !hint.capabilities?.length) return true;
  return hint.capabilities.some((c) => matchesCapability(opts.patterns, c));
}

declare global {
  var __mockupQueue: JobQueue | undefined;
}

/** The process-wide default queue: createJob/cancelJob and in-process Workers meet here. */
export function defaultQueue(): JobQueue {
  globalThis.__mockupQueue ??= new InProcessQueue();
  return globalThis.__mockupQueue;
}
