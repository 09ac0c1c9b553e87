/**
 * bench:scale — the scaled deployment under load, with workers dying (issue 18, decision 152).
 *
 * Real parts: Postgres (a schema of its own, the committed migrations), Redis (BullMQ hints, a queue name of its
 * own), s3rver (the asset store, MOCKUP_STORAGE=s3, in a process of its own: bench/support/s3-server.ts), and `mockup worker` PROCESSES (bin/mockup.js) with one job
 * slot each at nice 10 (BENCH_WORKER_NICE; docs/deploy.md runs workers beside the web process so), taking only the probe capability (bench/fixtures/probe-registry.ts: a few ms of hashing and one
 * small asset written to S3 per job).
 *
 * 1. throughput_1/2/4: BENCH_JOBS one-step probe jobs through 1, 2 and 4 workers (jobs/s, insert → last done),
 *    with the cores the machine kept busy meanwhile and CPU per job by process (bench/support/machine-cpu.ts):
 *    scaling_2_cpu_bound = cores / cores busy with one worker, the most a second worker could add here; and
 *    Postgres's WAL flushes (pg_stat_wal.wal_sync) per second and per job: a disk that flushes N times a second
 *    caps the phase at N / flushes-per-job jobs/s, however many cores are idle.
 * 2. chaos: BENCH_JOBS more through 4 workers while a loop SIGKILLs a random worker 20 times and starts a new
 *    one each time. recovery = SIGKILL → the job the dead worker held is claimed by another worker (p95, s);
 *    target ≤ 2 × the stale limit. Meanwhile the web server (`tsx server.ts`, the production build) takes
 *    products/update webhooks from autocannon at 500 requests/s for 20 s with valid signatures, beside 50/s with
 *    a forged signature (the 401 path) in the same run, offered steadily (bench/support/steady-load.ts: the
 *    figures); then 20 s more through autocannon's own per-second bursts (webhook_burst_*, reported beside).
 * 3. lost = jobs of all phases not succeeded at the end; duplicated_outputs = step rows that were written
 *    "succeeded" more than once, counted by a Postgres trigger on JobStep (independent of the code under test).
 *
 * Env: BENCH_JOBS (default 10000), BENCH_STALE_MS (worker --stale-ms, default 3000), BENCH_KILLS (default 20),
 * BENCH_WEBHOOK_RPS (default 500), BENCH_WEBHOOK_S (default 20), PROBE_WORK_MS (default 3), BENCH_PHASES (default
 * "1,2,4,chaos"; "1,2" measures only the two throughput phases the scaling target compares, for a quick look: the
 * JSON line then carries only the figures those phases make).
 * Prints progress lines, then one JSON line last. Run with nice on a shared machine; the load average is printed
 * beside every figure.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { createHmac, randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import pg from "pg";
import { BullmqJobQueue } from "../app/pipeline/queue/bullmq";
import { machineBusyMs, processCpuMs } from "./support/machine-cpu";
import { startS3Process } from "./support/s3-process";
import { steadyLoad } from "./support/steady-load";

process.env.TEST_DATABASE = "postgres"; // createTestDb: a fresh schema in the local Postgres
const { createTestDb } = await import("../tests/helpers/db");

const JOBS = Number(process.env.BENCH_JOBS ?? 10_000);
const STALE_MS = Number(process.env.BENCH_STALE_MS ?? 3000);
const KILLS = Number(process.env.BENCH_KILLS ?? 20);
const WEBHOOK_RPS = Number(process.env.BENCH_WEBHOOK_RPS ?? 500);
const WEBHOOK_S = Number(process.env.BENCH_WEBHOOK_S ?? 20);
/** the workers' niceness, as docs/deploy.md runs workers beside the web process (BENCH_WORKER_NICE=0: same priority) */
const WORKER_NICE = process.env.BENCH_WORKER_NICE ?? "10";
const PHASES = new Set((process.env.BENCH_PHASES ?? "1,2,4,chaos").split(",").map((p) => p.trim()));
const SHOP = "bench-scale.myshopify.com";
const ROOT = path.resolve(import.meta.dirname, "..");
const SECRET = "bench-scale-secret";

