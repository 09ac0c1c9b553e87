/**
 * Fallback cost: 200 mockup jobs while the primary vendor (the Mockey.ai double, first in the shop's order) fails in
 * each fault class in turn, the local compositor behind it. Each fault class starts a fresh outage (breakers
 * cleared), so every class pays its own discovery: the first jobs meet the fault, the breaker opens after
 * `threshold` failed attempts, and every later job of the class goes to the next provider at once.
 *
 * Baseline, same run: the same 200 jobs with a healthy vendor. `p95_extra_ms` = p95 of the 200 faulty-phase jobs'
 * latency − p95 of the healthy jobs' latency (same percentile, so the machine's own spread cancels); a job's latency
 * is its mockup step's recorded duration (job data, not the bench's clock). `median_extra_ms` likewise at p50. Target: ≤ attempt_timeout_ms + 100 (a failing vendor costs one
 * timeout, then the breaker spares every later job), completed 200.
 *
 * Env: BENCH_JOBS (default 200), BENCH_ATTEMPT_MS (default 250), BENCH_THRESHOLD (default 3).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pino from "pino";
import { connectorKit } from "../app/connectors/shared/connector";
import { mockeyProviders } from "../app/connectors/mockey/providers";
import { localComposeProvider } from "../app/mockups/providers/compose-local";
import { createJob, getJob } from "../app/pipeline/jobs";
import { InProcessQueue } from "../app/pipeline/queue/in-process";
import { ProviderRegistry } from "../app/pipeline/registry";
import { createRuntime } from "../app/runtime.server";
import { saveSettings } from "../app/shopify/settings.server";
import { startMockeyDouble } from "../tests/doubles/mockey/server";
import type { FaultMode } from "../tests/doubles/vendor-faults";
import { passesFixtureProvider } from "../tests/helpers/passes-fixture-provider";

const JOBS = Number(process.env.BENCH_JOBS ?? 200);
const ATTEMPT_MS = Number(process.env.BENCH_ATTEMPT_MS ?? 250);
const THRESHOLD = Number(process.env.BENCH_THRESHOLD ?? 3);
const SHOP = "bench-fallback.myshopify.com";
const MODES: FaultMode[] = ["rate_limited", "server_500", "server_502", "server_503", "hang", "trickle", "malformed_json", "wrong_content_type", "expired_token", "expired_result", "task_failed"];

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function main() {
  process.env.MOCKUP_ENCRYPTION_KEY ??= "0".repeat(64); // the bench's own throwaway key for the double's API key
  const dir = mkdtempSync(path.join(os.tmpdir(), "bench-fallback-"));
  const file = path.join(dir, "bench.db");
  const raw = new Database(file);
  for (const m of readdirSync("prisma/migrations", { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
    raw.exec(readFileSync(path.join("prisma/migrations", m, "migration.sql"), "utf8"));
  }
  raw.close();
  const rt = await createRuntime({ env: { ...process.env, DATABASE_URL: `file:${file}`, MOCKUP_DATA_DIR: dir, MOCKUP_STORAGE: "" } });
  const db = rt.db;
  const mockey = await startMockeyDouble({ processingPolls: 1 });
  await saveSettings(db, SHOP, { services: { mockey: { baseUrl: mockey.url, apiKey: mockey.apiKey } }, providers: { "mockup.compose": [{ name: "mockey", enabled: true }, { name: "local", enabled: true }] } }, { registered: { "mockup.compose": ["local", "mockey"] } });

  const kit = connectorKit(db, {
    policy: { attemptTimeoutMs: ATTEMPT_MS, maxAttempts: 3, initialDelayMs: 10, maxDelayMs: 40 },
    breakers: { threshold: THRESHOLD, halfOpenAfterMs: 10 * 60_000 },
    guard: { allowLoopback: true },
  });
  const registry = new ProviderRegistry({ maxAttempts: 1 });
  registry.register(passesFixtureProvider({ capability: "bench.model" }));
  registry.register(localComposeProvider());
  for (const p of mockeyProviders(kit, { pollMs: 5, taskTimeoutMs: 5_000, templateCacheMs: 0 })) registry.register(p);
  const { providerOrder } = await import("../app/shopify/settings.server");
  const { Worker } = await import("../app/pipeline/worker");
  const queue = new InProcessQueue();
  const logger = pino({ level: "silent" });
  const worker = new Worker({ db, registry, queue, assetsFor: rt.assetsFor, maxJobs: 2, pollMs: 20, logger, providerOrder: (s, c) => providerOrder(db, s, c) });
  worker.start();

  let n = 0;
  async function batch(count: number): Promise<{ ms: number; ok: boolean; degraded: boolean; provider: string | null }[]> {
    const ids = [];
    for (let i = 0; i < count; i++) {
      n++;
      const hex = `#${(0x102030 + n * 0x010103).toString(16).slice(-6).padStart(6, "0")}`;
      const job = await createJob(
        db,
        {
          shop: SHOP,
          type: "bench",
          steps: [
            { name: "model", capability: "bench.model" },
            { name: "mockup", capability: "mockup.compose", dependsOn: ["model"], staleKey: "tee/front", params: { view: "front", color: { name: `c${n}`, hex }, size: 1024, format: "jpeg" } },
          ],
        },
        { queue },
      );
      ids.push(job.id);
    }
    const out = [];
    for (const id of ids) {
      await worker.waitFor(id, 10);
      const j = (await getJob(db, SHOP, id))!;
      const s = j.steps.find((x) => x.name === "mockup")!;
      out.push({ ms: s.durationMs ?? 0, ok: j.status === "succeeded", degraded: s.degraded, provider: s.provider });
    }
    return out;
  }

  // warm-up (pass cache, compositor, the double's renderer), then the healthy baseline
  mockey.setFault("none");
  await batch(6);
  const healthy = await batch(JOBS);
  const healthyMedian = pct(healthy.map((h) => h.ms).sort((a, b) => a - b), 50);

  const faulty: typeof healthy = [];
  const perMode: Record<string, { jobs: number; p95: number; vendor: number }> = {};
  for (let m = 0; m < MODES.length; m++) {
    await db.connectorBreaker.deleteMany({}); // a fresh outage per fault class
    mockey.setFault(MODES[m], { retryAfterS: 30, trickleMs: 50 });
    const count = Math.floor(JOBS / MODES.length) + (m < JOBS % MODES.length ? 1 : 0);
    const r = await batch(count);
    faulty.push(...r);
    const sorted = r.map((x) => x.ms).sort((a, b) => a - b);
    perMode[MODES[m]] = { jobs: count, p95: Math.round(pct(sorted, 95)), vendor: r.filter((x) => x.provider === "mockey").length };
  }
  mockey.setFault("none");
  await worker.stop({ graceMs: 1000 });
  await mockey.close();

  const faultySorted = faulty.map((f) => f.ms).sort((a, b) => a - b);
  const healthySorted = healthy.map((h) => h.ms).sort((a, b) => a - b);
  console.error(`healthy: median ${Math.round(healthyMedian)} ms, p95 ${Math.round(pct(healthy.map((h) => h.ms).sort((a, b) => a - b), 95))} ms (served by vendor: ${healthy.filter((h) => h.provider === "mockey").length}/${healthy.length})`);
  for (const [mode, v] of Object.entries(perMode)) console.error(`  ${mode.padEnd(20)} jobs ${v.jobs}  p95 ${v.p95} ms  served by vendor ${v.vendor}`);
  await rt.close();
  rmSync(dir, { recursive: true, force: true });
  console.log(
    JSON.stringify({
      jobs: faulty.length,
      completed: faulty.filter((f) => f.ok).length,
      degraded: faulty.filter((f) => f.degraded).length,
      p95_extra_ms: Math.round(pct(faultySorted, 95) - pct(healthySorted, 95)),
      attempt_timeout_ms: ATTEMPT_MS,
      median_extra_ms: Math.round(pct(faultySorted, 50) - healthyMedian),
      healthy_p95_ms: Math.round(pct(healthySorted, 95)),
      healthy_median_ms: Math.round(healthyMedian),
      breaker_threshold: THRESHOLD,
    }),
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
