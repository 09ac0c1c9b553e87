/**
 * Job API used by routes, webhooks, the CLI and tests: create (validated, deduplicated), read, list,
 * cancel, retry. Every call is scoped to a shop; a job of another shop is "not found".
 */
import type { Db } from "../db/client.server";
import { isUniqueViolation } from "../db/errors";
import type { Job, JobStep } from "../db/generated/sqlite";
import { parseMsgs, type Msg } from "../i18n/message";
import { JobNotFoundError, JobSpecError, JobStateError } from "./errors";
import { queueFromEnv, sendHint } from "./queue/from-env";
import type { JobQueue } from "./queue/types";
import { neededCapabilities, needsText, parseNeeds } from "./roles";
import { shopSchema, topoOrder, validateJobSpec } from "./spec";
import type { JobSpec, JobStatus, JsonObject, StepOutput, StepStatus } from "./types";

export interface StepView {
  id: string;
  name: string;
  capability: string;
  dependsOn: string[];
  params: JsonObject;
  staleKey: string | null;
  status: StepStatus;
  provider: string | null;
  attempts: number;
  cacheKey: string | null;
  cacheHit: boolean;
  output: StepOutput | null;
  degraded: boolean;
  error: string | null;
  durationMs: number | null;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export interface JobSummary {
  id: string;
  shop: string;
  type: string;
  status: JobStatus;
  priority: number;
  progress: number;
  input: JsonObject;
  /** on success: step name → that step's output assets */
  output: JsonObject | null;
  error: string | null;
  /** `error` as a message key + values (decision 093), for the admin; null for rows written before it */
  errorMsg: Msg | null;
  degraded: boolean;
  cancelRequested: boolean;
  attempts: number;
  dedupKey: string | null;
  /** capabilities its steps that are ready or running need (Job.needs, roles.ts); [] once nothing is left */
  needs: string[];
  createdAt: Date;
  updatedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export interface JobView extends JobSummary {
  /** in dependency order */
  steps: StepView[];
}

export interface JobCallOptions {
  /** where runnable/cancel hints go (default: queueFromEnv(), the process-wide queue MOCKUP_QUEUE chooses) */
  queue?: JobQueue;
  /** longest wait for the queue to accept a hint before moving on, ms (default HINT_TIMEOUT_MS of queue/from-env.ts); the DB poll covers a lost hint */
  hintTimeoutMs?: number;
}

export const TERMINAL_JOB: readonly JobStatus[] = ["succeeded", "failed", "cancelled"];

/**
 * Validates and stores a job with its steps in one write. With a dedupKey, a repeat for the same shop
 * returns the existing job (`created: false`). Throws JobSpecError (nothing written) on a bad spec.
 * A capability without a registered provider is accepted: another worker process may serve it.
 */
export async function createJob(db: Db, spec: JobSpec, opts: JobCallOptions = {}): Promise<JobView & { created: boolean }> {
  const s = validateJobSpec(spec);
  const needs = neededCapabilities(s.steps.map((st) => ({ ...st, status: "pending" })));
  if (s.dedupKey) {
    const existing = await findByDedup(db, s.shop, s.dedupKey);
    if (existing) return { ...existing, created: false };
  }
  let row: Job & { steps: JobStep[] };
  try {
    row = await db.job.create({
      data: {
        shop: s.shop,
        type: s.type,
        priority: s.priority,
        input: JSON.stringify(s.input),
        dedupKey: s.dedupKey ?? null,
        needs: needsText(needs),
        steps: {
          create: s.steps.map((st) => ({
            shop: s.shop,
            name: st.name,
            capability: st.capability,
            dependsOn: JSON.stringify(st.dependsOn),
            params: JSON.stringify(st.params),
            staleKey: st.staleKey ?? null,
          })),
        },
      },
      include: { steps: true },
    });
  } catch (err) {
    // two concurrent creates with the same dedupKey: the loser returns the winner's job
    if (s.dedupKey && isUniqueViolation(err)) {
      const existing = await findByDedup(db, s.shop, s.dedupKey);
      if (existing) return { ...existing, created: false };
    }
    throw err;
  }
  await hint(opts, "enqueue", row.id, (q) => q.enqueue({ jobId: row.id, priority: row.priority, capabilities: needs }));
  return { ...toJobView(row, s.steps.map((x) => x.name)), created: true };
}

export async function getJob(db: Db, shop: string, id: string): Promise<JobView | null> {
  if (!shopSchema.safeParse(shop).success || typeof id !== "string" || id.length > 64) return null;
  const row = await db.job.findFirst({ where: { id, shop }, include: { steps: true } });
  return row ? toJobView(row) : null;
}

export const LIST_JOBS_DEFAULTS = {
  /** jobs per page */
  limit: 20,
  /** the most one call returns */
  maxLimit: 200,
} as const;

export interface ListJobsOptions {
  status?: JobStatus | JobStatus[];
  type?: string;
  /** default LIST_JOBS_DEFAULTS.limit, at most LIST_JOBS_DEFAULTS.maxLimit */
  limit?: number;
  /** only jobs created strictly before this time (paging, newest first) */
  before?: Date;
}

/** Newest first. */
export async function listJobs(db: Db, shop: string, opts: ListJobsOptions = {}): Promise<JobSummary[]> {
  assertShop(shop);
  const limit = Math.max(1, Math.min(LIST_JOBS_DEFAULTS.maxLimit, Math.trunc(opts.limit ?? LIST_JOBS_DEFAULTS.limit)));
  const status = opts.status === undefined ? undefined : Array.isArray(opts.status) ? { in: opts.status } : opts.status;
  const rows = await db.job.findMany({
    where: { shop, ...(status ? { status } : {}), ...(opts.type ? { type: opts.type } : {}), ...(opts.before ? { createdAt: { lt: opts.before } } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
  });
  return rows.map(toJobSummary);
}

/**
 * A queued job is cancelled at once; a running one gets cancelRequested and its worker aborts the
 * running steps (remaining steps become cancelled). A finished job is returned unchanged.
 */
export async function cancelJob(db: Db, shop: string, id: string, opts: JobCallOptions = {}): Promise<JobView> {
  const job = await mustGet(db, shop, id);
  if (TERMINAL_JOB.includes(job.status)) return job;
  const now = new Date();
  // queued → cancelled directly, guarded so a worker that claimed it meanwhile is not overridden
  const direct = await db.job.updateMany({
    where: { id, shop, status: "queued" },
    data: { status: "cancelled", cancelRequested: true, finishedAt: now, lockedBy: null },
  });
  if (direct.count === 1) {
    await db.jobStep.updateMany({ where: { jobId: id, status: { in: ["pending", "running"] } }, data: { status: "cancelled", finishedAt: now } });
  } else {
    await db.job.updateMany({ where: { id, shop, status: "running" }, data: { cancelRequested: true } });
    await hint(opts, "cancel", id, (q) => q.requestCancel(id));
  }
  return mustGet(db, shop, id);
}

/**
 * Re-queues a failed or cancelled job: succeeded steps keep their outputs, every other step goes back
 * to pending. Throws JobStateError for a job that is queued, running or succeeded.
 */
export async function retryJob(db: Db, shop: string, id: string, opts: JobCallOptions = {}): Promise<JobView> {
  const job = await mustGet(db, shop, id);
  if (job.status !== "failed" && job.status !== "cancelled") {
    throw new JobStateError(`job ${id} is ${job.status}; only failed or cancelled jobs can be retried`);
  }
  const done = job.steps.filter((s) => s.status === "succeeded").length;
  const needs = neededCapabilities(job.steps.map((s) => ({ ...s, status: s.status === "succeeded" ? s.status : "pending" })));
  // job first, guarded by the state we read; a concurrent retry (or anything else) that changed it makes this
  // one throw, which rolls the transaction back so the winner's steps are never reset under it. The view returned
  // is read in the same transaction: the job as this retry left it, before any worker (woken by the hint below, or
  // polling) has claimed it
  const view = await db.$transaction(async (tx) => {
    const updated = await tx.job.updateMany({
      where: { id, shop, status: job.status },
      data: {
        status: "queued",
        cancelRequested: false,
        error: null,
        errorI18n: null,
        output: null,
        lockedBy: null,
        heartbeatAt: null,
        finishedAt: null,
        needs: needsText(needs),
        progress: Math.floor((100 * done) / Math.max(1, job.steps.length)),
      },
    });
    if (updated.count !== 1) throw new JobStateError(`job ${id} changed state while retrying; try again`);
    await tx.jobStep.updateMany({
      where: { jobId: id, status: { not: "succeeded" } },
      data: { status: "pending", error: null, output: null, provider: null, startedAt: null, finishedAt: null, durationMs: null, cacheHit: false, degraded: false },
    });
    return mustGet(tx as unknown as Db, shop, id);
  });
  await hint(opts, "enqueue", id, (q) => q.enqueue({ jobId: id, priority: job.priority, capabilities: needs }));
  return view;
}

// ---- helpers

/** Hints never block or fail a call whose state is already stored (a Redis outage must not hang a webhook). */
function hint(opts: JobCallOptions, what: string, jobId: string, send: (q: JobQueue) => Promise<void>): Promise<void> {
  return sendHint(what, async () => send(opts.queue ?? (await queueFromEnv())), { timeoutMs: opts.hintTimeoutMs, jobId });
}

async function mustGet(db: Db, shop: string, id: string): Promise<JobView> {
  assertShop(shop);
  const job = await getJob(db, shop, id);
  if (!job) throw new JobNotFoundError(id);
  return job;
}

function assertShop(shop: string) {
  if (!shopSchema.safeParse(shop).success) throw new JobSpecError(`invalid shop "${String(shop).slice(0, 80)}"`);
}

async function findByDedup(db: Db, shop: string, dedupKey: string): Promise<JobView | null> {
  const row = await db.job.findUnique({ where: { shop_dedupKey: { shop, dedupKey } }, include: { steps: true } });
  return row ? toJobView(row) : null;
}

export function toJobSummary(row: Job): JobSummary {
  return {
    id: row.id,
    shop: row.shop,
    type: row.type,
    status: row.status as JobStatus,
    priority: row.priority,
    progress: row.progress,
    input: JSON.parse(row.input) as JsonObject,
    output: row.output ? (JSON.parse(row.output) as JsonObject) : null,
    error: row.error,
    errorMsg: parseMsgs(row.errorI18n)?.[0] ?? null,
    degraded: row.degraded,
    cancelRequested: row.cancelRequested,
    attempts: row.attempts,
    dedupKey: row.dedupKey,
    needs: parseNeeds(row.needs),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
  };
}

export function toStepView(s: JobStep): StepView {
  return {
    id: s.id,
    name: s.name,
    capability: s.capability,
    dependsOn: JSON.parse(s.dependsOn) as string[],
    params: JSON.parse(s.params) as JsonObject,
    staleKey: s.staleKey,
    status: s.status as StepStatus,
    provider: s.provider,
    attempts: s.attempts,
    cacheKey: s.cacheKey,
    cacheHit: s.cacheHit,
    output: s.output ? (JSON.parse(s.output) as StepOutput) : null,
    degraded: s.degraded,
    error: s.error,
    durationMs: s.durationMs,
    startedAt: s.startedAt,
    finishedAt: s.finishedAt,
  };
}

/** Steps come back in dependency order (creation order is topological). */
export function toJobView(row: Job & { steps: JobStep[] }, order?: string[]): JobView {
  const steps = row.steps.map(toStepView);
  const sorted = order ? undefined : topoOrder(steps);
  const names = order ?? (sorted?.ok ? sorted.steps : steps).map((s) => s.name);
  const byName = new Map(steps.map((s) => [s.name, s]));
  return { ...toJobSummary(row), steps: names.map((n) => byName.get(n)!).filter(Boolean) };
}
