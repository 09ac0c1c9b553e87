/**
 * `mockup demo` (what `npm run demo` runs): the sample catalog of our first customer — a merino tee, a hoodie
 * and a mug in Forest Green, Beige and Black with one design — through the whole pipeline on the embedded
 * default (SQLite, local providers, no Shopify). Prints where every output is.
 *
 * `--vendors local` runs the vendor connectors instead, against their local doubles (app/cli/demo-vendors.ts):
 * each vendor's path, then an outage and the fallback.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { parse } from "../args";
import { CATALOG, demoProductSpec, storeDemoDesign } from "../demo-catalog";
import { demoDesignPng } from "../demo-design";
import { runDemoJobs, writeDemoOutputs, type DemoJob } from "../demo-run";
import { ms } from "../format";
import { UsageError, type CliCommand } from "../types";
import { blenderHealth } from "../../blender";
import { dataDir } from "../../db/url";
import { createJob, getJob } from "../../pipeline/jobs";
import { createRuntime } from "../../runtime.server";

const SHOP = "demo.local";

export const command: CliCommand = {
  name: "demo",
  summary: "run the sample catalog (tee and hoodie in Forest Green/Beige/Black, a mug in White/Black, one design) and print the outputs",
  usage: "mockup demo [--out DIR] [--no-hero] [--size 1024|2048] [--vendors local]",
  async run(argv, io) {
    const { values } = parse(argv, { out: { type: "string" }, "no-hero": { type: "boolean" }, size: { type: "string" }, vendors: { type: "string" } });
    const size = values.size === undefined ? 1024 : Number(values.size);
    if (size !== 1024 && size !== 2048) throw new UsageError("--size must be 1024 or 2048");
    if (values.vendors !== undefined && values.vendors !== "local") throw new UsageError(`--vendors takes "local" (the vendor doubles, started in this process), not "${values.vendors.slice(0, 40)}"`);
    const outDir = path.resolve(values.out ?? path.join(dataDir(), "demo"));

    const blender = await blenderHealth();
    io.out(
      blender.ok
        ? `Blender ${blender.version ?? ""} found: passes and hero renders are rendered by Blender (first run takes minutes; cached after).`
        : `Blender NOT found (${blender.detail ?? blender.status}): passes come from the built-in rasteriser and hero renders from the compositor, both marked degraded. Install it with: apt-get install -y blender python3-numpy`,
    );
    if (values.vendors === "local") {
      const { vendorDemo } = await import("../demo-vendors");
      return vendorDemo(io, { outDir: path.join(outDir, "vendors"), size });
    }

    const rt = await createRuntime();
    try {
      const designKey = await storeDemoDesign(rt, SHOP);
      const jobs: DemoJob[] = [];
      for (const product of CATALOG) {
        const job = await createJob(rt.db, demoProductSpec(SHOP, product, designKey, { size, hero: !values["no-hero"] }), { queue: rt.queue });
        jobs.push({ label: product.productId, id: job.id });
      }
      const total = (await Promise.all(jobs.map((j) => getJob(rt.db, SHOP, j.id)))).reduce((n, j) => n + (j?.steps.length ?? 0), 0);
      io.out(`${jobs.length} product jobs, ${total} steps (shop ${SHOP}); outputs go to ${outDir}`);

      const t0 = performance.now();
      await runDemoJobs(rt, io, SHOP, jobs);
      const failed = await writeDemoOutputs(rt, io, SHOP, jobs, outDir);
      // the design itself, so the README's `mockup run` / `compose` examples have a file to start from
      const designFile = path.join(outDir, "merino-trail.png");
      await mkdir(outDir, { recursive: true });
      await writeFile(designFile, await demoDesignPng());
      io.out(`\ndesign: ${designFile}  (try: npx mockup compose --model hoodie --view front --design ${path.relative(process.cwd(), designFile) || designFile} --color "#F5DEB3" --out hoodie.jpg)`);
      io.out(`\ndemo finished in ${ms(performance.now() - t0)}: ${jobs.length - failed}/${jobs.length} products succeeded`);
      return failed === 0 ? 0 : 1;
    } finally {
      await rt.close();
    }
  },
};
