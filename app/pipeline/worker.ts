/**
 * The worker: claims jobs from the database (compare-and-set, see claim.ts), keeps their claims alive with
 * heartbeats, takes over jobs whose worker stopped heartbeating, stops cleanly, and runs periodic maintenance.
 * What happens inside one job (its steps in dependency order) is run-job.ts; every write to a job's state is
 * job-state.ts.
 */
import { EventEmitter } from "node:events";
import os from "node:os";
import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import type { AssetStore } from "../assets/store/types";
import type { Db } from "../db/client.server";
import { logger as rootLogger } from "../monitoring/logger.server";
import { claimJobs, heartbeatJobs } from "./claim";
import { JobCancelledError } from "./errors";
import { TERMINAL_JOB, toJobSummary, type JobSummary } from "./jobs";
import { Sql } from "./sql";
import { CapabilityLimiter } from "./limiter";
import { ProviderHealthRecorder } from "./provider-health";
import { defaultQueue } from "./queue/in-process";
import type { JobQueue, QueueEvent } from "./queue/types";
import type { ProviderRegistry } from "./registry";
import { runJob, ShutdownError, type JobEndEvent, type JobRunDeps, type Running } from "./run-job";
import { errorText } from "./run-step";
import { matchesCapability, parseCapabilities } from "./roles";
import { sendHint } from "./queue/from-env";
import type { JobStatus, ShopProviderChoice } from "./types";

export type { JobEndEvent } from "./run-job";

/** The defaults of WorkerOptions (each field's doc names its default). */
export const WORKER_DEFAULTS = {
  maxJobs: 2,
  defaultCapabilityLimit: 4,
  pollMs: 1000,
  heartbeatMs: 5000,
  staleAfterMs: 30_000,
  progressWriteMs: 500,
  /** no maintenance unless asked (tests run none; the runtime and `mockup worker` set 60 min) */
  gcEveryMs: 0,
} as const;

/** Defaults: WORKER_DEFAULTS. */
export interface WorkerOptions {
  db: Db;
  registry: ProviderRegistry;
  /** a shop-scoped asset store for providers */
  assetsFor(shop: string): AssetStore;
  /** the shop's own provider choice for a capability; undefined = registry order */
  providerOrder?(shop: string, capability: string): Promise<ShopProviderChoice | undefined>;
  /** wake-up hints (default: the process-wide in-process queue) */
  queue?: JobQueue;
  /** unique id of this worker (default host:pid:random) */
  id?: string;
  /** jobs run at the same time (default 2) */
  maxJobs?: number;
  /** steps of one capability running at once in this process; defaults: 1 for garment.drape, render.passes, render.hero */
  capabilityLimits?: Record<string, number>;
  /** limit for capabilities not in capabilityLimits (default 4) */
  defaultCapabilityLimit?: number;
  /** DB poll interval when no hint arrives, ms (default 1 000) */
  pollMs?: number;
  /** heartbeat interval, ms (default 5 000) */
  heartbeatMs?: number;
  /** a running job whose heartbeat is older than this is taken over, ms (default 30 000) */
  staleAfterMs?: number;
  /** minimum ms between progress writes from ctx.progress (default 500) */
  progressWriteMs?: number;
  logger?: Logger;
  /** what this worker is for, shown in /healthz (WorkerHeartbeat.kinds) */
  kinds?: string[];
  /**
   * Capability patterns this worker takes (`render.*`, `garment.drape`, `*`; app/contracts/worker-capabilities.ts).
   * Steps of other capabilities are left to other workers: the job is handed over (roles.ts). Default ["*"].
   */
  capabilities?: string[];
  /**
   * Periodic maintenance (asset GC and the blob store's temp-file sweep), run every `gcEveryMs` and never twice
   * at once; the first run is one interval after start. 0 = never (the default, so tests run none);
   * the runtime and `mockup worker` set 60 min.
   */
  gcEveryMs?: number;
  /** what a maintenance round does (the runtime passes collectGarbage on its database and blob store) */
  collectGarbage?(): Promise<unknown>;
  /**
   * Work waiting outside the job tables: the webhook inbox (app/shopify/webhook-inbox.server.ts). Called on every
   * poll and on wakeInbox(), never twice at once, again at once while it returns `batch` (more waiting). Returns
   * how many items it handled. Default none.
   */
  inbox?: { drain(): Promise<number>; batch: number };
}

