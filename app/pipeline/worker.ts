/**
 * The worker: claims jobs from the database (compare-and-set, see claim.ts), runs each job's steps in
 * dependency order (independent steps concurrently, per-capability limits), writes state at every
 * transition, heartbeats, and takes over jobs whose worker stopped heartbeating.
 */
import { EventEmitter } from "node:events";
import os from "node:os";
import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import type { AssetStore } from "../assets/store/types";
import type { Db } from "../db/client.server";
import { logger as rootLogger } from "../monitoring/logger.server";
import { stepDuration } from "../monitoring/metrics.server";
import { claimJobs, heartbeatJobs } from "./claim";
import { JobCancelledError } from "./errors";
import { toJobSummary, toStepView, type JobSummary, type StepView } from "./jobs";
import type { Job, JobStep } from "../db/generated/sqlite";
import { rememberResult } from "./step-cache";
import { Sql } from "./sql";
import { CapabilityLimiter } from "./limiter";
import { defaultQueue } from "./queue/in-process";
import type { JobQueue, QueueEvent } from "./queue/types";
import type { ProviderRegistry } from "./registry";
import { errorText, runStep } from "./run-step";
import type { JobStatus, Provider, ShopProviderChoice, StepOutput } from "./types";

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
   * Periodic maintenance (asset GC and the blob store's temp-file sweep), run every `gcEveryMs` and never twice
   * at once; the first run is one interval after start. 0 = never (the default, so tests run none);
   * the runtime and `mockup worker` set 60 min.
   */
  gcEveryMs?: number;
  /** what a maintenance round does (the runtime passes collectGarbage on its database and blob store) */
  collectGarbage?(): Promise<unknown>;
}

/** Events: "job:start" {jobId, reclaimed}, "step:end" {jobId, step}, "progress" {jobId, progress}, "job:end" {job, wallMs, providerMs}, "gc" (report), "error" (Error). */
export interface JobEndEvent {
  job: JobSummary;
  /** start of the claim query → final state written */
  wallMs: number;
  /** time spent inside providers' run() */
  providerMs: number;
}

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

/**
 * Appended to every JobStep UPDATE: only the job's current owner writes its steps. A worker that lost the job
 * (its heartbeat went stale and another worker claimed it) matches nothing. Two parameters: job id, worker id.
 */
const OWNED = `AND EXISTS (SELECT 1 FROM {Job} WHERE {Job}."id" = ? AND {Job}."lockedBy" = ?)`;

class ShutdownError extends Error {
  constructor() {
    super("worker shutting down");
    this.name = "ShutdownError";
  }
}

interface Running {
  jobId: string;
  shop: string;
  ctl: AbortController;
  /** another worker took the job over: stop without writing */
  lost: boolean;
  done: Promise<void>;
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
  private readonly healthSeen = new Map<string, string>();

