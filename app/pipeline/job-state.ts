/**
 * Every write a worker makes to a job it runs, in one place: SQL that SQLite and Postgres both accept (app/pipeline/sql.ts,
 * decision 013), each statement guarded by ownership. A statement matches only while `workerId` still holds the job
 * (Job.lockedBy): a worker whose heartbeat went stale and whose job another worker claimed writes nothing, and sees
 * a count of 0. Most functions run their statement and return the count. The writes of a step's result
 * (markStepSucceeded, markStepFailed, writeStepDone, finishJob) return a Statement instead, which run-job writes
 * together with the others in one transaction (Sql.writeAll: one round trip on Postgres); `sql.run(s)` runs one
 * alone. markStepRunning and writeProgress are committed asynchronously (Sql.execAsyncCommit) and never batched.
 * Claiming and heartbeats (which take and keep ownership) are app/pipeline/claim.ts.
 */
import type { Job, JobStep } from "../db/generated/sqlite";
import type { JobStatus } from "./types";
import { statement, type Sql, type Statement } from "./sql";

/** Who may write: the job and the worker that must still hold it. */
export interface Owner {
  jobId: string;
  workerId: string;
}

/**
 * Appended to every JobStep UPDATE: only the job's current owner writes its steps. Two parameters: job id, worker id.
 */
const OWNED = `AND EXISTS (SELECT 1 FROM {Job} WHERE {Job}."id" = ? AND {Job}."lockedBy" = ?)`;
const owned = (o: Owner) => [o.jobId, o.workerId];

export function loadJob(sql: Sql, jobId: string): Promise<Job | undefined> {
  return sql.query<Job>(`SELECT * FROM {Job} WHERE "id" = ?`, jobId).then((rows) => rows[0]);
}

export function loadSteps(sql: Sql, jobId: string): Promise<JobStep[]> {
  return sql.query<JobStep>(`SELECT * FROM {JobStep} WHERE "jobId" = ?`, jobId);
}

/** Steps left running by a dead worker (or a released job) go back to pending; finished steps are kept. */
export function resetInterruptedSteps(sql: Sql, o: Owner) {
  return sql.exec(`UPDATE {JobStep} SET "status" = 'pending' WHERE "jobId" = ? AND "status" = 'running' ${OWNED}`, o.jobId, ...owned(o));
}

/**
 * Committed without waiting for the WAL flush (Sql.execAsyncCommit): the step's result, written later in one
 * synchronous transaction, makes it durable; lost in a database crash before that, the step simply runs again.
 */
export function markStepRunning(sql: Sql, o: Owner, stepId: string, startedAt: Date, cacheKey: string): Promise<number> {
  return sql.execAsyncCommit(
    `UPDATE {JobStep} SET "status" = 'running', "startedAt" = ?, "attempts" = "attempts" + 1, "cacheKey" = ?, "error" = NULL WHERE "id" = ? ${OWNED}`,
    startedAt,
    cacheKey,
    stepId,
    ...owned(o),
  );
}

/** A step interrupted by shutdown: pending again, for whoever continues the job. */
export function markStepPending(sql: Sql, o: Owner, stepId: string) {
  return sql.exec(`UPDATE {JobStep} SET "status" = 'pending' WHERE "id" = ? ${OWNED}`, stepId, ...owned(o));
}

export function markStepCancelled(sql: Sql, o: Owner, stepId: string, finishedAt: Date, durationMs: number) {
  return sql.exec(
    `UPDATE {JobStep} SET "status" = 'cancelled', "error" = 'cancelled', "finishedAt" = ?, "durationMs" = ? WHERE "id" = ? ${OWNED}`,
    finishedAt,
    durationMs,
    stepId,
    ...owned(o),
  );
}

export interface StepSuccess {
  provider: string;
  cacheKey: string;
  cacheHit: boolean;
  degraded: boolean;
  output: unknown;
  /** why the output is degraded; null when it is not */
  error: string | null;
  durationMs: number;
  startedAt: Date;
  finishedAt: Date;
}

export function markStepSucceeded(o: Owner, stepId: string, r: StepSuccess): Statement {
  return statement(
    `UPDATE {JobStep} SET "status" = 'succeeded', "provider" = ?, "cacheKey" = ?, "cacheHit" = ?, "degraded" = ?, "output" = ?,
       "error" = ?, "durationMs" = ?, "startedAt" = ?, "finishedAt" = ? WHERE "id" = ? ${OWNED}`,
    r.provider,
    r.cacheKey,
    r.cacheHit,
    r.degraded,
    JSON.stringify(r.output),
    r.error,
    r.durationMs,
    r.startedAt,
    r.finishedAt,
    stepId,
    ...owned(o),
  );
}

export function markStepFailed(o: Owner, stepId: string, r: { cacheKey: string | null; error: string; durationMs: number; finishedAt: Date }): Statement {
  return statement(
    `UPDATE {JobStep} SET "status" = 'failed', "cacheKey" = ?, "error" = ?, "durationMs" = ?, "finishedAt" = ? WHERE "id" = ? ${OWNED}`,
    r.cacheKey,
    r.error,
    r.durationMs,
    r.finishedAt,
    stepId,
    ...owned(o),
  );
}