/** Events: "job:start", "step:end", "progress", "job:end" (run-job.ts), "gc" (report), "error" (Error). */
/**
 * A job is taken over once its heartbeat is older than staleAfterMs; with fewer than two heartbeats in that
 * window one slow database write would let another worker take a healthy job and run its step twice.
 */
export function assertWorkerTiming(o: { heartbeatMs: number; staleAfterMs: number; pollMs?: number }): void {
  for (const [k, v] of Object.entries(o)) {
    if (v !== undefined && (!Number.isFinite(v) || v <= 0)) throw new RangeError(`worker option ${k} must be a positive number of ms (got ${v})`);
  }
  if (o.heartbeatMs * 2 >= o.staleAfterMs) {
    throw new RangeError(`worker options: heartbeatMs * 2 must be less than staleAfterMs (got heartbeatMs ${o.heartbeatMs}, staleAfterMs ${o.staleAfterMs})`);
  }
}

export class Worker extends EventEmitter {
  readonly id: string;
  private readonly db: Db;
  private readonly sql: Sql;
  private readonly queue: JobQueue;
  private readonly limiter: CapabilityLimiter;
  private readonly log: Logger;
  private readonly o: Required<Pick<WorkerOptions, "maxJobs" | "pollMs" | "heartbeatMs" | "staleAfterMs" | "progressWriteMs">>;
  private readonly running = new Map<string, Running>();
  private started = false;
  private stopping = false;
  private claiming = false;
  private claimDone: Promise<void> = Promise.resolve();
  private claimAgain = false;
  private timers: NodeJS.Timeout[] = [];
  /** cleared last in stop(): running jobs keep their claim while they finish */
  private heartbeatTimer?: NodeJS.Timeout;
  private beating: Promise<void> = Promise.resolve();
  private unsubscribe?: () => void;
  private readonly jobDeps: JobRunDeps;
  /** this worker's capability patterns, validated */
  readonly capabilities: string[];

