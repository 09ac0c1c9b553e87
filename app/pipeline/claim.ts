/**
 * Claiming jobs with a compare-and-set on (id, lockVersion): a plain conditional UPDATE that works the
 * same on SQLite (writes are serialised) and Postgres (the second UPDATE re-checks its WHERE after the
 * first commits and matches nothing). Exactly one worker wins a job.
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
  // Two index-friendly queries instead of one OR: queued jobs in (status, priority, createdAt) order, and the
  // few running jobs with a stale heartbeat; merged by priority then age.
  const limit = max * 2; // some may be lost to other workers
  const needs = needsCondition(capabilities);
  const queued = await sql.query<Candidate>(
    `SELECT "id", "lockVersion", "status", "priority", "createdAt" FROM {Job} WHERE "status" = 'queued'${needs.sql} ORDER BY "priority", "createdAt", "id" LIMIT ?`,
    ...needs.args,
    limit,
  );
  // never this worker's own jobs: it is alive (it is claiming), so a late heartbeat of its own (a loaded machine,
  // a slow write) is not a death, and taking the job again would run its current step a second time beside itself
  const stale = await sql.query<Candidate>(
    `SELECT "id", "lockVersion", "status", "priority", "createdAt" FROM {Job} WHERE "status" = 'running' AND "heartbeatAt" < ? AND ("lockedBy" IS NULL OR "lockedBy" <> ?)${needs.sql} ORDER BY "priority", "createdAt", "id" LIMIT ?`,
    staleBefore,
    workerId,
    ...needs.args,
    limit,
  );
  const candidates = [...queued, ...stale]
    .sort((a, b) => Number(a.priority) - Number(b.priority) || new Date(a.createdAt).getTime() - new Date(b.createdAt).getTime() || (a.id < b.id ? -1 : 1))
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
