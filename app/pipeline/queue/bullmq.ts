/**
 * BullMQ adapter of the queue port (docs/decisions/011-queue-port.md): wake-up hints travel through BullMQ
 * queues (one consuming process wakes per hint; the others still poll the database), cancel hints through a
 * Redis channel (every process hears them). Redis holds no job state: losing it delays jobs, never loses them.
 *
 * Worker roles (decision 151): a hint naming capabilities goes to one queue per capability family
 * (`<name>.render`, `<name>.garment`, …), and a worker consumes the families it takes, so a job handed to the
 * Blender workers wakes a Blender worker, not a light one that cannot claim it. Hints naming none use `<name>`.
 */
import { Queue, Worker as BullWorker } from "bullmq";
import { Redis } from "ioredis";
import { wanted } from "./in-process";
import type { JobQueue, QueueEvent, QueueHint, SubscribeOptions } from "./types";
import { redisUrl } from "../../config/env";

export const BULLMQ_DEFAULTS = {
  /** the queue (and cancel channel, family-queue prefix) name: MOCKUP_QUEUE_NAME lets deployments share one Redis */
  name: "mockup-jobs",
} as const;

export interface BullmqQueueOptions {
  /** Redis URL (default: redisUrl() of app/config/env.ts, i.e. REDIS_URL, else redis://127.0.0.1:6379) */
  url?: string;
  /** BullMQ queue name, also the cancel channel's and the family queues' prefix (default BULLMQ_DEFAULTS.name) */
  name?: string;
}

type Listener = (e: QueueEvent) => void;

const family = (capability: string) => capability.split(".")[0];

export class BullmqJobQueue implements JobQueue {
  private readonly url: string;
  private readonly name: string;
  private readonly queues = new Map<string, Queue>();
  private publisher?: Redis;
  private sub?: Redis;
  /** queue name → its consumer in this process */
  private readonly consumers = new Map<string, BullWorker>();
  /** listener → the queue names it hears (cancels reach every listener) */
  private readonly listeners = new Map<Listener, { queues: Set<string>; opts?: SubscribeOptions }>();
  private readonly connections: Redis[] = [];

  constructor(opts: BullmqQueueOptions = {}) {
    this.url = opts.url ?? redisUrl();
    this.name = opts.name ?? BULLMQ_DEFAULTS.name;
    if (!/^[A-Za-z0-9_.-]{1,100}$/.test(this.name)) throw new Error(`invalid queue name "${this.name}"`);
    this.queue(this.name);
  }

  private redis() {
    // BullMQ needs maxRetriesPerRequest: null for blocking commands
    const c = new Redis(this.url, { maxRetriesPerRequest: null });
    this.connections.push(c); // passed-in connections are ours to close
    return c;
  }

  private queue(name: string): Queue {
    let q = this.queues.get(name);
    if (!q) this.queues.set(name, (q = new Queue(name, { connection: this.redis() })));
    return q;
  }

  private get channel() {
    return `${this.name}:cancel`;
  }

  /** The queues a hint goes to: one per family of the capabilities it names, else the plain queue. */
  private targets(hint: QueueHint): string[] {
    const families = [...new Set((hint.capabilities ?? []).map(family))].filter((f) => /^[a-z][a-z0-9-]*$/.test(f));
    return families.length ? families.map((f) => `${this.name}.${f}`) : [this.name];
  }

  async enqueue(hint: QueueHint): Promise<void> {
    // BullMQ priorities start at 1 (0 means none); lower runs first, like Job.priority
    const opts = { priority: Math.min(2_000_000, hint.priority + 1), removeOnComplete: true, removeOnFail: true };
    await Promise.all(this.targets(hint).map((q) => this.queue(q).add("wake", hint, opts)));
  }

  async requestCancel(jobId: string): Promise<void> {
    this.publisher ??= this.redis();
    await this.publisher.publish(this.channel, jobId);
  }

  /**
   * Without options a listener hears the plain queue only (hints naming no capability). A worker passes its
   * patterns and capabilities, and hears the family queue of each capability it takes as well.
   */
  subscribe(listener: Listener, opts?: SubscribeOptions): () => void {
    const families = new Set<string>();
    for (const c of opts?.capabilities ?? []) families.add(family(c));
    for (const p of opts?.patterns ?? []) if (p !== "*") families.add(family(p));
    const queues = new Set([this.name, ...[...families].map((f) => `${this.name}.${f}`)]);
    this.listeners.set(listener, { queues, opts });
    for (const q of queues) {
      if (this.consumers.has(q)) continue;
      const worker = new BullWorker(q, async (job) => this.emit({ type: "enqueued", hint: job.data as QueueHint }, q), {
        connection: this.redis(),
        concurrency: 1,
      });
      this.consumers.set(q, worker);
    }
    if (!this.sub) {
      this.sub = this.redis();
      void this.sub.subscribe(this.channel);
      this.sub.on("message", (_channel: string, jobId: string) => this.emit({ type: "cancelRequested", jobId }));
    }
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** resolves once the consumers are connected (tests; production does not need to wait) */
  async ready(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.waitUntilReady()));
    await Promise.all([...this.consumers.values()].map((w) => w.waitUntilReady()));
  }

  async close(): Promise<void> {
    this.listeners.clear();
    await Promise.all([...this.consumers.values()].map((w) => w.close()));
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    for (const c of this.connections) c.disconnect();
  }

  private emit(e: QueueEvent, fromQueue?: string) {
    for (const [l, { queues, opts }] of [...this.listeners]) {
      if (fromQueue && (!queues.has(fromQueue) || (e.type === "enqueued" && !wanted(e.hint, opts)))) continue;
      try {
        l(e);
      } catch {
        // the DB poll covers a hint a listener could not handle
      }
    }
  }
}
