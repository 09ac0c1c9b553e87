/**
 * bench:blender — the same 6 small hero jobs (512², 16 samples) through a warm pool (one long-lived
 * process, scenes kept when only the colour changes) and with a fresh Blender process per job; then a
 * full drape of each garment. Warm and fresh rounds alternate (median of BENCH_ROUNDS, default 3). Last line: {"jobs","fresh_ms_per_job","warm_ms_per_job","speedup","drape_tee_s","drape_hoodie_s"}.
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
const jobs = ["tee", "hoodie"].flatMap((g) =>
  colours.map(([name, hex]) => ({
    model: path.join(GARMENTS, `${g}.glb`),
    view: "front" as const,
    size: 512,
    samples: 16,
    subdivide: 1, // as the render.hero provider renders garments
    color: { name, hex },
    out: path.join(dir, `${g}-${name}.png`),
  })),
);

async function timeJobs(pool: BlenderPool): Promise<number> {
  const t0 = performance.now();
  for (const job of jobs) await pool.run("hero", job);
  return (performance.now() - t0) / jobs.length;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const warmPool = new BlenderPool({ size: 1 });
  if (!warmPool.available) throw new Error("Blender is not installed: nothing to benchmark");
  await warmPool.warm();
  await warmPool.run("version", {});
  // warm and fresh rounds alternate, so load from other processes on this shared machine hits both alike
  const rounds = Number(process.env.BENCH_ROUNDS) || 3;
  const warmRounds: number[] = [];
  const freshRounds: number[] = [];
  for (let r = 0; r < rounds; r++) {
    warmRounds.push(await timeJobs(warmPool));
    const freshPool = new BlenderPool({ size: 1, maxJobsPerProcess: 1 });
    freshRounds.push(await timeJobs(freshPool));
    await freshPool.close();
    console.log(`round ${r + 1}: warm ${warmRounds[r].toFixed(0)} ms/job, fresh ${freshRounds[r].toFixed(0)} ms/job (load ${os.loadavg()[0].toFixed(1)})`);
  }
  const warm = median(warmRounds);
  const fresh = median(freshRounds);
  console.log(`median of ${rounds} rounds: warm pool ${warm.toFixed(0)} ms/job, fresh process per job ${fresh.toFixed(0)} ms/job`);

  const drape: Record<string, number> = {};
  for (const garment of ["tee", "hoodie"] as const) {
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
      drape_tee_s: r2(drape.tee),
      drape_hoodie_s: r2(drape.hoodie),
    }),
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
