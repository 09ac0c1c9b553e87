/**
 * `npm run bench:mockup`: our compositor vs a naive sharp pipeline on the same inputs (the library tee, front
 * view, passes from the built-in rasteriser; a generated 1800² RGBA design), then a 1,000-mockup catalog on
 * worker threads. Last line: one JSON object.
 *   mockup_2048_ms_p50 / mockup_1024_ms_p50: one mockup (composite + JPEG q85), one thread, passes decoded and cached;
 *   *_cpu_ms_p50 the same in CPU time (every thread of the process): on a loaded machine wall time is mostly the run queue
 *   naive_sharp_2048_ms_p50: design resized → composited over the tinted template → multiply shading → mask → JPEG q85
 *   catalog_1000_s: 10 designs × 25 colours × 2 views × 2 models at 1024² JPEG, one worker per core, cold cache
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { LocalDiskBlobStore } from "../app/assets/store/local-disk";
import { loadModel } from "../app/library";
import { MemoryMockupCache } from "../app/mockups/catalog/cache";
import { runCatalog, type CatalogItem } from "../app/mockups/catalog/run";
import { composeMockup, areaScreenSize } from "../app/mockups/compose/mockup";
import { findArea } from "../app/contracts/print-area";
import { placementSchema, printedRect } from "../app/contracts/placement";
import { LocalAssetStore } from "../app/mockups/local-workspace";
import { decodePasses, passesAtSize, type EncodedPasses, type Passes } from "../app/mockups/passes/format";
import { rasteriseGlb } from "../app/mockups/passes/rasterise";
import type { ModelInfo } from "../app/contracts/model-info";
import type { View } from "../app/contracts/view";

const rss = () => `[rss ${process.memoryUsage().rss >> 20} MB, peak ${process.resourceUsage().maxRSS >> 10} MB]`;
const log = (s: string) => process.stdout.write(`${s} ${rss()}\n`);
const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** A colourful 1800² design with soft alpha edges, made in code. */
async function makeDesign(seed: number): Promise<Buffer> {
  const W = 1800;
  const px = Buffer.alloc(W * W * 4);
  for (let y = 0; y < W; y++) {
    for (let x = 0; x < W; x++) {
      const i = (y * W + x) * 4;
      const dx = x - W / 2, dy = y - W / 2;
      const r = Math.hypot(dx, dy);
      px[i] = (x * (3 + seed)) & 255;
      px[i + 1] = (y * 2 + seed * 40) & 255;
      px[i + 2] = ((x + y) >> 2) & 255;
      px[i + 3] = r < 700 ? 255 : r < 860 ? Math.round(255 * (1 - (r - 700) / 160)) : 0;
    }
  }
  return sharp(px, { raw: { width: W, height: W, channels: 4 } }).png({ compressionLevel: 1 }).toBuffer();
}

/** The naive pipeline: what a mockup service without UV passes does with sharp, per mockup. */
async function naiveSharp(tpl: { shading8: Buffer; mask8: Buffer; size: number }, design: Buffer, rect: { left: number; top: number; width: number; height: number }, hex: string): Promise<Buffer> {
  const { size } = tpl;
  const resized = await sharp(design).resize(rect.width, rect.height, { fit: "fill" }).png().toBuffer();
  // tinted template: fabric colour × shading, the design over it, shading multiplied again over the design
  const base = await sharp({ create: { width: size, height: size, channels: 3, background: hex } })
    .composite([
      { input: resized, left: rect.left, top: rect.top },
      { input: tpl.shading8, blend: "multiply" },
    ])
    .png({ compressionLevel: 0 })
    .toBuffer();
  const cut = await sharp(base).ensureAlpha().composite([{ input: tpl.mask8, blend: "dest-in" }]).png({ compressionLevel: 0 }).toBuffer();
  return sharp({ create: { width: size, height: size, channels: 3, background: "#ffffff" } })
    .composite([{ input: cut }])
    .jpeg({ quality: 85 })
    .toBuffer();
}