  constructor(private readonly opts: WorkerOptions) {
    super();
    this.db = opts.db;
    this.sql = new Sql(opts.db);
    this.queue = opts.queue ?? defaultQueue();
    this.id = opts.id ?? `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.limiter = new CapabilityLimiter(opts.capabilityLimits ?? {}, opts.defaultCapabilityLimit ?? 4);
    this.log = (opts.logger ?? rootLogger).child({ worker: this.id });
    this.o = {
      maxJobs: opts.maxJobs ?? 2,
      pollMs: opts.pollMs ?? 1000,
      heartbeatMs: opts.heartbeatMs ?? 5000,
      staleAfterMs: opts.staleAfterMs ?? 30_000,
      progressWriteMs: opts.progressWriteMs ?? 500,
    };
    assertWorkerTiming({ heartbeatMs: this.o.heartbeatMs, staleAfterMs: this.o.staleAfterMs, pollMs: this.o.pollMs });
    // an EventEmitter "error" without a listener would throw; logging is enough by default
    this.on("error", (err: Error) => this.log.error({ err: err.message }, "worker error"));
  }

  /** Starts claiming jobs. Idempotent. */
  start(): this {
    if (this.started) return this;
    this.started = true;
    this.unsubscribe = this.queue.subscribe((e) => this.onHint(e));
    this.timers.push(setInterval(() => this.kick(), this.o.pollMs));
    this.heartbeatTimer = setInterval(() => void (this.beating = this.heartbeat()), this.o.heartbeatMs);
    this.beating = this.heartbeat();
    const gcEvery = this.opts.gcEveryMs ?? 0;
    if (!Number.isFinite(gcEvery) || gcEvery < 0) throw new RangeError(`worker option gcEveryMs must be 0 (off) or a positive number of ms`);
    if (gcEvery > 0 && this.opts.collectGarbage) this.timers.push(setInterval(() => this.maintain(), gcEvery));
    this.kick();
    return this;
  }

  private gcRunning?: Promise<void>;

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
    await this.beating; // a heartbeat in flight would write the WorkerHeartbeat row again after the delete
    await this.db.workerHeartbeat.deleteMany({ where: { id: this.id } }).catch(() => undefined);
  }

  /** Resolves with the job's final summary once it reaches succeeded, failed or cancelled (any worker). */
  async waitFor(jobId: string, pollMs = 200): Promise<JobSummary> {
    const terminal: JobStatus[] = ["succeeded", "failed", "cancelled"];
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
          const won = await claimJobs(this.sql, this.id, free, this.o.staleAfterMs);
          for (const w of won) this.launch(w.id, w.reclaimed, claimStarted);
          if (won.length === free) this.claimAgain = true; // maybe more waiting
        } while (this.claimAgain && !this.stopping && this.running.size < this.o.maxJobs);
      } catch (err) {
        this.emit("error", err as Error);
      } finally {
        this.claiming = false;
      }
    })();
  }

  private launch(jobId: string, reclaimed: boolean, claimStarted: number) {
    const r: Running = { jobId, shop: "", ctl: new AbortController(), lost: false, done: Promise.resolve() };
    this.running.set(jobId, r);
    r.done = this.runJob(r, reclaimed, claimStarted)
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
      const data = { pid: process.pid, host: os.hostname(), kinds: JSON.stringify(this.opts.kinds ?? []), seenAt: new Date() };
      await this.db.workerHeartbeat.upsert({ where: { id: this.id }, create: { id: this.id, ...data }, update: data });
    } catch (err) {
      this.emit("error", err as Error);
    }
  }

  // ---- running one job

  private async runJob(r: Running, reclaimed: boolean, claimStarted: number): Promise<void> {
    const t0 = claimStarted;
    let providerMs = 0;
    const [job] = await this.sql.query<Job>(`SELECT * FROM {Job} WHERE "id" = ?`, r.jobId);
    if (!job) return;
    const stepRows = await this.sql.query<JobStep>(`SELECT * FROM {JobStep} WHERE "jobId" = ?`, r.jobId);
    r.shop = job.shop;
    const log = this.log.child({ jobId: job.id, shop: job.shop });
    this.emit("job:start", { jobId: job.id, reclaimed });
    if (reclaimed) log.warn("took over a job whose worker stopped heartbeating");
    if (job.cancelRequested) r.ctl.abort(new JobCancelledError());

    const steps = new Map<string, StepView>(stepRows.map((s) => [s.name, toStepView(s)]));
    // a step left running by a dead worker (or a released job) is run again; finished steps are kept
    const interrupted = [...steps.values()].filter((s) => s.status === "running");
    if (interrupted.length) {
      await this.sql.exec(`UPDATE {JobStep} SET "status" = 'pending' WHERE "jobId" = ? AND "status" = 'running' ${OWNED}`, job.id, job.id, this.id);
      interrupted.forEach((s) => (s.status = "pending"));
    }
    const total = steps.size;
    const fractions = new Map<string, number>();
    // the shop's provider settings, read once per capability for this run of the job, not once per step
    const choices = new Map<string, Promise<ShopProviderChoice | undefined>>();
    const order = this.opts.providerOrder;
    const providerOrder = order
      ? (shop: string, capability: string) => {
          if (!choices.has(capability)) choices.set(capability, order(shop, capability));
          return choices.get(capability)!;
        }
      : undefined;
    const progressOf = () => {
      let done = 0;
      // only succeeded work counts: a failed job must not show 100 %
      for (const s of steps.values()) if (s.status === "succeeded") done++;
      for (const f of fractions.values()) done += f;
      return Math.min(100, Math.floor((100 * done) / Math.max(1, total)));
    };
    let lastProgressWrite = 0;
    let degradedJob = job.degraded;

    const inFlight = new Map<string, Promise<void>>();
    const assets = this.opts.assetsFor(job.shop);
    /** a guarded step write matched nothing: the job is someone else's now; stop without writing more */
    const lostJob = (what: string) => {
      if (!r.lost) log.warn({ what }, "job was taken over by another worker; dropping this worker's result");
      r.lost = true;
      r.ctl.abort(new ShutdownError());
    };

    const runOne = async (s: StepView) => {
      const slog = log.child({ stepId: s.id, step: s.name, capability: s.capability });
      let release: (() => void) | undefined;
      try {
        release = await this.limiter.acquire(s.capability, r.ctl.signal);
      } catch {
        return; // aborted while waiting: the step stays pending
      }
      const started = new Date();
      const tStep = performance.now();
      try {
        const inputs: Record<string, StepOutput> = {};
        for (const d of s.dependsOn) inputs[d] = steps.get(d)!.output!;
        const res = await runStep(
          { id: s.id, jobId: job.id, shop: job.shop, name: s.name, capability: s.capability, params: s.params, staleKey: s.staleKey, inputs },
          {
            db: this.db,
            sql: this.sql,
            registry: this.opts.registry,
            providerOrder,
            assets,
            log: slog,
            signal: r.ctl.signal,
            progress: (f) => {
              if (!Number.isFinite(f) || s.status !== "running") return; // late calls after the step ended are ignored
              fractions.set(s.name, Math.max(0, Math.min(1, f)));
              const now = Date.now();
              if (now - lastProgressWrite >= this.o.progressWriteMs) {
                lastProgressWrite = now;
                const progress = progressOf();
                this.emit("progress", { jobId: job.id, progress });
                void this.sql.exec(`UPDATE {Job} SET "progress" = ? WHERE "id" = ? AND "lockedBy" = ?`, progress, job.id, this.id).catch(() => undefined);
              }
            },
            onStart: async (cacheKey) => {
              s.status = "running";
              const n = await this.sql.exec(
                `UPDATE {JobStep} SET "status" = 'running', "startedAt" = ?, "attempts" = "attempts" + 1, "cacheKey" = ?, "error" = NULL WHERE "id" = ? ${OWNED}`,
                started,
                cacheKey,
                s.id,
                job.id,
                this.id,
              );
              if (n !== 1) lostJob(`start of step ${s.name}`);
            },
            onProviderOutcome: (p, ok, ms, error) => this.recordHealth(job.shop, p, ok, ms, error),
          },
        );
        providerMs += res.providerMs;
        fractions.delete(s.name);
        const durationMs = Math.round(performance.now() - tStep);
        if (res.outcome === "aborted") {
          if (r.lost) return;
          const shutdown = res.reason instanceof ShutdownError;
          s.status = shutdown ? "pending" : "cancelled";
          if (shutdown) await this.sql.exec(`UPDATE {JobStep} SET "status" = 'pending' WHERE "id" = ? ${OWNED}`, s.id, job.id, this.id);
          else
            await this.sql.exec(
              `UPDATE {JobStep} SET "status" = 'cancelled', "error" = 'cancelled', "finishedAt" = ?, "durationMs" = ? WHERE "id" = ? ${OWNED}`,
              new Date(),
              durationMs,
              s.id,
              job.id,
              this.id,
            );
          return;
        }
        const finishedAt = new Date();
        s.cacheKey = res.cacheKey;
        s.durationMs = durationMs;
        s.finishedAt = finishedAt;
        if (r.lost) {
          log.warn({ step: s.name, outcome: res.outcome }, "job was taken over by another worker; dropping this worker's result");
          return;
        }
        if (res.outcome === "succeeded") {
          s.status = "succeeded";
          s.output = res.output;
          s.degraded = res.degraded;
          s.cacheHit = res.cacheHit;
          s.provider = res.provider;
          s.error = res.degraded ? (res.degradedReason ?? null) : null;
        } else {
          s.status = "failed";
          s.error = res.error;
        }
        const progress = progressOf();
        // one transaction per finished step: cache entry, step state, job progress (and a notification)
        const writes = [];
        // a good result is valid whoever wrote it, so the cache entry stays even if the step write is dropped
        if (res.outcome === "succeeded" && res.remember) writes.push(rememberResult(this.sql, res.remember));
        const stepWrite = writes.length;
        writes.push(
          res.outcome === "succeeded"
            ? this.sql.exec(
                `UPDATE {JobStep} SET "status" = 'succeeded', "provider" = ?, "cacheKey" = ?, "cacheHit" = ?, "degraded" = ?, "output" = ?,
                   "error" = ?, "durationMs" = ?, "startedAt" = ?, "finishedAt" = ? WHERE "id" = ? ${OWNED}`,
                res.provider,
                res.cacheKey,
                res.cacheHit,
                res.degraded,
                JSON.stringify(res.output),
                res.degraded ? (res.degradedReason ?? null) : null,
                durationMs,
                started,
                finishedAt,
                s.id,
                job.id,
                this.id,
              )
            : this.sql.exec(
                `UPDATE {JobStep} SET "status" = 'failed', "cacheKey" = ?, "error" = ?, "durationMs" = ?, "finishedAt" = ? WHERE "id" = ? ${OWNED}`,
                res.cacheKey,
                res.error,
                durationMs,
                finishedAt,
                s.id,
                job.id,
                this.id,
              ),
        );
        const degradedNow = res.outcome === "succeeded" && res.degraded;
        writes.push(
          this.sql.exec(
            `UPDATE {Job} SET "progress" = ?, "degraded" = ("degraded" OR ?), "updatedAt" = ? WHERE "id" = ? AND "lockedBy" = ?`,
            progress,
            degradedNow,
            finishedAt,
            job.id,
            this.id,
          ),
        );
        const counts = (await this.db.$transaction(writes)) as number[];
        if (counts[stepWrite] !== 1) {
          lostJob(`result of step ${s.name}`);
          return;
        }
        if (degradedNow) {
          degradedJob = true;
          // after the guarded step write, so a worker that lost the job tells the merchant nothing
          await this.sql.exec(
            `INSERT INTO {Notification} ("id", "shop", "level", "message", "jobId", "createdAt") VALUES (?, ?, 'warning', ?, ?, ?)`,
            `n${randomUUID().replace(/-/g, "")}`,
            job.shop,
            `Step "${s.name}" (${s.capability}) of job ${job.type} is degraded: ${res.degradedReason}`.slice(0, 1000),
            job.id,
            finishedAt,
          );
        }
        stepDuration.observe(
          { capability: s.capability, provider: res.outcome === "succeeded" ? res.provider : "none", outcome: res.outcome === "succeeded" ? (res.cacheHit ? "cache_hit" : res.degraded ? "degraded" : "succeeded") : "failed" },
          durationMs / 1000,
        );
        if (res.outcome === "failed") slog.error({ err: res.error }, "step failed");
        else slog.info({ provider: res.provider, cacheHit: res.cacheHit, degraded: res.degraded, durationMs }, "step succeeded");
        this.emit("step:end", { jobId: job.id, step: { ...s }, progress });
      } finally {
        release?.();
      }
    };

    // schedule: start every ready step, wait for any to finish, repeat
    for (;;) {
      const blocked = [...steps.values()].filter(
        (s) => s.status === "pending" && s.dependsOn.some((d) => ["failed", "skipped", "cancelled"].includes(steps.get(d)!.status)),
      );
      if (blocked.length && !r.ctl.signal.aborted) {
        const now = new Date();
        for (const s of blocked) {
          s.status = "skipped";
          s.error = "a step it depends on did not succeed";
        }
        const n = await this.sql.exec(
          `UPDATE {JobStep} SET "status" = 'skipped', "error" = 'a step it depends on did not succeed', "finishedAt" = ? WHERE "id" IN (${blocked.map(() => "?").join(", ")}) ${OWNED}`,
          now,
          ...blocked.map((s) => s.id),
          job.id,
          this.id,
        );
        if (n === 0) lostJob("skipping blocked steps");
        continue; // skipping may block further steps
      }
      if (!r.ctl.signal.aborted) {
        for (const s of steps.values()) {
          if (s.status === "pending" && !inFlight.has(s.name) && s.dependsOn.every((d) => steps.get(d)!.status === "succeeded")) {
            const p = runOne(s).finally(() => inFlight.delete(s.name));
            inFlight.set(s.name, p);
          }
        }
      }
      if (!inFlight.size) break;
      await Promise.race(inFlight.values());
    }

    if (r.lost) return;
    // final state
    const reason = r.ctl.signal.reason;
    const list = [...steps.values()];
    const now = new Date();
    let status: JobStatus;
    let error: string | null = null;
    if (reason instanceof ShutdownError) {
      // released: another worker (or this one after restart) continues; finished steps are kept
      await this.sql.exec(`UPDATE {Job} SET "status" = 'queued', "lockedBy" = NULL, "heartbeatAt" = NULL, "updatedAt" = ? WHERE "id" = ? AND "lockedBy" = ?`, now, job.id, this.id);
      log.info("released job on shutdown");
      return;
    } else if (r.ctl.signal.aborted) {
      status = "cancelled";
      error = "cancelled";
      await this.sql.exec(`UPDATE {JobStep} SET "status" = 'cancelled', "finishedAt" = ? WHERE "jobId" = ? AND "status" IN ('pending', 'running') ${OWNED}`, now, job.id, job.id, this.id);
      list.forEach((s) => (s.status === "pending" || s.status === "running") && (s.status = "cancelled"));
    } else if (list.some((s) => s.status === "failed")) {
      status = "failed";
      const f = list.find((s) => s.status === "failed")!;
      error = `step "${f.name}" failed: ${f.error ?? "unknown error"}`.slice(0, 2000);
    } else {
      status = "succeeded";
    }
    const output = status === "succeeded" ? JSON.stringify(Object.fromEntries(list.map((s) => [s.name, s.output?.assets ?? {}]))) : null;
    const progress = status === "succeeded" ? 100 : progressOf();
    const n = await this.sql.exec(
      `UPDATE {Job} SET "status" = ?, "error" = ?, "output" = ?, "degraded" = ?, "progress" = ?, "finishedAt" = ?, "updatedAt" = ?, "lockedBy" = NULL
       WHERE "id" = ? AND "lockedBy" = ?`,
      status,
      error,
      output,
      degradedJob,
      progress,
      now,
      now,
      job.id,
      this.id,
    );
    if (n !== 1) return; // taken over meanwhile: the other worker reports
    log.info({ status, degraded: degradedJob }, "job finished");
    const summary = toJobSummary({ ...job, status, error, output, degraded: degradedJob, progress, finishedAt: now, updatedAt: now, lockedBy: null });
    this.emit("job:end", { job: summary, wallMs: performance.now() - t0, providerMs } satisfies JobEndEvent);
  }

  /** ProviderHealth rows per shop, written only when a provider's status or breaker state changes. */
  private recordHealth(shop: string, p: Provider, ok: boolean, ms: number, error?: string) {
    const breakerState = this.opts.registry.breakerState(p.capability, p.name);
    const status = ok ? (p.degraded ? "degraded" : "up") : "down";
    const k = `${shop}\u0000${p.capability}\u0000${p.name}`;
    const sig = `${status}|${breakerState}`;
    if (this.healthSeen.get(k) === sig) return;
    this.healthSeen.set(k, sig);
    const data = { status, breakerState, latencyMs: Math.round(ms), lastError: ok ? null : (error ?? null), checkedAt: new Date() };
    void this.db.providerHealth
      .upsert({
        where: { shop_provider_capability: { shop, provider: p.name, capability: p.capability } },
        create: { shop, provider: p.name, capability: p.capability, ...data },
        update: data,
      })
      .catch(() => this.healthSeen.delete(k));
  }
}
