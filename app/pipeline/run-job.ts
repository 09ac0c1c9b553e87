/**
 * Running one claimed job: its steps in dependency order (independent steps at once, each capability behind its
 * limiter), every state transition written through the guarded statements of job-state.ts, and the final state.
 * The Worker (worker.ts) decides which jobs to run, keeps their claims alive and stops them; this decides what
 * happens inside one.
 */
import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import type { AssetStore } from "../assets/store/types";
import type { Db } from "../db/client.server";
import { msg, type Msg } from "../i18n/message";
import { storedText } from "../i18n/stored.server";
import { stepDuration } from "../monitoring/metrics.server";
import { JobCancelledError } from "./errors";
import * as state from "./job-state";
import { toJobSummary, toStepView, type JobSummary, type StepView } from "./jobs";
import type { CapabilityLimiter } from "./limiter";
import type { ProviderRegistry } from "./registry";
import { matchesCapability, neededCapabilities, needsText } from "./roles";
import { runStep, type StepResult as RunStepResult } from "./run-step";
import type { Sql, Statement } from "./sql";
import { rememberResult } from "./step-cache";
import type { JobStatus, Provider, ShopProviderChoice, StepOutput } from "./types";

/** Aborts a job's steps when its worker stops (or lost the job): the job is released, not cancelled. */
export class ShutdownError extends Error {
  constructor() {
    super("worker shutting down");
    this.name = "ShutdownError";
  }
}

/** A job this worker holds. */
export interface Running {
  jobId: string;
  ctl: AbortController;
  /** another worker took the job over: stop without writing */
  lost: boolean;
  done: Promise<void>;
}

/**
 * Events: "job:start" {jobId, reclaimed}, "step:end" {jobId, step, progress}, "progress" {jobId, progress},
 * "job:handoff" {jobId, needs}, "job:end" (JobEndEvent).
 */
export interface JobEndEvent {
  job: JobSummary;
  /** start of the claim query → final state written */
  wallMs: number;
  /** time spent inside providers' run() */
  providerMs: number;
}

export interface JobRunDeps {
  db: Db;
  sql: Sql;
  workerId: string;
  registry: ProviderRegistry;
  limiter: CapabilityLimiter;
  assetsFor(shop: string): AssetStore;
  providerOrder?(shop: string, capability: string): Promise<ShopProviderChoice | undefined>;
  /** minimum ms between progress writes from ctx.progress */
  progressWriteMs: number;
  /** the worker's capability patterns (roles.ts): steps of other capabilities are left for other workers */
  capabilities: readonly string[];
  /** the job was handed to workers with `needs` (wake them: a queue hint) */
  handedOff(jobId: string, priority: number, needs: string[]): void;
  log: Logger;
  emit(event: string, payload: unknown): void;
  onProviderOutcome(shop: string, p: Provider, ok: boolean, ms: number, error?: string): void;
}

const BLOCKING: StepView["status"][] = ["failed", "skipped", "cancelled"];
const FINISHED: StepView["status"][] = ["succeeded", ...BLOCKING];

/**
 * Runs job `r` to its end (or until it is released or lost). Resolves when no step of it is running any more.
 * `claimed` is the row the claim returned (read again when absent).
 */
export async function runJob(deps: JobRunDeps, r: Running, reclaimed: boolean, claimStarted: number, claimed?: JobRow): Promise<void> {
  const job = claimed ?? (await state.loadJob(deps.sql, r.jobId));
  if (!job) return;
  const rows = await state.loadSteps(deps.sql, r.jobId);
  await new JobRun(deps, r, job, rows, claimStarted).run(reclaimed);
}

type JobRow = NonNullable<Awaited<ReturnType<typeof state.loadJob>>>;

class JobRun {
  private readonly owner: state.Owner;
  private readonly log: Logger;
  private readonly steps: Map<string, StepView>;
  /** progress of running steps, 0..1 */
  private readonly fractions = new Map<string, number>();
  private readonly inFlight = new Map<string, Promise<void>>();
  /** the shop's provider settings, read once per capability for this run of the job, not once per step */
  private readonly choices = new Map<string, Promise<ShopProviderChoice | undefined>>();
  private readonly assets: AssetStore;
  private lastProgressWrite = 0;
  private degraded: boolean;
  private providerMs = 0;
  /** the job's final state, when the last step's result wrote it in the same transaction */
  private finalWritten?: state.JobFinal;