const load = () => os.loadavg()[0].toFixed(1);
const log = (s: string) => console.log(`${s} (load ${load()})`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const t = await createTestDb();
const schema = t.target.kind === "postgres" ? t.target.schema! : "";
const s3 = await startS3Process("bench-scale");
const dataDir = mkdtempSync(path.join(os.tmpdir(), "bench-scale-"));
const queueName = `bench-scale-${randomUUID().slice(0, 8)}`;
// a pool: the kill loop, recovery watchers and the progress poll query at the same time
const pgc = new pg.Pool({ connectionString: t.env.DATABASE_URL.replace(/[?&]schema=[^&]+/, ""), options: `-c search_path="${schema}"`, max: 6 });
// every write that makes a step "succeeded", counted by the database itself
await pgc.query(`CREATE TABLE "BenchSuccess" ("stepId" TEXT NOT NULL, "at" TIMESTAMPTZ NOT NULL DEFAULT now())`);
await pgc.query(`CREATE FUNCTION bench_success() RETURNS trigger AS $$ BEGIN INSERT INTO "${schema}"."BenchSuccess" ("stepId") VALUES (NEW."id"); RETURN NEW; END $$ LANGUAGE plpgsql`);
await pgc.query(`CREATE TRIGGER bench_success AFTER UPDATE ON "JobStep" FOR EACH ROW WHEN (NEW."status" = 'succeeded') EXECUTE FUNCTION bench_success()`);

const env = {
  ...process.env,
  ...t.env,
  ...(process.env.BENCH_STORAGE === "local" ? {} : s3.env),
  MOCKUP_QUEUE: "bullmq",
  MOCKUP_QUEUE_NAME: queueName,
  MOCKUP_DATA_DIR: dataDir,
  MOCKUP_REGISTRY_MODULE: "bench/fixtures/probe-registry.ts",
  MOCKUP_ENCRYPTION_KEY: "2a".repeat(32),
  LOG_LEVEL: "warn",
};

// ---- worker processes

interface W {
  id: string;
  child: ChildProcess;
  out: string;
}
const workers = new Map<string, W>();
/** every child this bench started (workers and the web server), killed at the end whatever happened */
const children = new Set<ChildProcess>();
let generation = 0;

function startWorker(): W {
  const id = `bench-w${++generation}`;
  const args = ["bin/mockup.js", "worker", "--id", id, "--capabilities", "probe.*", "--max-jobs", "1", "--poll-ms", "100"];
  args.push("--heartbeat-ms", String(Math.max(50, Math.floor(STALE_MS / 6))), "--stale-ms", String(STALE_MS), "--grace-ms", "2000", "--gc-every-min", "0", "--nice", WORKER_NICE);
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  children.add(child);
  const w: W = { id, child, out: "" };
  child.stdout!.on("data", (d) => (w.out = (w.out + d).slice(-4000)));
  child.stderr!.on("data", (d) => (w.out = (w.out + d).slice(-4000)));
  workers.set(id, w);
  child.once("exit", () => workers.delete(id));
  return w;
}

async function waitForHeartbeats(ids: string[]) {
  for (let i = 0; ; i++) {
    const r = await pgc.query(`SELECT count(*)::int AS n FROM "WorkerHeartbeat" WHERE "id" = ANY($1)`, [ids]);
    if (r.rows[0].n === ids.length) return;
    if (i > 1200) throw new Error(`workers did not start:\n${[...workers.values()].map((w) => w.out).join("\n")}`);
    await sleep(100);
  }
}

async function stopAll() {
  const all = [...workers.values()];
  for (const w of all) w.child.kill("SIGTERM");
  await Promise.all(all.map((w) => new Promise((r) => (w.child.exitCode !== null || w.child.signalCode !== null ? r(undefined) : w.child.once("exit", r)))));
  await pgc.query(`DELETE FROM "WorkerHeartbeat"`);
}

// ---- jobs

const hints = new BullmqJobQueue({ name: queueName });

/** Inserts `n` one-step probe jobs of type `batch` in one transaction (what createJob writes, in bulk). */
async function insertJobs(batch: string, n: number) {
  const c = await pgc.connect();
  await c.query("BEGIN");
  for (let from = 0; from < n; from += 1000) {
    const rows = Math.min(1000, n - from);
    const jobVals: string[] = [];
    const stepVals: string[] = [];
    const jp: unknown[] = [];
    const sp: unknown[] = [];
    for (let i = 0; i < rows; i++) {
      const jobId = `j${batch}${from + i}`;
      jp.push(jobId, SHOP, batch);
      jobVals.push(`($${jp.length - 2}, $${jp.length - 1}, $${jp.length}, 'queued', 20, ',probe.work,', now())`);
      sp.push(`s${batch}${from + i}`, jobId, SHOP, JSON.stringify({ i: from + i, batch }));
      stepVals.push(`($${sp.length - 3}, $${sp.length - 2}, $${sp.length - 1}, 'probe', 'probe.work', '[]', $${sp.length})`);
    }
    await c.query(`INSERT INTO "Job" ("id", "shop", "type", "status", "priority", "needs", "updatedAt") VALUES ${jobVals.join(", ")}`, jp);
    await c.query(`INSERT INTO "JobStep" ("id", "jobId", "shop", "name", "capability", "dependsOn", "params") VALUES ${stepVals.join(", ")}`, sp);
  }
  await c.query("COMMIT");
  // what autovacuum does within a minute of a bulk insert (it is off on some machines here): without statistics the
  // planner takes the queued jobs for a handful and sorts all of them for every claim instead of reading the index
  await c.query(`ANALYZE "Job", "JobStep"`);
  c.release();
  // one wake-up hint per worker; each worker claims its next job as soon as one ends
  for (let i = 0; i < workers.size; i++) await hints.enqueue({ jobId: `j${batch}${i}`, priority: 20, capabilities: ["probe.work"] });
}

async function doneCount(batch: string): Promise<number> {
  const r = await pgc.query(`SELECT count(*)::int AS n FROM "Job" WHERE "type" = $1 AND "status" IN ('succeeded', 'failed', 'cancelled')`, [batch]);
  return r.rows[0].n;
}

async function waitDone(batch: string, n: number, deadlineMs: number): Promise<number> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const d = await doneCount(batch);
    if (d >= n || Date.now() > until) return d;
    await sleep(200);
  }
}

