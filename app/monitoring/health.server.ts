/**
 * Health for /healthz: database, asset storage, worker heartbeat and Blender. Database or storage down
 * means the app cannot work ("down", 503). A stale worker or missing Blender means it works in a reduced
 * way ("degraded", still 200): jobs wait, hero renders fall back to the compositor.
 * Nothing here names a shop or carries a secret; error texts are reduced to a short class of failure.
 */
import type { BlobStore } from "../assets/store/types";
import { findBlender } from "../blender/find";
import { blenderVersion } from "../blender/health";
import type { Db } from "../db/client.server";
import { listWorkers, strandedJobs, type WorkerRow } from "../pipeline/roster";
import { msg, type Msg } from "../i18n/message";
import { jobsByState, registry } from "./metrics.server";

export type CheckStatus = "ok" | "degraded" | "down";

export interface CheckResult {
  status: CheckStatus;
  latencyMs?: number;
  detail?: string;
}

export interface HealthReport {
  status: CheckStatus;
  checks: {
    database: CheckResult;
    storage: CheckResult;
    worker: CheckResult & { lastSeenSecondsAgo?: number };
    /** worker roles (decision 151): live workers, and jobs whose next step no live worker takes */
    roles: CheckResult & { liveWorkers?: number; strandedJobs?: number; capabilities?: string[] };
    blender: CheckResult & { version?: string };
  };
}

const DEFAULT_HEARTBEAT_MAX_AGE_SEC = 60;

/**
 * MOCKUP_HEARTBEAT_MAX_AGE_SEC: whole seconds > 0 after which a worker heartbeat is stale. Anything else
 * (unset, garbage, 0, negative) means the default 60: a typo must not mark a live worker stale (NaN would).
 */
export function heartbeatMaxAgeSec(env: Record<string, string | undefined> = process.env): number {
  const raw = env.MOCKUP_HEARTBEAT_MAX_AGE_SEC?.trim();
  if (!raw || !/^\d{1,9}$/.test(raw)) return DEFAULT_HEARTBEAT_MAX_AGE_SEC;
  const n = Number(raw);
  return n > 0 ? n : DEFAULT_HEARTBEAT_MAX_AGE_SEC;
}

export const HEALTH_DEFAULTS = {
  /** deadline for the database and storage checks, ms */
  timeoutMs: 2000,
} as const;

export interface HealthOptions {
  db: Db;
  blobs: BlobStore;
  /** deadline for the database and storage checks, ms (default HEALTH_DEFAULTS.timeoutMs) */
  timeoutMs?: number;
  /** a worker heartbeat older than this many seconds counts as stale (default: heartbeatMaxAgeSec(), i.e. env or 60) */
  heartbeatMaxAgeSec?: number;
  /** Blender executable, null for none (default: findBlender(), the one the workers use) */
  blenderPath?: string | null;
  now?: Date;
}