export const BLOCKED_STEP_ERROR = "a step it depends on did not succeed";

/** Steps that can no longer run because a dependency failed, was skipped or was cancelled. */
export function markStepsSkipped(sql: Sql, o: Owner, stepIds: string[], finishedAt: Date) {
  return sql.exec(
    `UPDATE {JobStep} SET "status" = 'skipped', "error" = '${BLOCKED_STEP_ERROR}', "finishedAt" = ? WHERE "id" IN (${stepIds.map(() => "?").join(", ")}) ${OWNED}`,
    finishedAt,
    ...stepIds,
    ...owned(o),
  );
}

/** On cancellation: every step not finished yet. */
export function cancelOpenSteps(sql: Sql, o: Owner, finishedAt: Date) {
  return sql.exec(
    `UPDATE {JobStep} SET "status" = 'cancelled', "finishedAt" = ? WHERE "jobId" = ? AND "status" IN ('pending', 'running') ${OWNED}`,
    finishedAt,
    o.jobId,
    ...owned(o),
  );
}

/** Progress while a step runs (ctx.progress), throttled by the caller; informational, so committed asynchronously. */
export function writeProgress(sql: Sql, o: Owner, progress: number): Promise<number> {
  return sql.execAsyncCommit(`UPDATE {Job} SET "progress" = ? WHERE "id" = ? AND "lockedBy" = ?`, progress, o.jobId, o.workerId);
}

/**
 * After each finished step: the job's progress, degraded once any step was, and what it needs next (Job.needs,
 * roles.ts), so a job whose worker dies is claimed by a worker that can take its next step.
 */
export function writeStepDone(o: Owner, progress: number, degraded: boolean, needs: string, updatedAt: Date): Statement {
  return statement(
    `UPDATE {Job} SET "progress" = ?, "degraded" = ("degraded" OR ?), "needs" = ?, "updatedAt" = ? WHERE "id" = ? AND "lockedBy" = ?`,
    progress,
    degraded,
    needs,
    updatedAt,
    o.jobId,
    o.workerId,
  );
}

/**
 * The job's next steps are for other workers (roles.ts): queued again with no owner and what it needs, so a worker
 * with those capabilities claims it. Finished steps are kept.
 */
export function handOffJob(sql: Sql, o: Owner, needs: string, now: Date) {
  return sql.exec(
    `UPDATE {Job} SET "status" = 'queued', "lockedBy" = NULL, "heartbeatAt" = NULL, "needs" = ?, "updatedAt" = ? WHERE "id" = ? AND "lockedBy" = ?`,
    needs,
    now,
    o.jobId,
    o.workerId,
  );
}

/**
 * A warning for the merchant. Not guarded itself: callers write it after a guarded step write succeeded, so a worker
 * that lost the job tells the merchant nothing.
 */
export function insertNotification(sql: Sql, n: { id: string; shop: string; message: string; messageI18n?: string; jobId: string; createdAt: Date }) {
  return sql.exec(
    `INSERT INTO {Notification} ("id", "shop", "level", "message", "messageI18n", "jobId", "createdAt") VALUES (?, ?, 'warning', ?, ?, ?, ?)`,
    n.id,
    n.shop,
    n.message.slice(0, 1000),
    n.messageI18n ?? null,
    n.jobId,
    n.createdAt,
  );
}

/** On shutdown: queued again with no owner, so another worker (or this one after restart) continues it. */
export function releaseJob(sql: Sql, o: Owner, now: Date) {
  return sql.exec(`UPDATE {Job} SET "status" = 'queued', "lockedBy" = NULL, "heartbeatAt" = NULL, "updatedAt" = ? WHERE "id" = ? AND "lockedBy" = ?`, now, o.jobId, o.workerId);
}

export interface JobFinal {
  status: JobStatus;
  error: string | null;
  /** the error as message keys + values (JSON, app/i18n/message.ts), shown in the merchant's language */
  errorI18n?: string | null;
  /** JSON text of every step's assets (succeeded jobs), else null */
  output: string | null;
  degraded: boolean;
  progress: number;
  finishedAt: Date;
}

/** The job's final state; gives up ownership. */
export function finishJob(o: Owner, f: JobFinal): Statement {
  return statement(
    `UPDATE {Job} SET "status" = ?, "error" = ?, "errorI18n" = ?, "output" = ?, "degraded" = ?, "progress" = ?, "finishedAt" = ?, "updatedAt" = ?, "lockedBy" = NULL, "needs" = ''
     WHERE "id" = ? AND "lockedBy" = ?`,
    f.status,
    f.error,
    f.errorI18n ?? null,
    f.output,
    f.degraded,
    f.progress,
    f.finishedAt,
    f.finishedAt,
    o.jobId,
    o.workerId,
  );
}