/** What a throughput phase cost: cores the machine kept busy, and CPU per job of the workers, of this process
 * (the job inserts, the polling), of the S3 server (s3rver, its own process) and of the rest (Postgres, Redis). */
interface PhaseCpu {
  busyCores: number;
  /** Postgres WAL flushes (fdatasync) per second and per job: each commit waits for one unless another's covers it */
  walSyncsPerS: number;
  walSyncsPerJob: number;
  workerMsPerJob: number;
  benchMsPerJob: number;
  s3MsPerJob: number;
  restMsPerJob: number;
}
const phaseCpu: Record<number, PhaseCpu> = {};
const cpuPerJob = () =>
  Object.fromEntries(
    Object.entries(phaseCpu).map(([k, c]) => [k, { workers: Number(c.workerMsPerJob.toFixed(2)), bench: Number(c.benchMsPerJob.toFixed(2)), s3: Number(c.s3MsPerJob.toFixed(2)), rest: Number(c.restMsPerJob.toFixed(2)) }]),
  );

async function throughput(k: number): Promise<number> {
  // the previous phase's dead rows, which autovacuum would have removed meanwhile
  await pgc.query(`VACUUM "Job", "JobStep"`);
  const started = Array.from({ length: k }, () => startWorker());
  await waitForHeartbeats(started.map((w) => w.id));
  const batch = `t${k}`;
  const workersCpu = () => started.reduce((a, w) => a + processCpuMs(w.child.pid), 0);
  const walSyncs = async () => Number((await pgc.query(`SELECT wal_sync::bigint AS n FROM pg_stat_wal`).catch(() => ({ rows: [{ n: NaN }] }))).rows[0].n);
  const [m0, w0, b0, s0, x0] = [machineBusyMs(), workersCpu(), process.cpuUsage(), await walSyncs(), processCpuMs(s3.pid)];
  const t0 = performance.now();
  await insertJobs(batch, JOBS);
  const done = await waitDone(batch, JOBS, 3_600_000);
  const wallMs = performance.now() - t0;
  const s = wallMs / 1000;
  const tp = done / s;
  const busy = machineBusyMs() - m0;
  const worker = workersCpu() - w0;
  const b = process.cpuUsage(b0);
  const bench = (b.user + b.system) / 1000;
  const syncs = (await walSyncs()) - s0;
  const s3Ms = processCpuMs(s3.pid) - x0;
  phaseCpu[k] = { busyCores: busy / wallMs, walSyncsPerS: syncs / s, walSyncsPerJob: syncs / done, workerMsPerJob: worker / done, benchMsPerJob: bench / done, s3MsPerJob: s3Ms / done, restMsPerJob: (busy - worker - bench - s3Ms) / done };
  const c = phaseCpu[k];
  log(
    `${k} worker(s): ${done}/${JOBS} jobs in ${s.toFixed(1)} s = ${tp.toFixed(1)} jobs/s; ${c.busyCores.toFixed(2)} of ${os.availableParallelism()} cores busy, ` +
      `CPU per job: workers ${c.workerMsPerJob.toFixed(1)} ms, this process ${c.benchMsPerJob.toFixed(1)} ms, S3 server ${c.s3MsPerJob.toFixed(1)} ms, the rest (Postgres, Redis) ${c.restMsPerJob.toFixed(1)} ms; ` +
      `WAL flushes ${c.walSyncsPerS.toFixed(0)}/s, ${c.walSyncsPerJob.toFixed(2)} per job`,
  );
  await stopAll();
  return tp;
}

