/**
 * Orchestrator overhead: 1,000 jobs of three no-op steps (a chain) on SQLite (WAL, synchronous=NORMAL).
 *
 * Step overhead = (a job's wall time from its claim to its final state committed − time spent inside
 * the providers) / its steps. It covers the claim's bookkeeping, cache lookups and writes, every state
 * transition, progress and the final write; it does not count time a job waits for a free worker slot
 * (that is throughput, reported as steps_per_s over the whole run). Baseline, measured in the same run:
 * the three no-op providers called directly in a chain with the same inputs.
 *
 * Second baseline, also in the same run: the least database work a step must do on the same database with the
 * same settings — its final row write (status, output, finish time) and the job's progress, in one transaction —
 * timed per step, with as many chains at once as the worker has slots (BENCH_MAX_JOBS): a job's wall time includes
 * waiting for the other slot's statements on the same database, and so does the baseline's. `overhead_ratio` =
 * step overhead p50 / that baseline's p50: how many times the bare minimum of writes the orchestrator costs, a
 * figure that does not move with the disk the way milliseconds do. BENCH_MAX_JOBS=1 compares one chain with one.
 *
 * Env: BENCH_JOBS (default 1000), BENCH_MAX_JOBS (worker slots, default 2), BENCH_DB_BASELINE_JOBS (default 300).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pino from "pino";
import { createJob } from "../app/pipeline/jobs";
import { InProcessQueue } from "../app/pipeline/queue/in-process";
import { ProviderRegistry } from "../app/pipeline/registry";
import type { Provider, ProviderContext, StepOutput } from "../app/pipeline/types";
import type { JobEndEvent } from "../app/pipeline/worker";
import { createRuntime } from "../app/runtime.server";

const JOBS = Number(process.env.BENCH_JOBS ?? 1000);
const MAX_JOBS = Number(process.env.BENCH_MAX_JOBS ?? 2);
const SHOP = "bench.myshopify.com";

const noop: Provider = {
  name: "noop",
  capability: "bench.noop",
  version: "1",
  async run(input): Promise<StepOutput> {
    return { assets: {}, data: { n: Number(input.params.n ?? 0) + Object.keys(input.inputs).length } };
  },
};

function pct(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
const round = (n: number) => Math.round(n * 1000) / 1000;

async function main() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "bench-orch-"));
  const file = path.join(dir, "bench.db");
  const raw = new Database(file);
  for (const m of readdirSync("prisma/migrations", { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
    raw.exec(readFileSync(path.join("prisma/migrations", m, "migration.sql"), "utf8"));
  }
  raw.close();
  const rt = await createRuntime({ env: { ...process.env, DATABASE_URL: `file:${file}`, MOCKUP_DATA_DIR: dir } });
  const db = rt.db;

  // ---- baseline: the same three providers called directly, chained
  const ctx = { signal: new AbortController().signal, progress() {} } as unknown as ProviderContext;
  const tb = performance.now();
  for (let j = 0; j < JOBS; j++) {
    const a = await noop.run({ params: { n: j }, inputs: {} }, ctx);
    const b = await noop.run({ params: { n: j }, inputs: { a } }, ctx);
    await noop.run({ params: { n: j }, inputs: { b } }, ctx);
  }
  const baselineMs = performance.now() - tb;
  const baselineStepsPerS = (3 * JOBS) / (baselineMs / 1000);

  // ---- orchestrated
  const queue = new InProcessQueue();
  const registry = new ProviderRegistry();
  registry.register(noop);
  // logs at info (the production default) into /dev/null: their cost counts, their text is not printed
  const logger = pino({ level: "info" }, pino.destination({ dest: "/dev/null", sync: true }));
  for (let j = 0; j < JOBS; j++) {
    await createJob(
      db,
      {
        shop: SHOP,
        type: "bench",
        priority: "batch",
        steps: [
          { name: "a", capability: "bench.noop", params: { n: j } },
          { name: "b", capability: "bench.noop", params: { n: j }, dependsOn: ["a"] },
          { name: "c", capability: "bench.noop", params: { n: j }, dependsOn: ["b"] },
        ],
      },
      { queue },
    );
  }
  const overheads: number[] = [];
  let failed = 0;
  const { Worker } = await import("../app/pipeline/worker");
  const worker = new Worker({ db, registry, queue, assetsFor: rt.assetsFor, maxJobs: MAX_JOBS, pollMs: 50, logger });
  const done = new Promise<void>((resolve) => {
    worker.on("job:end", (e: JobEndEvent) => {
      if (e.job.status !== "succeeded") failed++;
      overheads.push((e.wallMs - e.providerMs) / 3);
      if (overheads.length === JOBS) resolve();
    });
  });
  const t0 = performance.now();
  worker.start();
  await done;
  const wallMs = performance.now() - t0;
  await worker.stop();

  // ---- database baseline: a step's row writes in one transaction (jobs made after the worker stopped, so
  // nothing claims them)
  const dbSteps: number[] = [];
  const baseJobs = Number(process.env.BENCH_DB_BASELINE_JOBS ?? 300);
  const chains: { jobId: string; steps: string[]; j: number }[] = [];
  for (let j = 0; j < baseJobs; j++) {
    const job = await createJob(db, {
      shop: "bench-baseline.myshopify.com",
      type: "bench",
      priority: "batch",
      steps: [
        { name: "a", capability: "bench.noop", params: { n: j } },
        { name: "b", capability: "bench.noop", params: { n: j }, dependsOn: ["a"] },
        { name: "c", capability: "bench.noop", params: { n: j }, dependsOn: ["b"] },
      ],
    });
    const steps = await db.jobStep.findMany({ where: { jobId: job.id }, select: { id: true } });
    chains.push({ jobId: job.id, steps: steps.map((x) => x.id), j });
  }
  // MAX_JOBS chains at once, like the worker's slots
  let next = 0;
  await Promise.all(
    Array.from({ length: MAX_JOBS }, async () => {
      for (let c = chains[next++]; c; c = chains[next++]) {
        for (const [i, id] of c.steps.entries()) {
          const t = performance.now();
          await db.$transaction([
            db.jobStep.update({
              where: { id },
              data: { status: "succeeded", output: JSON.stringify({ assets: {}, data: { n: c.j + i } }), finishedAt: new Date(), durationMs: 0 },
            }),
            db.job.update({ where: { id: c.jobId }, data: { progress: Math.round(((i + 1) / c.steps.length) * 100) } }),
          ]);
          dbSteps.push(performance.now() - t);
        }
      }
    }),
  );
  dbSteps.sort((x, y) => x - y);
  await rt.close();
  rmSync(dir, { recursive: true, force: true });

  overheads.sort((x, y) => x - y);
  const result = {
    jobs: JOBS,
    steps_per_s: Math.round((3 * JOBS) / (wallMs / 1000)),
    step_overhead_ms_p50: round(pct(overheads, 50)),
    step_overhead_ms_p99: round(pct(overheads, 99)),
    baseline_steps_per_s: Math.round(baselineStepsPerS),
    baseline_step_ms: round(baselineMs / (3 * JOBS)),
    db_baseline_step_ms_p50: round(pct(dbSteps, 50)),
    overhead_ratio: round(pct(overheads, 50) / pct(dbSteps, 50)),
    target_overhead_ratio: 2,
    worker_slots: MAX_JOBS,
    db_baseline_chains_at_once: MAX_JOBS,
    load_avg: round(os.loadavg()[0]),
    failed_jobs: failed,
    target_p50_ms: 5,
  };
  console.log(`orchestrated: ${3 * JOBS} steps in ${Math.round(wallMs)} ms; direct calls: ${round(baselineMs)} ms`);
  console.log(JSON.stringify(result));
  if (failed) process.exitCode = 1;
}

await main();
