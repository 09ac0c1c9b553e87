/**
 * Who can run what, from the database alone (decision 151): the workers whose heartbeat is fresh, with their
 * capability patterns, and the jobs whose next step no live worker takes. /healthz, the admin's health card and the
 * job page read these, so a job waiting for a Blender worker that is not running says so instead of waiting silently.
 */
import type { Db } from "../db/client.server";
import { matchesCapability, parseNeeds } from "./roles";

export interface WorkerRow {
  id: string;
  host: string;
  pid: number;
  /** capability patterns ("*" = every capability) */
  capabilities: string[];
  seenSecondsAgo: number;
  /** heartbeat within the max age */
  live: boolean;
}

export interface RosterOptions {
  /** a heartbeat older than this many seconds is not live (health.server's heartbeatMaxAgeSec) */
  maxAgeSec: number;
  now?: Date;
}

export async function listWorkers(db: Db, o: RosterOptions): Promise<WorkerRow[]> {
  const now = (o.now ?? new Date()).getTime();
  const rows = await db.workerHeartbeat.findMany({ orderBy: { seenAt: "desc" }, take: 100 });
  return rows.map((r) => {
    const age = Math.max(0, Math.round((now - r.seenAt.getTime()) / 1000));
    return { id: r.id, host: r.host, pid: r.pid, capabilities: r.capabilities.split(",").filter(Boolean), seenSecondsAgo: age, live: age <= o.maxAgeSec };
  });
}

/** The capabilities of `needs` that no live worker takes; all of them means the job cannot move. */
export function untaken(needs: readonly string[], workers: readonly WorkerRow[]): string[] {
  const live = workers.filter((w) => w.live);
  return needs.filter((c) => !live.some((w) => matchesCapability(w.capabilities, c)));
}

export interface Stranded {
  /** jobs waiting (queued, or running under a dead worker) that no live worker can take */
  jobs: number;
  /** the capabilities they wait for */
  capabilities: string[];
}

/** Jobs no live worker can move, all shops (health), or one shop's. Grouped by Job.needs: a handful of rows. */
export async function strandedJobs(db: Db, o: RosterOptions & { shop?: string; workers?: WorkerRow[] }): Promise<Stranded> {
  const now = o.now ?? new Date();
  const workers = o.workers ?? (await listWorkers(db, o));
  const staleBefore = new Date(now.getTime() - o.maxAgeSec * 1000);
  const groups = await db.job.groupBy({
    by: ["needs"],
    where: {
      ...(o.shop ? { shop: o.shop } : {}),
      needs: { not: "" },
      OR: [{ status: "queued" }, { status: "running", heartbeatAt: { lt: staleBefore } }],
    },
    _count: { _all: true },
  });
  let jobs = 0;
  const caps = new Set<string>();
  for (const g of groups) {
    const needs = parseNeeds(g.needs);
    const missing = untaken(needs, workers);
    if (needs.length && missing.length === needs.length) {
      jobs += g._count._all;
      missing.forEach((c) => caps.add(c));
    }
  }
  return { jobs, capabilities: [...caps].sort() };
}