// ---- webhook server

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

async function startWeb(): Promise<{ port: number; child: ChildProcess }> {
  if (!existsSync(path.join(ROOT, "build/server/index.js"))) {
    log("building the web app (npx remix vite:build)");
    execFileSync(process.execPath, [path.join(ROOT, "node_modules/@remix-run/dev/dist/cli.js"), "vite:build"], { cwd: ROOT, stdio: "ignore" });
  }
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), "server.ts"], {
    cwd: ROOT,
    env: {
      ...env,
      NODE_ENV: "production",
      PORT: String(port),
      MOCKUP_HOST: "127.0.0.1",
      MOCKUP_IN_PROCESS_WORKER: "0",
      SHOPIFY_API_KEY: "bench-scale-key",
      SHOPIFY_API_SECRET: SECRET,
      SHOPIFY_APP_URL: `http://127.0.0.1:${port}`,
      SCOPES: "write_products",
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  children.add(child);
  let err = "";
  child.stderr!.on("data", (d) => (err = (err + d).slice(-4000)));
  for (let i = 0; ; i++) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (r.status === 200) break;
    } catch {
      // not listening yet
    }
    if (i > 600 || child.exitCode !== null) throw new Error(`web server did not start: ${err}`);
    await sleep(200);
  }
  return { port, child };
}

function webhookRequest(valid: boolean) {
  let n = 0;
  return {
    method: "POST",
    path: "/webhooks/products/update",
    setupRequest: (req: { headers?: Record<string, string> }) => {
      const id = 1_000_000 + (n++ % 5000);
      const body = JSON.stringify({ id, title: `Bench tee ${id}`, product_type: "T-Shirt", tags: "", updated_at: new Date().toISOString(), options: [] });
      const hmac = createHmac("sha256", valid ? SECRET : "forged").update(body, "utf8").digest("base64");
      return {
        ...req,
        body,
        headers: {
          "content-type": "application/json",
          "x-shopify-topic": "products/update",
          "x-shopify-hmac-sha256": hmac,
          "x-shopify-shop-domain": SHOP,
          "x-shopify-api-version": "2026-04",
          "x-shopify-webhook-id": randomUUID(),
        },
      };
    },
  };
}

