/**
 * Claiming jobs with a compare-and-set on (id, lockVersion): a plain conditional UPDATE that works the
 * same on SQLite (writes are serialised) and Postgres (the second UPDATE re-checks its WHERE after the
 * first commits and matches nothing). Exactly one worker wins a job.
 */
import type { Db } from "../db/client.server";

/** A job is claimable when queued, or running under a worker whose heartbeat is older than `staleBefore`. */
function claimable(staleBefore: Date) {
  return {
    OR: [{ status: "queued" }, { status: "running", heartbeatAt: { lt: staleBefore } }],
  };
}

/**
 * Claims up to `max` jobs, lowest priority number first, then oldest. Returns the claimed ids with
 * whether each was taken over from a dead worker.
 */
export async function claimJobs(
  db: Db,
  workerId: string,
  max: number,
  staleAfterMs: number,
): Promise<{ id: string; reclaimed: boolean }[]> {
  if (max <= 0) return [];
  const now = new Date();
  const staleBefore = new Date(now.getTime() - staleAfterMs);
  const candidates = await db.job.findMany({
    where: claimable(staleBefore),
    orderBy: [{ priority: "asc" }, { createdAt: "asc" }, { id: "asc" }],
    take: max * 2, // some will be lost to other workers
    select: { id: true, lockVersion: true, status: true },
  });
  const won: { id: string; reclaimed: boolean }[] = [];
  for (const c of candidates) {
    if (won.length >= max) break;
    const r = await db.job.updateMany({
      where: { id: c.id, lockVersion: c.lockVersion, ...claimable(staleBefore) },
      data: {
        status: "running",
        lockedBy: workerId,
        heartbeatAt: now,
        lockVersion: { increment: 1 },
        attempts: { increment: 1 },
        startedAt: now,
      },
    });
    if (r.count === 1) won.push({ id: c.id, reclaimed: c.status === "running" });
  }
  return won;
}

/** Refreshes the heartbeat of the jobs this worker holds; returns the ids it no longer holds. */
export async function heartbeatJobs(db: Db, workerId: string, ids: string[]): Promise<string[]> {
  if (!ids.length) return [];
  const r = await db.job.updateMany({
    where: { id: { in: ids }, lockedBy: workerId, status: "running" },
    data: { heartbeatAt: new Date() },
  });
  if (r.count === ids.length) return [];
  const still = await db.job.findMany({ where: { id: { in: ids }, lockedBy: workerId, status: "running" }, select: { id: true } });
  const keep = new Set(still.map((s) => s.id));
  return ids.filter((id) => !keep.has(id));
}