  constructor(
    private readonly deps: JobRunDeps,
    private readonly r: Running,
    private readonly job: JobRow,
    rows: Awaited<ReturnType<typeof state.loadSteps>>,
    private readonly claimStarted: number,
  ) {
    this.owner = { jobId: job.id, workerId: deps.workerId };
    this.log = deps.log.child({ jobId: job.id, shop: job.shop });
    this.steps = new Map(rows.map((s) => [s.name, toStepView(s)]));
    this.assets = deps.assetsFor(job.shop);
    this.degraded = job.degraded;
  }

  async run(reclaimed: boolean): Promise<void> {
    const { job, r } = this;
    this.deps.emit("job:start", { jobId: job.id, reclaimed });
    if (reclaimed) this.log.warn("took over a job whose worker stopped heartbeating");
    if (job.cancelRequested) r.ctl.abort(new JobCancelledError());

    // a step left running by a dead worker (or a released job) is run again; finished steps are kept
    const interrupted = [...this.steps.values()].filter((s) => s.status === "running");
    if (interrupted.length) {
      await state.resetInterruptedSteps(this.deps.sql, this.owner);
      interrupted.forEach((s) => (s.status = "pending"));
    }
    await this.schedule();
    if (r.lost) return;
    // steps are left that this worker does not take: another worker continues the job
    if (!r.ctl.signal.aborted && [...this.steps.values()].some((s) => s.status === "pending")) await this.handOff();
    else await this.finish();
  }

  private mine = (s: StepView) => matchesCapability(this.deps.capabilities, s.capability);

  private async handOff(): Promise<void> {
    const needs = neededCapabilities([...this.steps.values()]);
    const n = await state.handOffJob(this.deps.sql, this.owner, needsText(needs), new Date());
    if (n !== 1) return this.lostJob("handing the job over");
    this.log.info({ needs }, "job handed over: its next steps are for workers with other capabilities");
    this.deps.handedOff(this.job.id, this.job.priority, needs);
    this.deps.emit("job:handoff", { jobId: this.job.id, needs });
  }

  /** Start every ready step, wait for any to finish, repeat; skip steps whose dependencies did not succeed. */
  private async schedule(): Promise<void> {
    const { steps, r } = this;
    for (;;) {
      const blocked = [...steps.values()].filter((s) => s.status === "pending" && s.dependsOn.some((d) => BLOCKING.includes(steps.get(d)!.status)));
      if (blocked.length && !r.ctl.signal.aborted) {
        for (const s of blocked) {
          s.status = "skipped";
          s.error = state.BLOCKED_STEP_ERROR;
        }
        const ids = blocked.map((s) => s.id);
        const n = await state.markStepsSkipped(this.deps.sql, this.owner, ids, new Date());
        if (n === 0) this.lostJob("skipping blocked steps");
        continue; // skipping may block further steps
      }
      if (!r.ctl.signal.aborted) {
        for (const s of steps.values()) {
          if (s.status === "pending" && !this.inFlight.has(s.name) && this.mine(s) && s.dependsOn.every((d) => steps.get(d)!.status === "succeeded")) {
            this.inFlight.set(s.name, this.runOne(s).finally(() => this.inFlight.delete(s.name)));
          }
        }
      }
      if (!this.inFlight.size) break;
      await Promise.race(this.inFlight.values());
    }
  }

  /** Only succeeded work counts: a failed job must not show 100 %. */
  private progress(): number {
    let done = 0;
    for (const s of this.steps.values()) if (s.status === "succeeded") done++;
    for (const f of this.fractions.values()) done += f;
    return Math.min(100, Math.floor((100 * done) / Math.max(1, this.steps.size)));
  }

  /** A guarded step write matched nothing: the job is someone else's now; stop without writing more. */
  private lostJob(what: string) {
    if (!this.r.lost) this.log.warn({ what }, "job was taken over by another worker; dropping this worker's result");
    this.r.lost = true;
    this.r.ctl.abort(new ShutdownError());
  }

  private providerOrder = (shop: string, capability: string) => {
    const order = this.deps.providerOrder!;
    if (!this.choices.has(capability)) this.choices.set(capability, order(shop, capability));
    return this.choices.get(capability)!;
  };