/**
 * Deliveries of each kind first, one at a time: a server that refuses valid ones (or accepts forged ones) fails the
 * bench, and the first requests' lazy imports (the Shopify library, Prisma's query compiler) are not measured.
 */
async function webhookSanity(url: string) {
  for (const valid of [true, false, ...Array.from({ length: 20 }, (_, i) => i % 2 === 0)]) {
    const req = webhookRequest(valid).setupRequest({});
    const t0 = performance.now();
    const r = await fetch(`${url}${"/webhooks/products/update"}`, { method: "POST", headers: req.headers, body: req.body, signal: AbortSignal.timeout(30_000) });
    const text = await r.text();
    if (process.env.BENCH_DEBUG) log(`webhook warm-up (${valid ? "valid" : "forged"} signature): ${r.status} in ${(performance.now() - t0).toFixed(0)} ms ${text.slice(0, 120)}`);
    if (valid ? r.status >= 300 : r.status !== 401) throw new Error(`webhook ${valid ? "valid" : "forged"} delivery answered ${r.status}`);
  }
}

async function webhookLoad(port: number) {
  const url = `http://127.0.0.1:${port}`;
  await webhookSanity(url);
  // the figures: WEBHOOK_RPS valid deliveries a second offered steadily (bench/support/steady-load.ts), beside a
  // tenth of that forged, in the same run
  const [ok, refused] = await Promise.all([
    steadyLoad({ url, rps: WEBHOOK_RPS, seconds: WEBHOOK_S, request: webhookRequest(true) }),
    steadyLoad({ url, rps: Math.max(1, Math.round(WEBHOOK_RPS / 10)), seconds: WEBHOOK_S, request: webhookRequest(false), slots: 10 }),
  ]);
  const achieved = ok.ok2xx / WEBHOOK_S;
  log(
    `webhooks (steady): valid ${ok.ok2xx} × 2xx, ${ok.non2xx} non-2xx, ${ok.errors} errors, ${achieved.toFixed(0)}/s, p50 ${ok.latency.p50} ms, p99 ${ok.latency.p99} ms; ` +
      `forged ${refused.fourxx} × 4xx, ${refused.ok2xx} × 2xx, p99 ${refused.latency.p99} ms`,
  );
  if (refused.ok2xx > 0) throw new Error("a forged webhook signature was accepted");
  // then autocannon's own rate limit, which offers each second's requests as one burst (see steady-load.ts): what
  // a server does with 500 deliveries arriving at once, reported beside the steady figures
  const burst = await autocannon({ url, connections: 50, duration: WEBHOOK_S, overallRate: WEBHOOK_RPS, requests: [webhookRequest(true)], timeout: 10 });
  log(`webhooks (autocannon bursts of ${WEBHOOK_RPS}): ${burst["2xx"]} × 2xx, ${(burst["2xx"] / WEBHOOK_S).toFixed(0)}/s, p50 ${burst.latency.p50} ms, p99 ${burst.latency.p99} ms`);
  return {
    achieved,
    p99: ok.latency.p99,
    ratio: ok.latency.p99 / Math.max(1, refused.latency.p99),
    non2xx: ok.non2xx + ok.errors,
    burstAchieved: burst["2xx"] / WEBHOOK_S,
    burstP99: burst.latency.p99,
  };
}

// ---- chaos

