/**
 * `mockup demo` (what `npm run demo` runs): the sample catalog of our first customer — a merino tee, a hoodie
 * and a mug in Forest Green, Beige and Black with one design — through the whole pipeline on the embedded
 * default (SQLite, local providers, no Shopify). Prints where every output is.
 */
import { copyFile, mkdir } from "node:fs/promises";
import path from "node:path";
import pino from "pino";
import { parse } from "../args";
import { drawProgress, ms } from "../format";
import { UsageError, type CliCommand, type CliIO } from "../types";
import { blenderHealth } from "../../blender";
import { dataDir } from "../../db/url";
import { storeDesign } from "../../designs/intake";
import { createJob, getJob, type StepView } from "../../pipeline/jobs";
import type { Color } from "../../contracts/colour";
import { productJobSpec, type ProductJobInput } from "../../pipeline/pipelines/product";
import { createRuntime } from "../../runtime.server";
import { demoDesignPng } from "../demo-design";
import { DEFAULTS as ENV_DEFAULTS, logLevel } from "../../config/env";

const SHOP = "demo.local";
const MERINO: Color[] = [
  // the store's own colours (brief): renders and mockups must show these, not darker stand-ins
  { name: "Forest Green", hex: "#2E8B57" },
  { name: "Beige", hex: "#F5DEB3" },
  { name: "Black", hex: "#000000" },
];

interface DemoProduct {
  productId: string;
  model: string;
  colors: Color[];
  views: ProductJobInput["views"];
  hero: boolean;
  /** a small neck print on the back as well as the chest print */
  backPrint?: boolean;
}

const CATALOG: DemoProduct[] = [
  { productId: "merino-tee", model: "tee", colors: MERINO, views: ["front", "back", "three_quarter"], hero: true, backPrint: true },
  { productId: "merino-hoodie", model: "hoodie", colors: MERINO, views: ["front"], hero: true },
  { productId: "trail-mug", model: "mug", colors: [{ name: "White", hex: "#F2F2F0" }, MERINO[2]], views: ["front"], hero: false },
];

const EXT: Record<string, string> = { "model/gltf-binary": "glb", "image/png": "png", "image/jpeg": "jpg", "image/webp": "webp" };

export const command: CliCommand = {
  name: "demo",
  summary: "run the sample catalog (tee, hoodie, mug × Forest Green/Beige/Black × a design) and print the outputs",
  usage: "mockup demo [--out DIR] [--no-hero] [--size 1024|2048]",
  async run(argv, io) {
    const { values } = parse(argv, { out: { type: "string" }, "no-hero": { type: "boolean" }, size: { type: "string" } });
    const size = values.size === undefined ? 1024 : Number(values.size);
    if (size !== 1024 && size !== 2048) throw new UsageError("--size must be 1024 or 2048");
    const outDir = path.resolve(values.out ?? path.join(dataDir(), "demo"));

    const blender = await blenderHealth();
    io.out(
      blender.ok
        ? `Blender ${blender.version ?? ""} found: passes and hero renders are rendered by Blender (first run takes minutes; cached after).`
        : `Blender NOT found (${blender.detail ?? blender.status}): passes come from the built-in rasteriser and hero renders from the compositor, both marked degraded. Install it with: apt-get install -y blender python3-numpy`,
    );

    const rt = await createRuntime();
    try {
      const store = rt.assetsFor(SHOP);
      const design = await storeDesign(store, await demoDesignPng(), { filename: "merino-trail.png" });
      await rt.db.design.upsert({
        where: { id: `demo-${design.key.slice(0, 16)}` },
        create: { id: `demo-${design.key.slice(0, 16)}`, shop: SHOP, assetKey: design.key, name: "Merino Trail (demo)", width: design.width, height: design.height, mediaType: design.mediaType },
        update: {},
      });

      const jobs: { product: DemoProduct; id: string }[] = [];
      for (const product of CATALOG) {
        const spec = productJobSpec({
          shop: SHOP,
          productId: product.productId,
          model: product.model,
          colors: product.colors,
          views: product.views,
          designs: [
            { key: design.key, placement: { area: "front", scale: 0.7 } },
            ...(product.backPrint ? [{ key: design.key, placement: { area: "back", scale: 0.3, offsetY: -0.3 } }] : []),
          ],
          mockupSize: size as 1024 | 2048,
          format: "jpeg",
          heroes: product.hero && !values["no-hero"] ? { views: ["front"], colors: ["Forest Green"], size: 512, samples: 16, transparent: true } : undefined,
        });
        const job = await createJob(rt.db, spec, { queue: rt.queue });
        jobs.push({ product, id: job.id });
      }
      const total = (await Promise.all(jobs.map((j) => getJob(rt.db, SHOP, j.id)))).reduce((n, j) => n + (j?.steps.length ?? 0), 0);
      io.out(`${jobs.length} product jobs, ${total} steps (shop ${SHOP}); outputs go to ${outDir}`);

      const logger = pino({ level: logLevel(ENV_DEFAULTS.quietLogLevel), base: { service: "mockup-demo" } }, pino.destination(2));
      const worker = await rt.createWorker({ maxJobs: 3, pollMs: 100, logger });
      let done = 0;
      const t0 = performance.now();
      worker.on("step:end", (e: { step: StepView }) => {
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

      let failed = 0;
      for (const { product, id } of jobs) {
        const job = (await getJob(rt.db, SHOP, id))!;
        const dir = path.join(outDir, product.productId);
        await mkdir(dir, { recursive: true });
        const degraded = job.steps.filter((s) => s.degraded).map((s) => s.name);
        io.out(`\n${product.productId} (${product.model}): ${job.status}${job.degraded ? `, degraded: ${degraded.join(", ")}` : ""}`);
        if (job.status !== "succeeded") failed++;
        for (const s of job.steps) {
          if (s.status !== "succeeded") {
            io.out(`  ${s.name}: ${s.status}${s.error ? `: ${s.error.slice(0, 300)}` : ""}`);
            continue;
          }
          for (const [asset, key] of Object.entries(s.output?.assets ?? {})) {
            if (!isShown(s.capability, asset)) continue;
            const info = await store.info(key);
            const file = path.join(dir, `${s.name.replace(/[^a-zA-Z0-9_-]+/g, "-")}${asset === "image" || asset === "glb" ? "" : `-${asset}`}.${EXT[info?.mediaType ?? ""] ?? "bin"}`);
            await copyFile(await store.path(key), file);
            io.out(`  ${file}`);
          }
        }
      }
      io.out(`\ndemo finished in ${ms(performance.now() - t0)}: ${jobs.length - failed}/${jobs.length} products succeeded`);
      return failed === 0 ? 0 : 1;
    } finally {
      await rt.close();
    }
  },
};

/** The outputs a merchant would look at: the variant GLB, passes, mockups and hero renders. */
function isShown(capability: string, asset: string): boolean {
  if (capability === "asset.variants") return asset === "glb";
  if (capability === "render.passes") return asset === "uv" || asset === "shading";
  return capability === "mockup.compose" || capability === "render.hero";
}

function progressLine(io: CliIO, done: number, total: number, note: string) {
  const pct = Math.min(100, Math.round((done / Math.max(1, total)) * 100));
  if (io.tty) drawProgress(pct, note, 70);
  else io.out(`${String(pct).padStart(3)}% ${note}`);
}
