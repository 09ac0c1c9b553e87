/** In-process queue adapter: hints are delivered synchronously to workers in this process. */
import type { JobQueue, QueueEvent, QueueHint } from "./types";

export class InProcessQueue implements JobQueue {
  private readonly listeners = new Set<(e: QueueEvent) => void>();

  async enqueue(hint: QueueHint): Promise<void> {
    this.emit({ type: "enqueued", hint });
  }

  async requestCancel(jobId: string): Promise<void> {
    this.emit({ type: "cancelRequested", jobId });
  }

  subscribe(listener: (event: QueueEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }

  private emit(e: QueueEvent) {
    for (const l of [...this.listeners]) {
      try {
        l(e);
      } catch {
        // a listener's failure must not stop the others; the DB poll covers a lost hint
      }
    }
  }
}

declare global {
  var __mockupQueue: JobQueue | undefined;
}

/** The process-wide default queue: createJob/cancelJob and in-process Workers meet here. */
export function defaultQueue(): JobQueue {
  globalThis.__mockupQueue ??= new InProcessQueue();
  return globalThis.__mockupQueue;
}
