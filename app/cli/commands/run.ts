/**
 * `mockup run`: one product pipeline from local files, no Shopify. Creates the job with productJobSpec,
 * runs an in-process worker until the job ends, shows progress, prints the output asset paths.
 */
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { DesignRejectedError, intakeDesign, storeIntake, type IntakeResult } from "../../designs/intake";
import { colorListArg, parse, shopArg } from "../args";
import { drawProgress, ms } from "../format";
import { UsageError, type CliCommand, type CliIO } from "../types";
import { cancelJob, createJob, getJob } from "../../pipeline/jobs";
import { productJobSpec, type ProductJobInput } from "../../pipeline/pipelines/product";
import { createRuntime, type Runtime } from "../../runtime.server";
import type { StepView } from "../../pipeline/jobs";
import { cliLogger } from "../../monitoring/cli-logger";

const MAX_DESIGN_BYTES = 25 * 1024 * 1024;

export const command: CliCommand = {
  name: "run",
  summary: "run one product pipeline from local files (no Shopify) and print the outputs",
  usage:
    'mockup run --model NAME --colors "Black=#000000,Beige=#F5DEB3" [--design FILE …] [--views front,back] [--shop SHOP] [--product ID] [--size 1024|2048] [--format jpeg|webp|png] [--json]',
  async run(argv, io) {
    const { values } = parse(argv, {
      model: { type: "string" },
      colors: { type: "string" },
      design: { type: "string", multiple: true },
      views: { type: "string" },
      shop: { type: "string" },
      product: { type: "string" },
      size: { type: "string" },
      format: { type: "string" },
      json: { type: "boolean" },
    });
    if (!values.model) throw new UsageError("--model is required (e.g. --model tee)");
    if (!values.colors) throw new UsageError('--colors is required (e.g. --colors "Black=#000000,White=#FFFFFF")');
    const shop = shopArg(values.shop);
    const colors = colorListArg("colors", values.colors);
    const views = values.views ? values.views.split(",").map((v) => v.trim()) : undefined;
    const size = values.size === undefined ? undefined : Number(values.size);
    const base = {
      shop,
      productId: values.product ?? `local-${values.model}`,
      model: values.model,
      colors,
      views,
      mockupSize: size,
      format: values.format,
    } as ProductJobInput;
    // validate everything (with placeholder design keys) before anything is stored
    const designFiles = values.design ?? [];
    toSpec({ ...base, designs: designFiles.map(() => ({ key: "0".repeat(64) })) });
    // every design goes through design intake (sniffed, limited, re-encoded) before anything is stored
    const accepted: { file: string; intake: IntakeResult }[] = [];
    for (const f of designFiles) accepted.push({ file: f, intake: await checkDesign(f) });

    const rt = await createRuntime();
    try {
      const designs = [];
      for (const d of accepted) designs.push({ key: await importDesign(rt, shop, d.file, d.intake) });
      const job = await createJob(rt.db, toSpec({ ...base, designs }), { queue: rt.queue });
      return await follow(rt, job.id, shop, io, values.json === true);
    } finally {
      await rt.close();
    }
  },
};

function toSpec(input: ProductJobInput) {
  try {
    return productJobSpec(input);
  } catch (err) {
    if (err instanceof z.ZodError) {
      throw new UsageError(err.issues.map((i) => `${flagFor(i.path)}: ${i.message}`).join("; "));
    }
    throw err;
  }
}

function flagFor(p: PropertyKey[]): string {
  const map: Record<string, string> = { model: "--model", colors: "--colors", views: "--views", mockupSize: "--size", format: "--format", productId: "--product", shop: "--shop", designs: "--design" };
  return map[String(p[0])] ?? p.join(".");
}

