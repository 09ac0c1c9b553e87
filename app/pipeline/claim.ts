/**
 * Claiming jobs with a compare-and-set on (id, lockVersion): a plain conditional UPDATE that works the
 * same on SQLite (writes are serialised) and Postgres (the second UPDATE re-checks its WHERE after the
 * first commits and matches nothing). Exactly one worker wins a job. On Postgres, when no stale job waits,
 * queued jobs are claimed in one statement that skips rows other claims hold and commits asynchronously
 * (claimQueuedSkipLocked, decision 157).
 */
import type { Job } from "../db/generated/sqlite";
import { needsCondition } from "./roles";
import type { Sql } from "./sql";

interface Candidate {
  id: string;
  lockVersion: number;
  status: string;
  priority: number;
  createdAt: Date;
}

/** The claim's order, as the SQL's ORDER BY: priority, then age, then id. */
const byClaimOrder = (a: Pick<Candidate, "id" | "priority" | "createdAt">, b: Pick<Candidate, "id" | "priority" | "createdAt">) =>
  Number(a.priority) - Number(b.priority) || new Date(a.createdAt).getTime() - new Date(b.createdAt).getTime() || (a.id < b.id ? -1 : 1);

// claimable: queued, or running under a worker whose heartbeat is older than the stale limit
const CLAIMABLE = `("status" = 'queued' OR ("status" = 'running' AND "heartbeatAt" < ?))`;

/**
 * Claims up to `max` jobs, lowest priority number first, then oldest. Returns the claimed ids with
 * whether each was taken over from a dead worker. With `capabilities` (the worker's patterns, roles.ts), only
 * jobs that need one of them now (Job.needs) are candidates: a light worker never takes a job waiting for a render.
 * Each won job comes back with its row as the claim left it (UPDATE … RETURNING, SQLite ≥ 3.35 and Postgres), so
 * running it does not read the row again.
 */
export async function claimJobs(
  sql: Sql,
  workerId: string,
  max: number,
  staleAfterMs: number,
  capabilities: readonly string[] = ["*"],
): Promise<{ id: string; reclaimed: boolean; row: Job }[]> {
  if (max <= 0) return [];
  const now = new Date();
  const staleBefore = new Date(now.getTime() - staleAfterMs);
  // Two index-friendly queries instead of one OR: the few running jobs with a stale heartbeat, and queued jobs in
  // (status, priority, createdAt) order; merged by priority then age.
  const limit = max * 2; // some may be lost to other workers
  const needs = needsCondition(capabilities);
  // never this worker's own jobs: it is alive (it is claiming), so a late heartbeat of its own (a loaded machine,
  // a slow write) is not a death, and taking the job again would run its current step a second time beside itself
  const stale = await sql.query<Candidate>(
    `SELECT "id", "lockVersion", "status", "priority", "createdAt" FROM {Job} WHERE "status" = 'running' AND "heartbeatAt" < ? AND ("lockedBy" IS NULL OR "lockedBy" <> ?)${needs.sql} ORDER BY "priority", "createdAt", "id" LIMIT ?`,
    staleBefore,
    workerId,
    ...needs.args,
    limit,
  );
  // Postgres, nothing to take over (the common case): one statement that skips rows another worker is claiming.
  if (sql.dialect === "postgres" && stale.length === 0) return claimQueuedSkipLocked(sql, workerId, max, now, needs);
  const queued = await sql.query<Candidate>(
    `SELECT "id", "lockVersion", "status", "priority", "createdAt" FROM {Job} WHERE "status" = 'queued'${needs.sql} ORDER BY "priority", "createdAt", "id" LIMIT ?`,
    ...needs.args,
    limit,
  );
  const candidates = [...queued, ...stale]
    .sort(byClaimOrder)
    .slice(0, limit);
  const won: { id: string; reclaimed: boolean; row: Job }[] = [];
  for (const c of candidates) {
    if (won.length >= max) break;
    const rows = await sql.query<Job>(
      `UPDATE {Job} SET "status" = 'running', "lockedBy" = ?, "heartbeatAt" = ?, "lockVersion" = "lockVersion" + 1,
         "attempts" = "attempts" + 1, "startedAt" = ?, "updatedAt" = ?
       WHERE "id" = ? AND "lockVersion" = ? AND ${CLAIMABLE} RETURNING *`,
      workerId,
      now,
      now,
      now,
      c.id,
      Number(c.lockVersion),
      staleBefore,
    );
    if (rows.length === 1) won.push({ id: c.id, reclaimed: c.status === "running", row: rows[0] });
  }
  return won;
}

