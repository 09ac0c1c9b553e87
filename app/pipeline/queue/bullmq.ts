/**
 * BullMQ adapter of the queue port (docs/decisions/011-queue-port.md): wake-up hints travel through a BullMQ
 * queue (one consuming process wakes per hint; the others still poll the database), cancel hints through a
 * Redis channel (every process hears them). Redis holds no job state: losing it delays jobs, never loses them.
 */
import { Queue, Worker as BullWorker } from "bullmq";
import { Redis } from "ioredis";
import type { JobQueue, QueueEvent, QueueHint } from "./types";

export interface BullmqQueueOptions {
  /** Redis URL (default REDIS_URL, else redis://127.0.0.1:6379) */
  url?: string;
  /** BullMQ queue name, also the cancel channel's prefix (default "mockup-jobs") */
  name?: string;
}

export class BullmqJobQueue implements JobQueue {
  private readonly url: string;
  private readonly name: string;
  private readonly queue: Queue;
  private publisher?: Redis;
  private consumer?: { worker: BullWorker; sub: Redis };
  private readonly listeners = new Set<(e: QueueEvent) => void>();
  private readonly connections: Redis[] = [];

  constructor(opts: BullmqQueueOptions = {}) {
    this.url = opts.url ?? process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
    this.name = opts.name ?? "mockup-jobs";
    if (!/^[A-Za-z0-9_.-]{1,100}$/.test(this.name)) throw new Error(`invalid queue name "${this.name}"`);
    this.queue = new Queue(this.name, { connection: this.redis() });
  }

  private redis() {
    // BullMQ needs maxRetriesPerRequest: null for blocking commands
    const c = new Redis(this.url, { maxRetriesPerRequest: null });
    this.connections.push(c); // passed-in connections are ours to close
    return c;
  }

  private get channel() {
    return `${this.name}:cancel`;
  }

  async enqueue(hint: QueueHint): Promise<void> {
    // BullMQ priorities start at 1 (0 means none); lower runs first, like Job.priority
    await this.queue.add("wake", hint, { priority: Math.min(2_000_000, hint.priority + 1), removeOnComplete: true, removeOnFail: true });
  }

  async requestCancel(jobId: string): Promise<void> {
    this.publisher ??= this.redis();
    await this.publisher.publish(this.channel, jobId);
  }

  subscribe(listener: (event: QueueEvent) => void): () => void {
    this.listeners.add(listener);
    if (!this.consumer) {
      const worker = new BullWorker(
        this.name,
        async (job) => {
          this.emit({ type: "enqueued", hint: job.data as QueueHint });
        },
        { connection: this.redis(), concurrency: 1 },
      );
      const sub = this.redis();
      void sub.subscribe(this.channel);
      sub.on("message", (_channel: string, jobId: string) => this.emit({ type: "cancelRequested", jobId }));
      this.consumer = { worker, sub };
    }
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** resolves once the consumer is connected (tests; production does not need to wait) */
  async ready(): Promise<void> {
    await this.queue.waitUntilReady();
    if (this.consumer) await this.consumer.worker.waitUntilReady();
  }

  async close(): Promise<void> {
    this.listeners.clear();
    if (this.consumer) {
      await this.consumer.worker.close();
    }
    await this.queue.close();
    for (const c of this.connections) c.disconnect();
  }

  private emit(e: QueueEvent) {
    for (const l of [...this.listeners]) {
      try {
        l(e);
      } catch {
        // the DB poll covers a hint a listener could not handle
      }
    }
  }
}
