/** render.hero through real Blender: size and alpha as asked, variant colours follow their base colours, the design lands in the print area. */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BlenderPool } from "../../app/blender/pool";
import type { ModelInfo } from "../../app/models/types";
import { GARMENTS, HAS_BLENDER, pixels } from "./helpers";

const TEE = path.join(GARMENTS, "tee.glb");
const FLAT_TEE = path.join(GARMENTS, "flat", "tee-M.glb");
const INFO = JSON.parse(readFileSync(path.join(GARMENTS, "tee.json"), "utf8")) as ModelInfo;
const FRONT = INFO.printAreas.find((a) => a.name === "front")!;

/** mean sRGB of the opaque pixels, and the opaque fraction */
async function garmentColour(file: string) {
  const p = await pixels(file);
  const sum = [0, 0, 0];
  let n = 0;
  for (let i = 0; i < p.width * p.height; i++) {
    if (p.data[4 * i + 3] < 250) continue;
    n++;
    for (let c = 0; c < 3; c++) sum[c] += p.data[4 * i + c];
  }
  return { rgb: sum.map((s) => s / n), opaque: n / (p.width * p.height) };
}

describe.skipIf(!HAS_BLENDER)("Blender hero renders", () => {
  let dir: string;
  let pool: BlenderPool;
  const file = (n: string) => path.join(dir, `${n}.png`);
  const job = (name: string, extra: Record<string, unknown> = {}) => ({
    model: TEE,
    view: "front" as const,
    size: 128,
    samples: 8,
    color: { name: "white", hex: "#ffffff" },
    out: file(name),
    ...extra,
  });

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "blender-hero-"));
    pool = new BlenderPool({ size: 1 });
  });
  afterAll(async () => {
    await pool.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("renders the asked size with a transparent background", async () => {
    await pool.run("hero", job("t160", { size: 160 }));
    const meta = await sharp(file("t160")).metadata();
    expect([meta.width, meta.height, meta.channels, meta.hasAlpha]).toEqual([160, 160, 4, true]);
    const p = await pixels(file("t160"));
    for (const [x, y] of [[0, 0], [159, 0], [0, 159], [159, 159]]) expect(p.data[4 * (y * 160 + x) + 3]).toBe(0);
    expect(p.data[4 * (80 * 160 + 80) + 3]).toBe(255);
    const { opaque } = await garmentColour(file("t160"));
    expect(opaque).toBeGreaterThan(0.15);
    expect(opaque).toBeLessThan(0.8);
  });

  it("renders on an opaque backdrop when asked", async () => {
    await pool.run("hero", job("backdrop", { size: 96, transparent: false, backdrop: "#336699" }));
    const meta = await sharp(file("backdrop")).metadata();
    expect([meta.width, meta.height, meta.hasAlpha]).toEqual([96, 96, false]);
    const { data } = await sharp(file("backdrop")).raw().toBuffer({ resolveWithObject: true });
    expect(Math.abs(data[0] - 0x33)).toBeLessThanOrEqual(2);
    expect(Math.abs(data[1] - 0x66)).toBeLessThanOrEqual(2);
    expect(Math.abs(data[2] - 0x99)).toBeLessThanOrEqual(2);
  });

  it("casts a soft contact shadow on the backdrop in the ghost views, and nowhere else changes the backdrop", async () => {
    const bd = [0xee, 0xee, 0xea];
    /** the backdrop's pixels (where the same view rendered transparent has no garment) by how much darker they are */
    const shadow = async (name: string, view: string, model = TEE) => {
      const base = { model, size: 128, samples: 16, view, color: { name: "green", hex: "#2E8B57" } };
      await pool.run("hero", job(`${name}-mask`, base));
      await pool.run("hero", job(name, { ...base, transparent: false, backdrop: "#eeeeea" }));
      const mask = await pixels(file(`${name}-mask`));
      const { data, info } = await sharp(file(name)).raw().toBuffer({ resolveWithObject: true });
      let dark = 0;
      let darkRight = 0;
      let darkLeft = 0;
      let deepest = 0;
      for (let y = 0; y < info.height; y++) {
        for (let x = 0; x < info.width; x++) {
          const j = y * info.width + x;
          if (mask.data[4 * j + 3] > 0) continue; // the garment (or its anti-aliased edge)
          const d = bd.map((c, k) => c - data[3 * j + k]);
          deepest = Math.max(deepest, ...d);
          if (Math.min(...d) >= 25) {
            dark++;
            if (x > info.width / 2) darkRight++;
            else darkLeft++;
          }
        }
      }
      return { corner: [...data.subarray(0, 3)], dark: dark / (info.width * info.height), darkRight, darkLeft, deepest };
    };
    const front = await shadow("shadow-front", "front");
    // the key light comes from the upper left: the shadow falls to the right, soft (no pixel near black)
    expect(front.dark).toBeGreaterThan(0.02);
    expect(front.darkRight).toBeGreaterThan(2 * front.darkLeft);
    expect(front.deepest).toBeLessThan(160);
    // away from the garment the backdrop keeps its colour
    front.corner.forEach((c, k) => expect(Math.abs(c - bd[k])).toBeLessThanOrEqual(2));
    // the form drape's flat lay has no wall behind it (decision 158)
    const flat = await shadow("shadow-flat", "flat_lay");
    expect(flat.dark).toBeLessThan(0.0005);
    // a flat-lay drape lies on its table, which catches a soft shadow round its edges (decision 160): a narrow one,
    // the garment being at most 1.4 cm high (the spread tee M: 0.17 % of a 128² frame, the form drape's 0)
    const table = await shadow("shadow-table", "flat_lay", FLAT_TEE);
    expect(table.dark).toBeGreaterThan(0.0012);
    expect(table.deepest).toBeLessThan(160);
    table.corner.forEach((c, k) => expect(Math.abs(c - bd[k])).toBeLessThanOrEqual(2));
  });

  it("sees a flat-lay drape from above: stood up facing the camera, framed as a garment on the form", async () => {
    await pool.run("hero", job("flat-top", { model: FLAT_TEE, view: "flat_lay", size: 128 }));
    const p = await pixels(file("flat-top"));
    let x0 = 128, x1 = -1, y0 = 128, y1 = -1, n = 0;
    for (let y = 0; y < 128; y++)
      for (let x = 0; x < 128; x++)
        if (p.data[4 * (y * 128 + x) + 3] > 128) [n, x0, x1, y0, y1] = [n + 1, Math.min(x0, x), Math.max(x1, x), Math.min(y0, y), Math.max(y1, y)];
    // laid out a tee covers most of its box (seen edge-on, as before it stood up, it would be a sliver)
    expect(n / (128 * 128), "opaque share").toBeGreaterThan(0.3);
    const aspect = (x1 - x0 + 1) / (y1 - y0 + 1);
    expect(aspect, "sleeves out: about as wide as it is long").toBeGreaterThan(0.8);
    expect(aspect).toBeLessThan(1.3);
  });

  it("colours variants as their base colours differ (same scene, colour changed only)", async () => {
    const variants = { red: "#c0392b", blue: "#2c3e90", white: "#f4f4f4", black: "#1a1a1a" };
    const means: Record<string, number[]> = {};
    let first = true;
    for (const [name, hex] of Object.entries(variants)) {
      const r = await pool.run("hero", job(`v-${name}`, { color: { name, hex } }));
      if (!first) expect(r.reset).toBe(false);
      first = false;
      means[name] = (await garmentColour(file(`v-${name}`))).rgb;
    }
    const hexRgb = (h: string) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));
    // every channel moves the way the base colours do between each pair of clearly different variants
    const names = Object.keys(variants) as (keyof typeof variants)[];
    for (const a of names)
      for (const b of names) {
        if (a >= b) continue;
        const ba = hexRgb(variants[a]), bb = hexRgb(variants[b]);
        for (let c = 0; c < 3; c++) {
          if (Math.abs(ba[c] - bb[c]) < 60) continue;
          expect(Math.sign(means[a][c] - means[b][c]), `${a} vs ${b} channel ${c}`).toBe(Math.sign(ba[c] - bb[c]));
        }
      }
    expect(means.red[0] - means.red[2]).toBeGreaterThan(40);
    expect(means.blue[2] - means.blue[0]).toBeGreaterThan(40);
    expect(means.white[1] - means.black[1]).toBeGreaterThan(100);
  });

  it("applies a design through the front print area", async () => {
    const design = path.join(dir, "green.png");
    await sharp({ create: { width: 100, height: 100, channels: 4, background: "#00c000ff" } }).png().toFile(design);
    await pool.run("hero", job("plain", { color: { name: "white", hex: "#ffffff" } }));
    await pool.run("hero", job("design", { color: { name: "white", hex: "#ffffff" }, design, printArea: { uv: FRONT.uv }, placement: { scale: 0.8 } }));
    const a = await pixels(file("plain"));
    const b = await pixels(file("design"));
    const at = (p: typeof a, x: number, y: number) => [0, 1, 2].map((c) => p.data[4 * (y * 128 + x) + c]);
    // the chest (image centre, a little up) turns green; the hem stays white
    const chestPlain = at(a, 64, 52), chestDesign = at(b, 64, 52);
    expect(chestPlain[1] - chestPlain[0]).toBeLessThan(15);
    expect(chestDesign[1] - chestDesign[0]).toBeGreaterThan(60);
    const hem = at(b, 64, 112);
    expect(hem[1] - hem[0]).toBeLessThan(15);
  });

  it("renders a subdivided garment (soft products) with the same framing", async () => {
    await pool.run("hero", job("flat", { size: 96 }));
    await pool.run("hero", job("smooth", { size: 96, subdivide: 1 }));
    const a = await garmentColour(file("flat"));
    const b = await garmentColour(file("smooth"));
    expect(Math.abs(a.opaque - b.opaque)).toBeLessThan(0.03); // same camera, same silhouette give or take the rounding
  });

  it("traces only the garment's screen region and the image is the same pixel for pixel", async () => {
    const design = path.join(dir, "stripes.png");
    const stripes = Buffer.alloc(64 * 64 * 4);
    for (let i = 0; i < 64 * 64; i++) stripes.set((i % 64) % 16 < 8 ? [200, 30, 30, 255] : [0, 0, 0, 0], 4 * i);
    await sharp(stripes, { raw: { width: 64, height: 64, channels: 4 } }).png().toFile(design);
    const extra = { view: "three_quarter", subdivide: 1, design, printArea: { uv: FRONT.uv }, color: { name: "navy", hex: "#1f2a44" } };
    const cropped = await pool.run("hero", job("cropped", extra));
    const full = await pool.run("hero", job("full", { ...extra, crop: false }));
    const [x0, x1, y0, y1] = cropped.result.border as number[];
    expect(full.result.border).toBeNull();
    expect((x1 - x0) * (y1 - y0)).toBeLessThan(0.8); // a real crop, not the whole frame
    const a = await pixels(file("cropped"));
    const b = await pixels(file("full"));
    let differing = 0;
    let opaqueOutside = 0;
    for (let i = 0; i < a.data.length; i++) if (a.data[i] !== b.data[i]) differing++;
    for (let y = 0; y < 128; y++)
      for (let x = 0; x < 128; x++) {
        const inside = x >= x0 * 128 - 1 && x <= x1 * 128 + 1 && 127 - y >= y0 * 128 - 1 && 127 - y <= y1 * 128 + 1;
        if (!inside && b.data[4 * (y * 128 + x) + 3] > 0) opaqueOutside++;
      }
    expect(opaqueOutside).toBe(0); // the full render has nothing where the crop did not trace
    expect(differing).toBe(0);
    expect((await garmentColour(file("full"))).opaque).toBeGreaterThan(0.15);
  });

  it("refuses a design without a print area", async () => {
    const design = path.join(dir, "green.png");
    await expect(pool.runRaw("hero", { ...job("bad"), design })).rejects.toMatchObject({ code: "bad_request" });
  });
});