async function chaos(estimatedS: number) {
  const ids = Array.from({ length: 4 }, () => startWorker().id);
  await waitForHeartbeats(ids);
  const web = await startWeb();
  const batch = "chaos";
  const t0 = performance.now();
  await insertJobs(batch, JOBS);
  const recoveries: number[] = [];
  const pending: Promise<void>[] = [];
  const interval = Math.max(STALE_MS / 4, (estimatedS * 1000) / (KILLS + 4));
  let kills = 0;
  const killLoop = (async () => {
    while (kills < KILLS && (await doneCount(batch)) < JOBS) {
      await sleep(interval * (0.5 + Math.random()));
      const live = [...workers.values()];
      const victim = live[Math.floor(Math.random() * live.length)];
      if (!victim) continue;
      const held = await pgc.query(`SELECT "id" FROM "Job" WHERE "lockedBy" = $1 AND "status" = 'running'`, [victim.id]);
      victim.child.kill("SIGKILL");
      const tKill = performance.now();
      kills++;
      await sleep(200); // a supervisor restarts it
      startWorker();
      for (const row of held.rows as { id: string }[]) {
        pending.push(
          (async () => {
            for (;;) {
              const r = await pgc.query(`SELECT "lockedBy", "status" FROM "Job" WHERE "id" = $1`, [row.id]);
              const j = r.rows[0] as { lockedBy: string | null; status: string };
              // resumed: another worker holds it, or it finished (a worker that died after its last write)
              if ((j.lockedBy && j.lockedBy !== victim.id) || j.status === "succeeded") break;
              await sleep(25);
            }
            recoveries.push((performance.now() - tKill) / 1000);
          })(),
        );
      }
    }
  })();
  const hooks = await webhookLoad(web.port);
  await killLoop;
  const done = await waitDone(batch, JOBS, 3_600_000);
  await Promise.all(pending);
  const s = (performance.now() - t0) / 1000;
  log(`chaos: ${done}/${JOBS} jobs in ${s.toFixed(1)} s with ${kills} SIGKILLs, ${recoveries.length} held jobs recovered`);
  web.child.kill("SIGTERM");
  await stopAll();
  return { hooks, recoveries, kills };
}

const p95 = (xs: number[]) => {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)];
};

/** BullMQ keys of this run's queues (the plain one, and one per capability family its hints named). */
async function dropQueues() {
  const { Redis } = await import("ioredis");
  const r = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
  let cursor = "0";
  do {
    const [next, keys] = await r.scan(cursor, "MATCH", `bull:${queueName}*`, "COUNT", 1000);
    if (keys.length) await r.del(...keys);
    cursor = next;
  } while (cursor !== "0");
  r.disconnect();
}

/** Stops every child and drops what the run made (schema, queues, files); once, from the end of the run or a signal. */
let cleaning: Promise<void> | undefined;
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    const running = [...children].filter((c) => c.exitCode === null && c.signalCode === null);
    running.forEach((c) => c.kill("SIGKILL"));
    await Promise.all(running.map((c) => new Promise((r) => c.once("exit", r))));
    await hints.close().catch(() => undefined);
    await dropQueues().catch(() => undefined);
    // a client the interrupted run still holds would keep end() waiting
    await Promise.race([pgc.end().catch(() => undefined), sleep(3000)]);
    await t.drop().catch(() => undefined);
    await s3.stop().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  })();
  return cleaning;
}
// Ctrl-C or a SIGTERM mid-run would otherwise leave the Postgres schema, the workers and s3rver's files behind
for (const sig of ["SIGINT", "SIGTERM"] as const) process.once(sig, () => void cleanup().finally(() => process.exit(sig === "SIGINT" ? 130 : 143)));