class TimeoutError extends Error {}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new TimeoutError(`timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

async function timed(fn: () => Promise<unknown>, timeoutMs: number): Promise<CheckResult> {
  const start = performance.now();
  try {
    await withTimeout(fn(), timeoutMs);
    return { status: "ok", latencyMs: Math.round(performance.now() - start) };
  } catch (err) {
    // error messages can carry connection strings or paths: report only the kind of failure
    const detail = err instanceof TimeoutError ? err.message : "unreachable";
    return { status: "down", latencyMs: Math.round(performance.now() - start), detail };
  }
}

let blenderCache: { path: string | null; result: HealthReport["checks"]["blender"] } | undefined;

const BLENDER_MISSING = { status: "degraded", detail: "Blender not found: hero renders use the compositor" } as const;

/**
 * `blender --version` of the Blender the workers would use (findBlender: BLENDER_PATH, where "" means
 * none, else PATH), once per process and path (it takes about a second and does not change).
 */
export async function checkBlender(blender: string | null = findBlender()): Promise<HealthReport["checks"]["blender"]> {
  if (blenderCache && blenderCache.path === blender) return blenderCache.result;
  let result: HealthReport["checks"]["blender"];
  if (!blender) result = { ...BLENDER_MISSING };
  else {
    try {
      result = { status: "ok", version: await blenderVersion(blender, 20_000) };
    } catch {
      result = { ...BLENDER_MISSING };
    }
  }
  blenderCache = { path: blender, result };
  return result;
}

/**
 * A detail this module writes, as a message key + values: /healthz keeps its English text, the admin shows the
 * merchant's language. Every detail written above has its line here (tests/monitoring/health-i18n.test.ts).
 */
export function healthDetailMsg(detail: string): Msg {
  const timeout = /^timed out after (\d+) ms$/.exec(detail);
  if (timeout) return msg("msg.health.timeout", { ms: Number(timeout[1]) });
  const stale = /^no worker heartbeat for (\d+) s$/.exec(detail);
  if (stale) return msg("msg.health.heartbeatStale", { seconds: Number(stale[1]) });
  const fixed: Record<string, string> = {
    unreachable: "msg.health.unreachable",
    [BLENDER_MISSING.detail]: "msg.health.blenderMissing",
    [NO_WORKER]: "msg.health.noWorker",
    [WORKER_UNKNOWN]: "msg.health.dbUnknown",
  };
  return fixed[detail] ? msg(fixed[detail]) : msg("msg.raw", { text: detail });
}

export function resetBlenderCache(): void {
  blenderCache = undefined;
}

const NO_WORKER = "no worker has reported";
const WORKER_UNKNOWN = "unknown (database unreachable)";

function workerCheck(seenAt: Date | null, maxAgeSec: number, now: Date): HealthReport["checks"]["worker"] {
  if (!seenAt) return { status: "degraded", detail: NO_WORKER };
  const age = Math.max(0, Math.round((now.getTime() - seenAt.getTime()) / 1000));
  return age <= maxAgeSec
    ? { status: "ok", lastSeenSecondsAgo: age }
    : { status: "degraded", lastSeenSecondsAgo: age, detail: `no worker heartbeat for ${age} s` };
}

/** Jobs whose next step no live worker takes make the app "degraded": they wait until such a worker starts. */
function rolesCheck(workers: WorkerRow[], stranded: { jobs: number; capabilities: string[] }): HealthReport["checks"]["roles"] {
  const liveWorkers = workers.filter((w) => w.live).length;
  if (!stranded.jobs) return { status: "ok", liveWorkers, strandedJobs: 0 };
  return {
    status: "degraded",
    liveWorkers,
    strandedJobs: stranded.jobs,
    capabilities: stranded.capabilities,
    detail: `${stranded.jobs} job(s) wait for ${stranded.capabilities.join(", ")}: no live worker takes it`,
  };
}

export async function checkHealth(opts: HealthOptions): Promise<HealthReport & { workers: WorkerRow[] }> {
  const timeoutMs = opts.timeoutMs ?? HEALTH_DEFAULTS.timeoutMs;
  const maxAgeSec = opts.heartbeatMaxAgeSec ?? heartbeatMaxAgeSec();
  const now = opts.now ?? new Date();
  let lastSeen: Date | null = null;
  let workers: WorkerRow[] = [];
  let stranded = { jobs: 0, capabilities: [] as string[] };
  const [database, storage, blender] = await Promise.all([
    // SELECT 1 proves the connection; reading the newest heartbeat proves our tables are there
    // (a dropped schema on a live Postgres still answers SELECT 1) and feeds the worker check
    timed(async () => {
      await opts.db.$queryRaw`SELECT 1`;
      const row = await opts.db.workerHeartbeat.findFirst({ orderBy: { seenAt: "desc" }, select: { seenAt: true } });
      lastSeen = row?.seenAt ?? null;
      workers = await listWorkers(opts.db, { maxAgeSec, now });
      stranded = await strandedJobs(opts.db, { maxAgeSec, now, workers });
    }, timeoutMs),
    timed(() => opts.blobs.check(), timeoutMs),
    checkBlender(opts.blenderPath),
  ]);
  const worker: HealthReport["checks"]["worker"] =
    database.status === "ok"
      ? workerCheck(lastSeen, maxAgeSec, now)
      : { status: "degraded", detail: WORKER_UNKNOWN };
  const roles: HealthReport["checks"]["roles"] =
    database.status === "ok" ? rolesCheck(workers, stranded) : { status: "degraded", detail: WORKER_UNKNOWN };
  const checks = { database, storage, worker, roles, blender };
  const status: CheckStatus =
    database.status === "down" || storage.status === "down"
      ? "down"
      : Object.values(checks).some((c) => c.status !== "ok")
        ? "degraded"
        : "ok";
  return { status, checks, workers };
}

export function healthHttpStatus(report: HealthReport): number {
  return report.status === "down" ? 503 : 200;
}

const JOB_STATES = ["queued", "running", "succeeded", "failed", "cancelled"] as const;

/**
 * Sets the `mockup_jobs{state}` gauge from the database (all shops summed: no shop appears in metrics)
 * and renders the registry in Prometheus text format. A database failure leaves the gauge as it was.
 */
export async function scrapeMetrics(db: Db, now: number = Date.now()): Promise<{ contentType: string; body: string }> {
  // one count per JOB_COUNT_TTL_MS however often (or by however many scrapers) the route is called: the route
  // is public by default, and a scrape must not become a way to load the database
  if (now - jobsCountedAt >= JOB_COUNT_TTL_MS || now < jobsCountedAt) {
    jobsCountedAt = now;
    try {
      const rows = await withTimeout(db.job.groupBy({ by: ["status"], _count: { _all: true } }), 2000);
      for (const state of JOB_STATES) jobsByState.set({ state }, 0);
      for (const r of rows) jobsByState.set({ state: r.status }, r._count._all);
    } catch {
      // keep serving the process metrics; /healthz reports the database
    }
  }
  return { contentType: registry.contentType, body: await registry.metrics() };
}

/** Prometheus scrapes every 15–60 s; a 5 s old count is as good and bounds the database work. */
const JOB_COUNT_TTL_MS = 5000;
let jobsCountedAt = Number.NEGATIVE_INFINITY;

/** Tests: the next scrape counts again. */
export function resetJobCountCache(): void {
  jobsCountedAt = Number.NEGATIVE_INFINITY;
}