async function main() {
  sharp.cache(false); // libvips' operation cache only holds memory here: every output is new
  const tmp = mkdtempSync(path.join(os.tmpdir(), "bench-mockup-"));
  try {
    // set-up keeps only the encoded passes (a few MB): decoded ones are 36 MB per view
    const models: Record<string, { info: ModelInfo; passes: Partial<Record<View, EncodedPasses>> }> = {};
    const t0 = performance.now();
    for (const name of ["tee", "hoodie"]) {
      const m = await loadModel(name);
      models[name] = { info: m.info, passes: {} };
      for (const view of ["front", "back"] as View[]) {
        models[name].passes[view] = (await rasteriseGlb(m.glb, { view, size: 2048, tintMaterials: m.info.tintMaterials })).encoded;
      }
    }
    log(`set-up: library tee + hoodie, passes rasterised for front/back at 2048 in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    // 1,000-mockup catalog on worker threads (workers run sharp with its default concurrency)
    const assets = new LocalAssetStore(new LocalDiskBlobStore(path.join(tmp, "blobs")));
    const designKeys: string[] = [];
    for (let d = 0; d < 10; d++) designKeys.push(await assets.put(await makeDesign(d + 2), { kind: "design", mediaType: "image/png" }));
    const items: CatalogItem[] = [];
    for (const name of ["tee", "hoodie"]) {
      for (const view of ["front", "back"] as View[]) {
        const e = models[name].passes[view]!;
        const meta2 = { kind: "pass", mediaType: "image/png" };
        const passKeys = { uv: await assets.put(e.uv, meta2), shading: await assets.put(e.shading, meta2), mask: await assets.put(e.mask, meta2) };
        for (const key of designKeys) {
          for (let c = 0; c < 25; c++) {
            const hex = `#${((c * 0x0a1b2c + 0x102030) & 0xffffff).toString(16).padStart(6, "0")}`;
            items.push({ model: name, view, passKeys, printAreas: models[name].info.printAreas, design: { key }, color: { name: hex, hex }, placement: { area: view === "back" ? "back" : "front" }, size: 1024, format: "jpeg" });
          }
        }
      }
    }
    const cache = new MockupCache();
    const threads = os.availableParallelism();
    const c0 = performance.now();
    const summary = await runCatalog({ items, assets, cache, threads });
    const catalogS = (performance.now() - c0) / 1000;
    const r0 = performance.now();
    const rerun = await runCatalog({ items, assets, cache, threads });
    log(`catalog: ${items.length} mockups (1024² JPEG) on ${threads} worker threads in ${catalogS.toFixed(1)} s: ${summary.computed} computed, ${summary.failed} failed; re-run ${((performance.now() - r0) / 1000).toFixed(2)} s with ${rerun.computed} computed, ${rerun.cached} cached`);


    sharp.concurrency(1); // "one core": libvips would otherwise use a thread per core for encodes
    const passes2048 = await decodePasses(models.tee.passes.front!);
    const passes1024 = passesAtSize(passes2048, 1024);
    const info = models.tee.info;
    const design = await makeDesign(1);
    const placement = placementSchema.parse({ area: "front", scale: 0.8 });
    const N = 25;

    // ours
    const run = async (passes: Passes, hex: string) =>
      composeMockup({ passes, printAreas: info.printAreas, color: hex, design: { bytes: design, key: "bench-design" }, placement, format: "jpeg", quality: 85 });
    for (let i = 0; i < 3; i++) {
      await run(passes2048, "#2E8B57");
      await run(passes1024, "#2E8B57");
    }
    const ours2048: number[] = [], ours1024: number[] = [];
    const cpu2048: number[] = [], cpu1024: number[] = [];
    const cpuMs = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1000;
    const split = { composite: [] as number[], encode: [] as number[] };
    for (let i = 0; i < N; i++) {
      const hex = `#${(0x204060 + i * 0x050301).toString(16).padStart(6, "0")}`;
      let c0 = process.cpuUsage();
      let t = performance.now();
      const m = await run(passes2048, hex);
      ours2048.push(performance.now() - t);
      cpu2048.push(cpuMs(process.cpuUsage(c0)));
      split.composite.push(m.timings.composite);
      split.encode.push(m.timings.encode);
      c0 = process.cpuUsage();
      t = performance.now();
      await run(passes1024, hex);
      ours1024.push(performance.now() - t);
      cpu1024.push(cpuMs(process.cpuUsage(c0)));
    }
    log(`ours 2048² JPEG p50 ${p50(ours2048).toFixed(1)} ms (composite ${p50(split.composite).toFixed(1)}, encode ${p50(split.encode).toFixed(1)}); 1024² p50 ${p50(ours1024).toFixed(1)} ms; CPU ${p50(cpu2048).toFixed(1)} / ${p50(cpu1024).toFixed(1)} ms`);

    // naive sharp on the same inputs: 8-bit shading and mask PNGs, design resized into the area's screen rect
    const enc = models.tee.passes.front!;
    const shading8 = await sharp(enc.shading).toColourspace("b-w").linear(2, 0).png().toBuffer(); // shading/2 → shading, clipped
    const mask8 = enc.mask;
    const area = findArea(info.printAreas, "front");
    const screen = areaScreenSize(passes2048, area);
    const box = areaBox(passes2048, area);
    const meta = await sharp(design).metadata();
    const pr = printedRect(placement, area, meta.width!, meta.height!);
    const w = Math.round((pr.widthCm / area.widthCm) * screen.w);
    const h = Math.round((w * meta.height!) / meta.width!);
    const rect = { left: Math.round(box.x0 + (pr.centerXCm / area.widthCm) * screen.w - w / 2), top: Math.round(box.y0 + (pr.centerYCm / area.heightCm) * screen.h - h / 2), width: w, height: h };
    const tpl = { shading8, mask8, size: 2048 };
    for (let i = 0; i < 2; i++) await naiveSharp(tpl, design, rect, "#2E8B57");
    const naive: number[] = [];
    for (let i = 0; i < 12; i++) {
      const t = performance.now();
      await naiveSharp(tpl, design, rect, "#2E8B57");
      naive.push(performance.now() - t);
    }
    log(`naive sharp 2048² JPEG p50 ${p50(naive).toFixed(1)} ms`);

    // other processes on this machine skew single-core timings: say how busy it was
    log(`load average (1/5 min) ${os.loadavg().slice(0, 2).map((l) => l.toFixed(1)).join(" / ")} on ${os.availableParallelism()} cores`);
    const peakRssMb = process.resourceUsage().maxRSS / 1024;
    const result = {
      mockup_2048_ms_p50: round(p50(ours2048)),
      mockup_1024_ms_p50: round(p50(ours1024)),
      mockup_2048_cpu_ms_p50: round(p50(cpu2048)),
      mockup_1024_cpu_ms_p50: round(p50(cpu1024)),
      naive_sharp_2048_ms_p50: round(p50(naive)),
      speedup: round(p50(naive) / p50(ours2048)),
      catalog_1000_s: round(catalogS),
      peak_rss_mb: Math.round(peakRssMb),
      load_avg: round(os.loadavg()[0]),
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

class MockupCache extends MemoryMockupCache {}

function areaBox(p: Passes, area: ModelInfo["printAreas"][number]) {
  const u0 = area.uv.u0 * 65535, u1 = area.uv.u1 * 65535, v0 = area.uv.v0 * 65535, v1 = area.uv.v1 * 65535;
  let x0 = Infinity, y0 = Infinity;
  for (let i = 0; i < p.width * p.height; i++) {
    if (p.cov[i] && p.u[i] >= u0 && p.u[i] <= u1 && p.v[i] >= v0 && p.v[i] <= v1) {
      x0 = Math.min(x0, i % p.width);
      y0 = Math.min(y0, Math.floor(i / p.width));
    }
  }
  return { x0, y0 };
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

await main();