async function checkDesign(file: string): Promise<IntakeResult> {
  const st = await stat(file).catch(() => null);
  if (!st?.isFile()) throw new UsageError(`--design: ${file} is not a readable file`);
  // checked before reading so a huge file is never loaded (intake has the same limit)
  if (st.size > MAX_DESIGN_BYTES) throw new UsageError(`--design: ${file} is larger than ${MAX_DESIGN_BYTES / 1024 / 1024} MB`);
  try {
    return await intakeDesign(await readFile(file), { filename: path.basename(file) });
  } catch (err) {
    if (err instanceof DesignRejectedError) throw new UsageError(`--design: ${file} was rejected: ${err.message}`);
    throw err;
  }
}

/** Stores an accepted design for the shop; one Design row per (shop, asset key), reused by later runs. */
async function importDesign(rt: Runtime, shop: string, file: string, intake: IntakeResult): Promise<string> {
  const { key } = await storeIntake(rt.assetsFor(shop), intake, { uploadedBy: "merchant" });
  const existing = await rt.db.design.findFirst({ where: { shop, assetKey: key }, select: { id: true } });
  if (!existing) {
    await rt.db.design.create({
      data: { shop, assetKey: key, name: path.basename(file).slice(0, 100), source: "merchant", width: intake.width, height: intake.height, mediaType: intake.mediaType },
    });
  }
  return key;
}

async function follow(rt: Runtime, jobId: string, shop: string, io: CliIO, json: boolean): Promise<number> {
  // logs go to stderr so stdout stays the command's output; warnings and errors only unless LOG_LEVEL says otherwise
  const logger = cliLogger("mockup-cli");
  const worker = await rt.createWorker({ maxJobs: 2, pollMs: 250, heartbeatMs: 2000, logger });
  const total = (await getJob(rt.db, shop, jobId))!.steps.length;
  if (!json) io.out(`job ${jobId}: ${total} steps`);
  let last = "";
  const draw = (progress: number, note: string) => {
    if (json) return;
    if (io.tty) {
      drawProgress(progress, note);
      last = note;
    }
  };
  worker.on("progress", (e: { jobId: string; progress: number }) => e.jobId === jobId && draw(e.progress, last));
  worker.on("step:end", (e: { jobId: string; step: StepView; progress: number }) => {
    if (e.jobId !== jobId) return;
    const s = e.step;
    const note = `${s.name} ${s.status}${s.cacheHit ? " (cache)" : ""}${s.degraded ? " (degraded)" : ""}`;
    if (io.tty) draw(e.progress, note);
    else if (!json) io.out(`${String(e.progress).padStart(3)}% ${note}${s.error ? `: ${s.error.slice(0, 200)}` : ""}`);
  });
  const onInt = () => void cancelJob(rt.db, shop, jobId, { queue: rt.queue }).catch(() => undefined);
  process.on("SIGINT", onInt);
  worker.start();
  try {
    await worker.waitFor(jobId);
  } finally {
    process.off("SIGINT", onInt);
    await worker.stop({ graceMs: 0 });
  }
  if (io.tty && !json) process.stdout.write("\n");
  const job = (await getJob(rt.db, shop, jobId))!;
  if (json) {
    io.out(JSON.stringify({ id: job.id, status: job.status, degraded: job.degraded, error: job.error, outputs: outputs(rt, job.steps) }));
  } else {
    const took = job.finishedAt && job.startedAt ? ms(job.finishedAt.getTime() - job.startedAt.getTime()) : "-";
    io.out(`job ${job.id} ${job.status}${job.degraded ? " (degraded)" : ""} in ${took}`);
    for (const s of job.steps.filter((x) => x.status !== "succeeded")) io.out(`  ${s.name}: ${s.status}${s.error ? `: ${s.error}` : ""}`);
    for (const o of outputs(rt, job.steps)) io.out(`  ${o.step}/${o.asset}: ${o.path}`);
    if (job.error) io.err(`error: ${job.error}`);
  }
  return job.status === "succeeded" ? 0 : 1;
}

function outputs(rt: Runtime, steps: StepView[]) {
  return steps.flatMap((s) =>
    Object.entries(s.output?.assets ?? {}).map(([asset, key]) => ({ step: s.name, asset, key, path: rt.blobs.pathOf ? rt.blobs.pathOf(key) : key })),
  );
}
