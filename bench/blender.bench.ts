/**
 * bench:blender — the same 6 small hero jobs (512², 16 samples) through a warm pool (one long-lived
 * process, scenes kept when only the colour changes) and with a fresh Blender process per job; then a
 * full drape of each garment. Warm and fresh rounds alternate (median of BENCH_ROUNDS, default 3).
 *
 * At 512²/16 samples a warm job is mostly path tracing, so the ratio hides what the pool removes. Two more
 * numbers show it: warm_overhead_ms, a warm job's wall time minus the render time Blender prints in its render
 * stats (what the pool could still remove; target share ≤ 0.05), and speedup_small, the same warm/fresh
 * comparison at 256² and 4 samples where per-job overhead dominates (target ≥ 4).
 * Last line: {"jobs","fresh_ms_per_job","warm_ms_per_job","speedup","warm_overhead_ms","warm_overhead_share",
 * "small_fresh_ms_per_job","small_warm_ms_per_job","speedup_small","drape_tee_s","drape_hoodie_s"}.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { BlenderPool } from "../app/blender/pool";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const GARMENTS = path.join(ROOT, "app/library/garments");
const dir = mkdtempSync(path.join(os.tmpdir(), "bench-blender-"));

const colours = [
  ["red", "#b0202a"],
  ["navy", "#1f2a44"],
  ["white", "#f4f4f4"],
] as const;
const heroJobs = (size: number, samples: number) =>
  ["tee", "hoodie"].flatMap((g) =>
    colours.map(([name, hex]) => ({
      model: path.join(GARMENTS, `${g}.glb`),
      view: "front" as const,
      size,
      samples,
      subdivide: 1, // as the render.hero provider renders garments
      color: { name, hex },
      out: path.join(dir, `${g}-${name}-${size}.png`),
    })),
  );
const jobs = heroJobs(512, 16);
const smallJobs = heroJobs(256, 4);

/** Mean wall ms per job; `overheads` collects each job's wall time minus Blender's reported render time. */
async function timeJobs(pool: BlenderPool, list = jobs, overheads?: { wall: number; overhead: number }[]): Promise<number> {
  const t0 = performance.now();
  for (const job of list) {
    const t = performance.now();
    const { result } = await pool.run("hero", job);
    const wall = performance.now() - t;
    if (overheads && typeof result.renderMs === "number") overheads.push({ wall, overhead: wall - result.renderMs });
  }
  return (performance.now() - t0) / list.length;
}

/** Warm and fresh rounds alternated; medians of the per-round means. */
async function compare(warmPool: BlenderPool, list: typeof jobs, rounds: number, label: string, overheads?: { wall: number; overhead: number }[]) {
  const warmRounds: number[] = [];
  const freshRounds: number[] = [];
  for (let r = 0; r < rounds; r++) {
    warmRounds.push(await timeJobs(warmPool, list, overheads));
    const freshPool = new BlenderPool({ size: 1, maxJobsPerProcess: 1 });
    freshRounds.push(await timeJobs(freshPool, list));
    await freshPool.close();
    console.log(`${label} round ${r + 1}: warm ${warmRounds[r].toFixed(0)} ms/job, fresh ${freshRounds[r].toFixed(0)} ms/job (load ${os.loadavg()[0].toFixed(1)})`);
  }
  return { warm: median(warmRounds), fresh: median(freshRounds) };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const warmPool = new BlenderPool({ size: 1 });
  if (!warmPool.available) throw new Error("Blender is not installed: nothing to benchmark");
  await warmPool.warm();
  await warmPool.run("version", {});
  // warm and fresh rounds alternate, so load from other processes on this shared machine hits both alike
  const rounds = Number(process.env.BENCH_ROUNDS) || 3;
  const overheads: { wall: number; overhead: number }[] = [];
  const { warm, fresh } = await compare(warmPool, jobs, rounds, "512²/16", overheads);
  console.log(`median of ${rounds} rounds: warm pool ${warm.toFixed(0)} ms/job, fresh process per job ${fresh.toFixed(0)} ms/job`);
  // the first job of each round after a fresh pool builds its scene: the overhead is the median job's
  const overheadMs = median(overheads.map((o) => o.overhead));
  const overheadShare = median(overheads.map((o) => o.overhead / o.wall));
  console.log(`warm overhead (wall - Blender's render time): median ${overheadMs.toFixed(0)} ms, share ${overheadShare.toFixed(3)}`);
  const small = await compare(warmPool, smallJobs, rounds, "256²/4");

  const drape: Record<string, number> = {};
  // BENCH_DRAPES=0 skips the drapes (a drape is minutes on a loaded machine); they then read null
  for (const garment of process.env.BENCH_DRAPES === "0" ? [] : (["tee", "hoodie"] as const)) {
    const t0 = performance.now();
    const { result } = await warmPool.run("drape", { garment, size: "M", out: path.join(dir, `${garment}.glb`) });
    drape[garment] = (performance.now() - t0) / 1000;
    console.log(`drape ${garment}: ${drape[garment].toFixed(1)} s (${result.triangles} triangles)`);
  }
  await warmPool.close();
  rmSync(dir, { recursive: true, force: true });
  const r2 = (x: number) => Math.round(x * 100) / 100;
  console.log(
    JSON.stringify({
      jobs: jobs.length,
      fresh_ms_per_job: Math.round(fresh),
      warm_ms_per_job: Math.round(warm),
      speedup: r2(fresh / warm),
      warm_overhead_ms: Math.round(overheadMs),
      warm_overhead_share: Math.round(overheadShare * 1000) / 1000,
      small_fresh_ms_per_job: Math.round(small.fresh),
      small_warm_ms_per_job: Math.round(small.warm),
      speedup_small: r2(small.fresh / small.warm),
      drape_tee_s: drape.tee === undefined ? null : r2(drape.tee),
      drape_hoodie_s: drape.hoodie === undefined ? null : r2(drape.hoodie),
    }),
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