  private onProgress(s: StepView, f: number) {
    if (!Number.isFinite(f) || s.status !== "running") return; // late calls after the step ended are ignored
    this.fractions.set(s.name, Math.max(0, Math.min(1, f)));
    const now = Date.now();
    if (now - this.lastProgressWrite < this.deps.progressWriteMs) return;
    this.lastProgressWrite = now;
    const progress = this.progress();
    this.deps.emit("progress", { jobId: this.job.id, progress });
    void state.writeProgress(this.deps.sql, this.owner, progress).catch(() => undefined);
  }

  private async runOne(s: StepView): Promise<void> {
    const { deps, job, r, owner } = this;
    const slog = this.log.child({ stepId: s.id, step: s.name, capability: s.capability });
    let release: (() => void) | undefined;
    try {
      release = await deps.limiter.acquire(s.capability, r.ctl.signal);
    } catch {
      return; // aborted while waiting: the step stays pending
    }
    const started = new Date();
    const tStep = performance.now();
    try {
      const inputs: Record<string, StepOutput> = {};
      for (const d of s.dependsOn) inputs[d] = this.steps.get(d)!.output!;
      const res = await runStep(
        { id: s.id, jobId: job.id, shop: job.shop, name: s.name, capability: s.capability, params: s.params, staleKey: s.staleKey, inputs },
        {
          db: deps.db,
          sql: deps.sql,
          registry: deps.registry,
          providerOrder: deps.providerOrder ? this.providerOrder : undefined,
          assets: this.assets,
          log: slog,
          signal: r.ctl.signal,
          progress: (f) => this.onProgress(s, f),
          onStart: async (cacheKey) => {
            s.status = "running";
            const n = await state.markStepRunning(deps.sql, owner, s.id, started, cacheKey);
            if (n !== 1) this.lostJob(`start of step ${s.name}`);
          },
          onProviderOutcome: (p, ok, ms, error) => deps.onProviderOutcome(job.shop, p, ok, ms, error),
        },
      );
      this.providerMs += res.providerMs;
      this.fractions.delete(s.name);
      await this.record(s, res, started, Math.round(performance.now() - tStep), slog);
    } finally {
      release?.();
    }
  }