try {
  const autovacuum = (await pgc.query(`SHOW autovacuum`)).rows[0].autovacuum as string;
  log(`bench:scale: ${JOBS} jobs per phase, Postgres autovacuum ${autovacuum} (the bench analyzes after its inserts and vacuums between phases), stale limit ${STALE_MS} ms, Postgres schema ${schema}, S3 ${s3.endpoint}, BullMQ queue ${queueName}`);
  const tp1 = PHASES.has("1") ? await throughput(1) : NaN;
  const tp2 = PHASES.has("2") ? await throughput(2) : NaN;
  const tp4 = PHASES.has("4") ? await throughput(4) : NaN;
  if (!PHASES.has("chaos")) {
    console.log(
      JSON.stringify({
        jobs: JOBS,
        phases: [...PHASES],
        throughput_1: Number(tp1.toFixed(1)),
        throughput_2: Number(tp2.toFixed(1)),
        throughput_4: Number(tp4.toFixed(1)),
        scaling_2: Number((tp2 / tp1).toFixed(2)),
        busy_cores: Object.fromEntries(Object.entries(phaseCpu).map(([k, c]) => [k, Number(c.busyCores.toFixed(2))])),
        cpu_ms_per_job: cpuPerJob(),
        load_avg: Number(load()),
        cores: os.availableParallelism(),
      }),
    );
  } else {
    const { hooks, recoveries, kills } = await chaos(JOBS / (Number.isFinite(tp4) ? Math.max(1, tp4) : 40));
    const lost = (await pgc.query(`SELECT count(*)::int AS n FROM "Job" WHERE "type" IN ('t1', 't2', 't4', 'chaos') AND "status" <> 'succeeded'`)).rows[0].n as number;
    const dup = (await pgc.query(`SELECT (count(*) - count(DISTINCT "stepId"))::int AS n FROM "BenchSuccess"`)).rows[0].n as number;
    const assets = (await pgc.query(`SELECT count(DISTINCT "key")::int AS n FROM "Asset" WHERE "kind" = 'probe'`).catch(() => ({ rows: [{ n: -1 }] }))).rows[0].n as number;
    const r95 = p95(recoveries);
    log(
      `lost ${lost}, duplicated outputs ${dup}, probe assets ${assets} (of ${4 * JOBS}), recovery p95 ${r95.toFixed(2)} s (target ≤ ${((2 * STALE_MS) / 1000).toFixed(1)} s), ` +
        `throughput_2/throughput_1 ${(tp2 / tp1).toFixed(2)} (target ≥ 1.6)`,
    );
    console.log(
      JSON.stringify({
        jobs: JOBS,
        throughput_1: Number(tp1.toFixed(1)),
        throughput_2: Number(tp2.toFixed(1)),
        throughput_4: Number(tp4.toFixed(1)),
        lost,
        duplicated_outputs: dup,
        recovery_s_p95: Number(r95.toFixed(2)),
        webhook_rps_achieved: Number(hooks.achieved.toFixed(1)),
        webhook_p99_ratio: Number(hooks.ratio.toFixed(2)),
        webhook_p99_ms: hooks.p99,
        scaling_2: Number((tp2 / tp1).toFixed(2)),
        // the most two workers could add if every process scaled perfectly: the cores the machine has over those one
        // worker already kept busy (the workers share the machine with Postgres, Redis, s3rver and the load generator)
        scaling_2_cpu_bound: phaseCpu[1] ? Number(Math.min(2, os.availableParallelism() / phaseCpu[1].busyCores).toFixed(2)) : null,
        wal_syncs_per_s: Object.fromEntries(Object.entries(phaseCpu).map(([k, c]) => [k, Math.round(c.walSyncsPerS)])),
        wal_syncs_per_job: Object.fromEntries(Object.entries(phaseCpu).map(([k, c]) => [k, Number(c.walSyncsPerJob.toFixed(2))])),
        busy_cores: Object.fromEntries(Object.entries(phaseCpu).map(([k, c]) => [k, Number(c.busyCores.toFixed(2))])),
        cpu_ms_per_job: cpuPerJob(),
        kills,
        recovered: recoveries.length,
        stale_ms: STALE_MS,
        webhook_failed: hooks.non2xx,
        webhook_burst_rps_achieved: Number(hooks.burstAchieved.toFixed(1)),
        webhook_burst_p99_ms: hooks.burstP99,
        load_avg: Number(load()),
        cores: os.availableParallelism(),
      }),
    );
  }
} finally {
  await cleanup();
}