/**
 * Postgres: the oldest queued jobs that no other transaction holds, claimed in one statement (bench:scale, decision
 * 157). Without SKIP LOCKED, workers that read the same candidates all UPDATE the same first row, and the losers wait
 * on its row lock until the winner commits, match nothing, and try the next.
 *
 * Committed asynchronously (as Sql.execAsyncCommit does): two workers committing at once wait on each other's WAL
 * flush, and with both waiting nothing runs (decision 157). What a database crash can do to it:
 * lose the claim while this worker runs the step (until the next synchronous commit on the server, or about three
 * wal_writer_delay, flushes it). The job comes back queued and another worker may run the same step beside this one
 * until this worker's next heartbeat finds the job not its own and aborts its run; its writes match nothing
 * meanwhile (every one checks lockedBy, job-state.ts). Steps are at-least-once already (a worker crash re-runs
 * one); this adds a concurrent re-run after a database crash, for a window of a few hundred milliseconds.
 */
async function claimQueuedSkipLocked(
  sql: Sql,
  workerId: string,
  max: number,
  now: Date,
  needs: { sql: string; args: string[] },
): Promise<{ id: string; reclaimed: boolean; row: Job }[]> {
  // set_config(…, true): SET LOCAL for the statement's own transaction, evaluated once there are rows to return
  const rows = await sql.query<Job>(
    `WITH c AS (SELECT "id" FROM {Job} WHERE "status" = 'queued'${needs.sql} ORDER BY "priority", "createdAt", "id" LIMIT ? FOR UPDATE SKIP LOCKED),
     u AS (UPDATE {Job} AS j SET "status" = 'running', "lockedBy" = ?, "heartbeatAt" = ?, "lockVersion" = j."lockVersion" + 1,
       "attempts" = j."attempts" + 1, "startedAt" = ?, "updatedAt" = ?
     FROM c WHERE j."id" = c."id" RETURNING j.*)
     SELECT u.* FROM u, (SELECT set_config('synchronous_commit', 'off', true)) AS s`,
    ...needs.args,
    max,
    workerId,
    now,
    now,
    now,
  );
  // RETURNING has no order: run them in claim order
  rows.sort(byClaimOrder);
  return rows.map((row) => ({ id: row.id, reclaimed: false, row }));
}

/** Refreshes the heartbeat of the jobs this worker holds; returns the ids it no longer holds. */
export async function heartbeatJobs(sql: Sql, workerId: string, ids: string[]): Promise<string[]> {
  if (!ids.length) return [];
  const marks = ids.map(() => "?").join(", ");
  const n = await sql.exec(
    `UPDATE {Job} SET "heartbeatAt" = ? WHERE "id" IN (${marks}) AND "lockedBy" = ? AND "status" = 'running'`,
    new Date(),
    ...ids,
    workerId,
  );
  if (n === ids.length) return [];
  const still = await sql.query<{ id: string }>(`SELECT "id" FROM {Job} WHERE "id" IN (${marks}) AND "lockedBy" = ? AND "status" = 'running'`, ...ids, workerId);
  const keep = new Set(still.map((s) => s.id));
  return ids.filter((id) => !keep.has(id));
}