  constructor(private readonly opts: WorkerOptions) {
    super();
    this.db = opts.db;
    this.sql = new Sql(opts.db);
    this.queue = opts.queue ?? defaultQueue();
    this.id = opts.id ?? `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.limiter = new CapabilityLimiter(opts.capabilityLimits ?? {}, opts.defaultCapabilityLimit ?? WORKER_DEFAULTS.defaultCapabilityLimit);
    this.log = (opts.logger ?? rootLogger).child({ worker: this.id });
    this.o = {
      maxJobs: opts.maxJobs ?? WORKER_DEFAULTS.maxJobs,
      pollMs: opts.pollMs ?? WORKER_DEFAULTS.pollMs,
      heartbeatMs: opts.heartbeatMs ?? WORKER_DEFAULTS.heartbeatMs,
      staleAfterMs: opts.staleAfterMs ?? WORKER_DEFAULTS.staleAfterMs,
      progressWriteMs: opts.progressWriteMs ?? WORKER_DEFAULTS.progressWriteMs,
    };
    assertWorkerTiming({ heartbeatMs: this.o.heartbeatMs, staleAfterMs: this.o.staleAfterMs, pollMs: this.o.pollMs });
    this.capabilities = opts.capabilities ? parseCapabilities(opts.capabilities.join(","), "worker option capabilities") : parseCapabilities(undefined);
    const health = new ProviderHealthRecorder(opts.db, opts.registry);
    this.jobDeps = {
      db: this.db,
      sql: this.sql,
      workerId: this.id,
      registry: opts.registry,
      limiter: this.limiter,
      assetsFor: opts.assetsFor,
      providerOrder: opts.providerOrder,
      progressWriteMs: this.o.progressWriteMs,
      capabilities: this.capabilities,
      handedOff: (jobId, priority, capabilities) =>
        void sendHint("handoff", () => this.queue.enqueue({ jobId, priority, capabilities }), { log: this.log, jobId }),
      log: this.log,
      emit: (event, payload) => this.emit(event, payload),
      onProviderOutcome: (shop, p, ok, ms, error) => health.record(shop, p, ok, ms, error),
    };
    // an EventEmitter "error" without a listener would throw; logging is enough by default
    this.on("error", (err: Error) => this.log.error({ err: err.message }, "worker error"));
  }

  /** Starts claiming jobs. Idempotent. */
  start(): this {
    if (this.started) return this;
    this.started = true;
    const capabilities = this.opts.registry.capabilities().filter((c) => matchesCapability(this.capabilities, c));
    this.unsubscribe = this.queue.subscribe((e) => this.onHint(e), { patterns: this.capabilities, capabilities });
    this.timers.push(setInterval(() => this.kick(), this.o.pollMs));
    if (this.opts.inbox) this.timers.push(setInterval(() => this.wakeInbox(), this.o.pollMs));
    this.heartbeatTimer = setInterval(() => void (this.beating = this.heartbeat()), this.o.heartbeatMs);
    this.beating = this.heartbeat();
    const gcEvery = this.opts.gcEveryMs ?? WORKER_DEFAULTS.gcEveryMs;
    if (!Number.isFinite(gcEvery) || gcEvery < 0) throw new RangeError(`worker option gcEveryMs must be 0 (off) or a positive number of ms`);
    if (gcEvery > 0 && this.opts.collectGarbage) this.timers.push(setInterval(() => this.maintain(), gcEvery));
    this.kick();
    this.wakeInbox();
    return this;
  }

  private gcRunning?: Promise<void>;
  private inboxRunning?: Promise<void>;
  private inboxAgain = false;

  /** Drains the inbox now (a route that just recorded a webhook calls it); coalesces concurrent calls. */
  wakeInbox(): void {
    const inbox = this.opts.inbox;
    if (!inbox || !this.started || this.stopping) return;
    if (this.inboxRunning) {
      this.inboxAgain = true;
      return;
    }
    this.inboxRunning = (async () => {
      try {
        do {
          this.inboxAgain = false;
          if ((await inbox.drain()) >= inbox.batch) this.inboxAgain = true;
        } while (this.inboxAgain && !this.stopping);
      } catch (err) {
        this.emit("error", err as Error);
      } finally {
        this.inboxRunning = undefined;
      }
    })();
  }

  /** One maintenance round unless one is still running (a large store can take longer than the interval). */
  private maintain() {
    if (this.gcRunning || this.stopping) return;
    const t0 = performance.now();
    this.gcRunning = this.opts.collectGarbage!()
      .then((report) => {
        this.log.info({ report, ms: Math.round(performance.now() - t0) }, "asset garbage collection");
        this.emit("gc", report);
      })
      .catch((err: unknown) => {
        this.emit("error", err as Error);
      })
      .finally(() => (this.gcRunning = undefined));
  }

  /**
   * Stops claiming. Running jobs may finish for `graceMs` (default: wait for them); after that their
   * steps are aborted and the jobs released (queued again) so another worker continues them.
   * The heartbeat keeps running until every job has finished or been released: a job whose heartbeat
   * went stale during the grace period would be taken over and its step run twice.
   */
  async stop(opts: { graceMs?: number } = {}): Promise<void> {
    this.stopping = true;
    this.unsubscribe?.();
    this.timers.forEach(clearInterval);
    this.timers = [];
    try {
      await this.claimDone; // jobs won by a claim in flight are this worker's to finish or release
      const all = () => Promise.all([...this.running.values()].map((r) => r.done));
      if (opts.graceMs !== undefined) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([all(), new Promise((r) => (timer = setTimeout(r, opts.graceMs)))]);
        clearTimeout(timer);
        for (const r of this.running.values()) r.ctl.abort(new ShutdownError());
      }
      await all();
    } finally {
      clearInterval(this.heartbeatTimer);
      this.heartbeatTimer = undefined;
    }
    await this.gcRunning; // a GC round in flight finishes before the caller closes the database
    await this.inboxRunning; // so does an inbox drain (a delivery it took is finished or left to its lease)
    await this.beating; // a heartbeat in flight would write the WorkerHeartbeat row again after the delete
    await this.db.workerHeartbeat.deleteMany({ where: { id: this.id } }).catch(() => undefined);
  }

  /** Resolves with the job's final summary once it reaches succeeded, failed or cancelled (any worker). */
  async waitFor(jobId: string, pollMs = 200): Promise<JobSummary> {
    const terminal = TERMINAL_JOB;
    return new Promise<JobSummary>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined = undefined;
      const finish = (j: JobSummary) => {
        clearInterval(timer);
        this.off("job:end", onEnd);
        resolve(j);
      };
      const onEnd = (e: JobEndEvent) => e.job.id === jobId && terminal.includes(e.job.status) && finish(e.job);
      this.on("job:end", onEnd);
      const check = async () => {
        const row = await this.db.job.findUnique({ where: { id: jobId } });
        if (!row) {
          clearInterval(timer);
          this.off("job:end", onEnd);
          reject(new Error(`job ${jobId} not found`));
        } else if (terminal.includes(row.status as JobStatus)) {
          finish(toJobSummary(row));
        }
      };
      timer = setInterval(() => void check().catch(() => undefined), pollMs);
      void check().catch(() => undefined);
    });
  }

  get activeJobs(): string[] {
    return [...this.running.keys()];
  }

  // ---- claiming

  private onHint(e: QueueEvent) {
    if (e.type === "enqueued") this.kick();
    else this.running.get(e.jobId)?.ctl.abort(new JobCancelledError());
  }

  /** Claims as many jobs as there are free slots; coalesces concurrent calls. */
  private kick() {
    if (!this.started || this.stopping) return;
    if (this.claiming) {
      this.claimAgain = true;
      return;
    }
    this.claiming = true;
    this.claimDone = (async () => {
      try {
        do {
          this.claimAgain = false;
          const free = this.o.maxJobs - this.running.size;
          if (free <= 0 || this.stopping) break;
          const claimStarted = performance.now();
          const won = await claimJobs(this.sql, this.id, free, this.o.staleAfterMs, this.capabilities);
          for (const w of won) this.launch(w.id, w.reclaimed, claimStarted, w.row);
          if (won.length === free) this.claimAgain = true; // maybe more waiting
        } while (this.claimAgain && !this.stopping && this.running.size < this.o.maxJobs);
      } catch (err) {
        this.emit("error", err as Error);
      } finally {
        this.claiming = false;
      }
    })();
  }

  private launch(jobId: string, reclaimed: boolean, claimStarted: number, row: Parameters<typeof runJob>[4]) {
    // Won again while a run here still has it: a database crash lost this worker's claim (claims commit
    // asynchronously on Postgres, claim.ts) and the job came back queued, or a retry queued it again as its last
    // run was finishing. Never two runs of one job in one worker: once that run has ended, run the job again if
    // this worker still holds it (the old run may have finished it, or been aborted as lost and written nothing).
    const busy = this.running.get(jobId);
    if (busy) {
      void busy.done.then(() => this.relaunchIfHeld(jobId, reclaimed, claimStarted));
      return;
    }
    const r: Running = { jobId, ctl: new AbortController(), lost: false, done: Promise.resolve() };
    this.running.set(jobId, r);
    r.done = runJob(this.jobDeps, r, reclaimed, claimStarted, row)
      .catch((err) => {
        // a database failure mid-job: leave the job to be reclaimed after its heartbeat goes stale
        this.log.error({ jobId, err: errorText(err) }, "job run aborted by an internal error");
        this.emit("error", err as Error);
      })
      .finally(() => {
        this.running.delete(jobId);
        this.kick();
      });
  }

  private async relaunchIfHeld(jobId: string, reclaimed: boolean, claimStarted: number) {
    try {
      if (this.stopping || this.running.has(jobId)) return;
      const [row] = await this.sql.query<NonNullable<Parameters<typeof runJob>[4]>>(
        `SELECT * FROM {Job} WHERE "id" = ? AND "lockedBy" = ? AND "status" = 'running'`,
        jobId,
        this.id,
      );
      if (row && !this.stopping && !this.running.has(jobId)) this.launch(jobId, reclaimed, claimStarted, row);
    } catch (err) {
      this.emit("error", err as Error); // the job goes stale and another worker takes it
    }
  }

  private async heartbeat() {
    try {
      const lost = await heartbeatJobs(this.sql, this.id, [...this.running.keys()]);
      for (const id of lost) {
        const r = this.running.get(id);
        if (r) {
          r.lost = true;
          r.ctl.abort(new ShutdownError());
        }
      }
      // cancellation requested from another process
      if (this.running.size) {
        const cancelled = await this.db.job.findMany({
          where: { id: { in: [...this.running.keys()] }, cancelRequested: true },
          select: { id: true },
        });
        for (const c of cancelled) this.running.get(c.id)?.ctl.abort(new JobCancelledError());
      }
      const data = {
        pid: process.pid,
        host: os.hostname(),
        kinds: JSON.stringify(this.opts.kinds ?? []),
        capabilities: this.capabilities.join(","),
        seenAt: new Date(),
      };
      await this.db.workerHeartbeat.upsert({ where: { id: this.id }, create: { id: this.id, ...data }, update: data });
    } catch (err) {
      this.emit("error", err as Error);
    }
  }
}
