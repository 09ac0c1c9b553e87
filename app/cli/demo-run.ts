/**
 * What every demo run shares (`mockup demo`, `mockup demo --vendors local`): a worker on the runtime that runs the
 * given jobs with one progress line per finished step, and the outputs a merchant would look at copied into a folder
 * per job, each file printed.
 */
import { copyFile, mkdir } from "node:fs/promises";
import path from "node:path";
import { getJob, type StepView } from "../pipeline/jobs";
import type { Runtime } from "../runtime.server";
import { drawProgress } from "./format";
import type { CliIO } from "./types";
import { cliLogger } from "../monitoring/cli-logger";

export interface DemoJob {
  /** the folder its outputs go to (under the demo's --out) and its heading */
  label: string;
  id: string;
}

const EXT: Record<string, string> = { "model/gltf-binary": "glb", "image/png": "png", "image/jpeg": "jpg", "image/webp": "webp" };

/** Runs the jobs on a worker of the runtime until each is terminal, one progress line per finished step. */
export async function runDemoJobs(rt: Runtime, io: CliIO, shop: string, jobs: DemoJob[]): Promise<void> {
  const total = (await Promise.all(jobs.map((j) => getJob(rt.db, shop, j.id)))).reduce((n, j) => n + (j?.steps.length ?? 0), 0);
  const logger = cliLogger("mockup-demo");
  const worker = await rt.createWorker({ maxJobs: 3, pollMs: 100, logger });
  let done = 0;
  worker.on("step:end", (e: { jobId: string; step: StepView }) => {
    if (!jobs.some((j) => j.id === e.jobId)) return;
    done++;
    const s = e.step;
    const note = `${s.name} ${s.status}${s.cacheHit ? " (cached)" : ""}${s.degraded ? " (degraded)" : ""}${s.provider ? ` by ${s.provider}` : ""}`;
    progressLine(io, done, total, note);
  });
  worker.start();
  try {
    for (const j of jobs) await worker.waitFor(j.id);
  } finally {
    await worker.stop({ graceMs: 0 });
  }
  if (io.tty) process.stdout.write("\n");
}

/** Copies each job's shown outputs to outDir/label and prints them; answers how many jobs did not succeed. */
export async function writeDemoOutputs(rt: Runtime, io: CliIO, shop: string, jobs: DemoJob[], outDir: string): Promise<number> {
  const store = rt.assetsFor(shop);
  let failed = 0;
  for (const { label, id } of jobs) {
    const job = (await getJob(rt.db, shop, id))!;
    const dir = path.join(outDir, label);
    await mkdir(dir, { recursive: true });
    const degraded = job.steps.filter((s) => s.degraded).map((s) => s.name);
    io.out(`\n${label}: ${job.status}${job.degraded ? `, degraded: ${degraded.join(", ")}` : ""}`);
    if (job.status !== "succeeded") failed++;
    for (const s of job.steps) {
      if (s.status !== "succeeded") {
        io.out(`  ${s.name}: ${s.status}${s.error ? `: ${s.error.slice(0, 300)}` : ""}`);
        continue;
      }
      for (const [asset, key] of Object.entries(s.output?.assets ?? {})) {
        if (!isShown(s, asset)) continue;
        const info = await store.info(key);
        const file = path.join(dir, `${s.name.replace(/[^a-zA-Z0-9_-]+/g, "-")}${asset === "image" || asset === "glb" ? "" : `-${asset}`}.${EXT[info?.mediaType ?? ""] ?? "bin"}`);
        await copyFile(await store.path(key), file);
        io.out(`  ${file}${s.provider ? `  (${s.provider}${s.degraded ? ", degraded" : ""})` : ""}`);
      }
    }
  }
  return failed;
}

/** The outputs a merchant would look at: the variant GLB, passes, mockups, hero renders, live previews, imports. */
function isShown({ capability, provider }: StepView, asset: string): boolean {
  if (capability === "asset.variants") return asset === "glb";
  if (capability === "render.passes") return asset === "uv" || asset === "shading";
  // a built-in model is the library's file; an import is what the vendor's model became
  if (capability === "model.fetch") return asset === "glb" && provider !== "local";
  return capability === "mockup.compose" || capability === "render.hero" || capability === "mockup.live";
}

function progressLine(io: CliIO, done: number, total: number, note: string) {
  const pct = Math.min(100, Math.round((done / Math.max(1, total)) * 100));
  if (io.tty) drawProgress(pct, note, 70);
  else io.out(`${String(pct).padStart(3)}% ${note}`);
}