  /** Writes a finished step: cache entry, step state and job progress in one transaction (and a notification). */
  private async record(s: StepView, res: RunStepResult, started: Date, durationMs: number, slog: Logger): Promise<void> {
    const { deps, job, r, owner } = this;
    if (res.outcome === "aborted") {
      if (r.lost) return;
      const shutdown = res.reason instanceof ShutdownError;
      s.status = shutdown ? "pending" : "cancelled";
      if (shutdown) await state.markStepPending(deps.sql, owner, s.id);
      else await state.markStepCancelled(deps.sql, owner, s.id, new Date(), durationMs);
      return;
    }
    const finishedAt = new Date();
    s.cacheKey = res.cacheKey;
    s.durationMs = durationMs;
    s.finishedAt = finishedAt;
    if (r.lost) {
      this.log.warn({ step: s.name, outcome: res.outcome }, "job was taken over by another worker; dropping this worker's result");
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
    const progress = this.progress();
    const writes: Statement[] = [];
    // a good result is valid whoever wrote it, so the cache entry stays even if the step write is dropped
    if (res.outcome === "succeeded" && res.remember) writes.push(rememberResult(res.remember));
    const stepWrite = writes.length;
    writes.push(
      res.outcome === "succeeded"
        ? state.markStepSucceeded(owner, s.id, {
            provider: res.provider,
            cacheKey: res.cacheKey,
            cacheHit: res.cacheHit,
            degraded: res.degraded,
            output: res.output,
            error: res.degraded ? (res.degradedReason ?? null) : null,
            durationMs,
            startedAt: started,
            finishedAt,
          })
        : state.markStepFailed(owner, s.id, { cacheKey: res.cacheKey, error: res.error, durationMs, finishedAt }),
    );
    const degradedNow = res.outcome === "succeeded" && res.degraded;
    // the last step to finish writes the job's final state with its own result: one transaction, not two
    const last = !r.ctl.signal.aborted && [...this.steps.values()].every((x) => FINISHED.includes(x.status));
    const final = last ? this.finalState(this.degraded || degradedNow, finishedAt) : undefined;
    if (final) writes.push(state.finishJob(owner, final));
    else writes.push(state.writeStepDone(owner, progress, degradedNow, needsText(neededCapabilities([...this.steps.values()])), finishedAt));
    const counts = await deps.sql.writeAll(writes);
    if (counts[stepWrite] !== 1) {
      this.lostJob(`result of step ${s.name}`);
      return;
    }
    this.finalWritten = final;
    if (degradedNow) {
      this.degraded = true;
      // after the guarded step write, so a worker that lost the job tells the merchant nothing
      await state.insertNotification(deps.sql, {
        id: `n${randomUUID().replace(/-/g, "")}`,
        shop: job.shop,
        ...storedText(msg("msg.job.stepDegraded", { step: s.name, capability: s.capability, jobType: msg(`jobType.${job.type}`), detail: res.degradedReason ?? "" }), 1000),
        jobId: job.id,
        createdAt: finishedAt,
      });
    }
    stepDuration.observe(
      {
        capability: s.capability,
        provider: res.outcome === "succeeded" ? res.provider : "none",
        outcome: res.outcome === "succeeded" ? (res.cacheHit ? "cache_hit" : res.degraded ? "degraded" : "succeeded") : "failed",
      },
      durationMs / 1000,
    );
    if (res.outcome === "failed") slog.error({ err: res.error }, "step failed");
    else slog.info({ provider: res.provider, cacheHit: res.cacheHit, degraded: res.degraded, durationMs }, "step succeeded");
    deps.emit("step:end", { jobId: job.id, step: { ...s }, progress });
  }

  /** Failed (a step failed) or succeeded, from the steps as they are now; every step has finished. */
  private finalState(degraded: boolean, finishedAt: Date): state.JobFinal {
    const list = [...this.steps.values()];
    const f = list.find((s) => s.status === "failed");
    let error: string | null = null;
    let errorMsg: Msg | null = null;
    if (f) {
      error = `step "${f.name}" failed: ${f.error ?? "unknown error"}`.slice(0, 2000);
      // the frame in the merchant's language; the cause stays the provider's own words (diagnostics)
      const detail = f.error === state.BLOCKED_STEP_ERROR ? msg("msg.job.blocked") : f.error ? f.error.slice(0, 2000) : msg("msg.job.unknownError");
      errorMsg = msg("msg.job.stepFailed", { step: f.name, detail });
    }
    const status: JobStatus = f ? "failed" : "succeeded";
    const output = status === "succeeded" ? JSON.stringify(Object.fromEntries(list.map((s) => [s.name, s.output?.assets ?? {}]))) : null;
    const errorI18n = errorMsg ? JSON.stringify(errorMsg) : null;
    return { status, error, errorI18n, output, degraded, progress: status === "succeeded" ? 100 : this.progress(), finishedAt };
  }

  /** The job's final state: released (shutdown), cancelled, failed or succeeded. */
  private async finish(): Promise<void> {
    const { deps, r, owner } = this;
    if (this.finalWritten) return this.ended(this.finalWritten);
    const reason = r.ctl.signal.reason;
    const now = new Date();
    if (reason instanceof ShutdownError) {
      // released: another worker (or this one after restart) continues; finished steps are kept
      await state.releaseJob(deps.sql, owner, now);
      this.log.info("released job on shutdown");
      return;
    }
    let final: state.JobFinal;
    if (r.ctl.signal.aborted) {
      await state.cancelOpenSteps(deps.sql, owner, now);
      this.steps.forEach((s) => (s.status === "pending" || s.status === "running") && (s.status = "cancelled"));
      const errorI18n = JSON.stringify(msg("msg.job.cancelled"));
      final = { status: "cancelled", error: "cancelled", errorI18n, output: null, degraded: this.degraded, progress: this.progress(), finishedAt: now };
    } else {
      final = this.finalState(this.degraded, now);
    }
    const n = await deps.sql.run(state.finishJob(owner, final));
    if (n !== 1) return; // taken over meanwhile: the other worker reports
    this.ended(final);
  }

  /** Logs the end and tells listeners, with the summary as written. */
  private ended(f: state.JobFinal) {
    const { status, error, errorI18n, output, degraded, progress, finishedAt } = f;
    this.log.info({ status, degraded }, "job finished");
    const summary = toJobSummary({ ...this.job, status, error, errorI18n: errorI18n ?? null, output, degraded, progress, finishedAt, updatedAt: finishedAt, lockedBy: null, needs: "" });
    this.deps.emit("job:end", { job: summary, wallMs: performance.now() - this.claimStarted, providerMs: this.providerMs } satisfies JobEndEvent);
  }
}
