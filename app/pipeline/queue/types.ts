/**
 * Queue port. The database is the source of truth (a job row is claimed by compare-and-set); the queue
 * only carries wake-up hints so idle workers react at once instead of at their next poll. Losing a hint
 * delays a job by at most one poll interval, never loses it. See docs/decisions/011-queue-port.md for
 * how BullMQ maps onto this.
 */
export interface QueueHint {
  jobId: string;
  /** Job.priority (lower first); adapters with native priorities may use it */
  priority: number;
  /** what the job needs next (Job.needs): adapters that route hints wake only workers taking one of these */
  capabilities?: string[];
}

export interface SubscribeOptions {
  /** the worker's capability patterns (roles.ts): a hint whose capabilities match none of them is not delivered */
  patterns: readonly string[];
  /** the concrete capabilities the worker has providers for (adapters that route by family subscribe to those) */
  capabilities: readonly string[];
}

export type QueueEvent =
  | { type: "enqueued"; hint: QueueHint }
  | { type: "cancelRequested"; jobId: string };

export interface JobQueue {
  /** a job became runnable (created, retried) */
  enqueue(hint: QueueHint): Promise<void>;
  /** cancellation was requested for a job (running workers abort its steps) */
  requestCancel(jobId: string): Promise<void>;
  /** listen for hints; returns an unsubscribe function */
  subscribe(listener: (event: QueueEvent) => void, opts?: SubscribeOptions): () => void;
  close(): Promise<void>;
}
