/**
 * `npm run bench:printfile`: 100 print files of a 4,000 × 4,000 px design placed (fit) on a 30 × 40 cm print area
 * (3,543 × 4,724 px canvas at 300 DPI), against the plainest sharp pipeline that makes the same pixels, in the
 * same run, interleaved so both see the same machine load:
 *   baseline: decode, resize to fit, composite onto a transparent canvas, PNG at default settings
 *   ours:     renderPrintFile (app/orders/printfile/render.ts)
 * Every tenth file's pixels are compared with the baseline's (the run fails on any difference). Last line: one JSON
 * object; ratio = ms_p95 / baseline_ms_p95; cpu_ms_* is the process CPU time per print file: with libvips on one
 * thread (sharp_concurrency, its default on glibc) about the wall time an idle machine shows, an upper bound with
 * more threads; on a shared, loaded machine the wall clock mostly measures the run queue (load_avg_1m).
 */
import { loadavg } from "node:os";
import sharp from "sharp";
import { renderPrintFile } from "../app/orders/printfile/render";
import { layerBox, resolvePlacement, canvasSize } from "../app/orders/printfile/layout";

const FILES = Number(process.env.BENCH_FILES ?? 100);
const SIZE = 4000;
const AREA = { name: "front", widthCm: 30, heightCm: 40 };

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];
const log = (s: string) => process.stderr.write(`${s} [peak rss ${process.resourceUsage().maxRSS >> 10} MB]\n`);

/** A shopper-like design: an opaque disc with a gradient, a checkered ring with hard alpha edges, a soft rim. */
async function makeDesign(): Promise<Buffer> {
  const px = Buffer.alloc(SIZE * SIZE * 4);
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const i = (y * SIZE + x) * 4;
      const r = Math.hypot(x - SIZE / 2, y - SIZE / 2);
      const band = (Math.floor(x / 250) + Math.floor(y / 250)) & 1;
      px[i] = (x >> 4) & 255;
      px[i + 1] = (y >> 4) & 255;
      px[i + 2] = ((x + y) >> 5) & 255;
      px[i + 3] = r < 1500 ? 255 : r < 1900 ? (band ? 255 : 0) : r < 1950 ? Math.round(255 * (1 - (r - 1900) / 50)) : 0;
    }
  }
  return sharp(px, { raw: { width: SIZE, height: SIZE, channels: 4 } }).png().toBuffer();
}

async function baseline(design: Buffer, left: number, top: number): Promise<Buffer> {
  const canvas = canvasSize(AREA, 300);
  const resized = await sharp(design).resize(canvas.width, canvas.height, { fit: "inside" }).toBuffer();
  return sharp({ create: { ...canvas, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
    .composite([{ input: resized, left, top }])
    .png()
    .toBuffer();
}

async function samePixels(a: Buffer, b: Buffer): Promise<number> {
  const [x, y] = await Promise.all([sharp(a).raw().toBuffer(), sharp(b).raw().toBuffer()]);
  if (x.length !== y.length) return Math.max(x.length, y.length);
  let diff = 0;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) diff++;
  return diff;
}

async function main() {
  const design = await makeDesign();
  const placement = resolvePlacement("fit", AREA, SIZE, SIZE);
  const box = layerBox(placement, AREA, SIZE, SIZE, 300);
  log(`design ${design.length} B; canvas ${JSON.stringify(canvasSize(AREA, 300))}; placed at ${box.left},${box.top} ${box.width}×${box.height}`);
  const layer = { input: design, width: SIZE, height: SIZE, placement };
  // warm both (the composite table, libvips' first-use costs)
  await renderPrintFile(AREA, [layer]);
  await baseline(design, box.left, box.top);

  const ours: number[] = [], base: number[] = [], oursBytes: number[] = [], baseBytes: number[] = [];
  // CPU time of the process (every libvips thread) per file: what an idle machine's wall time would be, whatever
  // the load of a shared machine makes the wall clock read
  const oursCpu: number[] = [], baseCpu: number[] = [];
  let mismatched = 0;
  for (let i = 0; i < FILES; i++) {
    // alternate which goes first, so neither always runs right after the other's garbage
    const runOurs = async () => {
      const t = performance.now();
      const c = process.cpuUsage();
      const out = await renderPrintFile(AREA, [layer]);
      ours.push(performance.now() - t);
      const used = process.cpuUsage(c);
      oursCpu.push((used.user + used.system) / 1000);
      oursBytes.push(out.png.length);
      return out.png;
    };
    const runBase = async () => {
      const t = performance.now();
      const c = process.cpuUsage();
      const out = await baseline(design, box.left, box.top);
      base.push(performance.now() - t);
      const used = process.cpuUsage(c);
      baseCpu.push((used.user + used.system) / 1000);
      baseBytes.push(out.length);
      return out;
    };
    const [a, b] = i % 2 === 0 ? [await runOurs(), await runBase()] : [await runBase(), await runOurs()].reverse();
    // every tenth file is compared pixel by pixel (comparing all 100 would double the run for the same answer)
    if (i % 10 === 0) {
      const diff = await samePixels(a, b);
      if (diff > 0) mismatched++;
      log(`file ${i}: ours ${Math.round(ours[i])} ms ${a.length} B, baseline ${Math.round(base[i])} ms ${b.length} B, differing channel values ${diff}`);
    }
  }
  const result = {
    files: FILES,
    ms_p50: Math.round(pct(ours, 0.5)),
    ms_p95: Math.round(pct(ours, 0.95)),
    bytes_p50: pct(oursBytes, 0.5),
    baseline_ms_p95: Math.round(pct(base, 0.95)),
    baseline_bytes_p50: pct(baseBytes, 0.5),
    ratio: Math.round((pct(ours, 0.95) / pct(base, 0.95)) * 1000) / 1000,
    peak_rss_mb: process.resourceUsage().maxRSS >> 10,
    baseline_ms_p50: Math.round(pct(base, 0.5)),
    same_pixels: mismatched === 0,
    cpu_ms_p50: Math.round(pct(oursCpu, 0.5)),
    cpu_ms_p95: Math.round(pct(oursCpu, 0.95)),
    baseline_cpu_ms_p95: Math.round(pct(baseCpu, 0.95)),
    sharp_concurrency: sharp.concurrency(),
    load_avg_1m: Math.round(loadavg()[0] * 10) / 10,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  if (mismatched > 0) process.exitCode = 1;
}

await main();
