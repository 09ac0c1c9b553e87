/** render.passes through real Blender: format per docs/passes.md, UVs inside the model's UV layout, mask/UV agreement, neutral shading. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { NodeIO } from "@gltf-transform/core";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BlenderPool } from "../../app/blender/pool";
import { GARMENTS, HAS_BLENDER, pixels, readMesh, type Mesh } from "./helpers";

const SIZE = 192;
const TEE = path.join(GARMENTS, "tee.glb");

/** UV triangles rasterised into a grid (dilated by one cell): is (u, v) on the layout? */
function uvOccupancy(m: Mesh, n = 256): Uint8Array {
  const grid = new Uint8Array(n * n);
  for (let t = 0; t < m.tri.length; t += 3) {
    const p = [m.tri[t], m.tri[t + 1], m.tri[t + 2]].map((i) => [m.uv[2 * i] * n, m.uv[2 * i + 1] * n]);
    const x0 = Math.max(0, Math.floor(Math.min(...p.map((q) => q[0]))) - 1), x1 = Math.min(n - 1, Math.ceil(Math.max(...p.map((q) => q[0]))) + 1);
    const y0 = Math.max(0, Math.floor(Math.min(...p.map((q) => q[1]))) - 1), y1 = Math.min(n - 1, Math.ceil(Math.max(...p.map((q) => q[1]))) + 1);
    const d = (p[1][1] - p[2][1]) * (p[0][0] - p[2][0]) + (p[2][0] - p[1][0]) * (p[0][1] - p[2][1]);
    if (Math.abs(d) < 1e-12) continue;
    for (let y = y0; y <= y1; y++)
      for (let x = x0; x <= x1; x++) {
        // a cell counts when any of its corners or centre is within one cell of the triangle
        for (const [cx, cy] of [[x + 0.5, y + 0.5], [x, y], [x + 1, y], [x, y + 1], [x + 1, y + 1]]) {
          const l1 = ((p[1][1] - p[2][1]) * (cx - p[2][0]) + (p[2][0] - p[1][0]) * (cy - p[2][1])) / d;
          const l2 = ((p[2][1] - p[0][1]) * (cx - p[2][0]) + (p[0][0] - p[2][0]) * (cy - p[2][1])) / d;
          if (l1 >= -0.05 && l2 >= -0.05 && 1 - l1 - l2 >= -0.05) {
            grid[y * n + x] = 1;
            break;
          }
        }
      }
  }
  return grid;
}

describe.skipIf(!HAS_BLENDER)("Blender passes", () => {
  let dir: string;
  let pool: BlenderPool;
  const out = (name: string) => ({ uv: path.join(dir, `${name}-uv.png`), shading: path.join(dir, `${name}-shading.png`), mask: path.join(dir, `${name}-mask.png`) });

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "blender-passes-"));
    pool = new BlenderPool({ size: 1 });
    await pool.run("passes", { model: TEE, view: "front", size: SIZE, samples: 8, out: out("front") });
  });
  afterAll(async () => {
    await pool.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("writes the three passes in the documented encodings", async () => {
    const uv = await pixels(out("front").uv);
    const sh = await pixels(out("front").shading);
    const mask = await pixels(out("front").mask);
    expect([uv.width, uv.height, uv.channels, uv.depth]).toEqual([SIZE, SIZE, 3, "ushort"]);
    expect([sh.width, sh.height, sh.channels, sh.depth]).toEqual([SIZE, SIZE, 1, "ushort"]);
    expect([mask.width, mask.height, mask.channels, mask.depth]).toEqual([SIZE, SIZE, 1, "uchar"]);
  });

  it("keeps UV values inside the model's UV layout, never blended across faces", async () => {
    const uv = await pixels(out("front").uv);
    const occ = uvOccupancy(await readMesh(TEE));
    let covered = 0, off = 0, partial = 0, strayBackground = 0;
    for (let i = 0; i < SIZE * SIZE; i++) {
      const [r, g, b] = [uv.data[3 * i], uv.data[3 * i + 1], uv.data[3 * i + 2]];
      if (b === 0) {
        if (r !== 0 || g !== 0) strayBackground++;
        continue;
      }
      if (b !== 65535) partial++;
      covered++;
      const u = r / 65535, v = g / 65535;
      if (!occ[Math.min(255, Math.floor(v * 256)) * 256 + Math.min(255, Math.floor(u * 256))]) off++;
    }
    expect(covered / (SIZE * SIZE)).toBeGreaterThan(0.15);
    expect(strayBackground).toBe(0);
    expect(partial / covered).toBeLessThan(0.005); // 1 sample per pixel: coverage is 0 or 1
    expect(off / covered).toBeLessThan(0.002);
  });

  it("shows the front panel's print area in the middle of the front view", async () => {
    const uv = await pixels(out("front").uv);
    const info = JSON.parse(readFileSync(path.join(GARMENTS, "tee.json"), "utf8"));
    const front = info.printAreas.find((a: { name: string }) => a.name === "front").uv;
    const c = (SIZE / 2) * SIZE + SIZE / 2;
    const u = uv.data[3 * c] / 65535, v = uv.data[3 * c + 1] / 65535;
    expect(u).toBeGreaterThan(front.u0);
    expect(u).toBeLessThan(front.u1);
    expect(v).toBeGreaterThan(front.v0);
    expect(v).toBeLessThan(front.v1);
  });

  it("agrees between mask and UV coverage", async () => {
    const uv = await pixels(out("front").uv);
    const mask = await pixels(out("front").mask);
    let inter = 0, union = 0, soft = 0;
    for (let i = 0; i < SIZE * SIZE; i++) {
      const a = uv.data[3 * i + 2] > 32767, b = mask.data[i] > 127;
      if (a && b) inter++;
      if (a || b) union++;
      if (mask.data[i] > 0 && mask.data[i] < 255) soft++;
    }
    expect(inter / union).toBeGreaterThan(0.97);
    expect(soft).toBeGreaterThan(0); // antialiased edges
  });

  it("shades neutrally: a red, textured material leaves the shading pass unchanged", async () => {
    // a copy of the tee whose fabric is red with a black/white checker texture
    const io = new NodeIO();
    const doc = await io.read(TEE);
    const checker = await sharp({ create: { width: 64, height: 64, channels: 3, background: "#ffffff" } })
      .composite([{ input: await sharp({ create: { width: 32, height: 32, channels: 3, background: "#000000" } }).png().toBuffer(), tile: true, blend: "over", left: 0, top: 0 }])
      .png()
      .toBuffer();
    const tex = doc.createTexture("checker").setImage(new Uint8Array(checker)).setMimeType("image/png");
    for (const mat of doc.getRoot().listMaterials()) mat.setBaseColorFactor([1, 0, 0, 1]).setBaseColorTexture(tex);
    const painted = path.join(dir, "painted.glb");
    writeFileSync(painted, await io.writeBinary(doc));
    await pool.run("passes", { model: painted, view: "front", size: SIZE, samples: 8, out: out("painted") });
    const a = await pixels(out("front").shading);
    const b = await pixels(out("painted").shading);
    let diff = 0, lit = 0, n = 0;
    const mask = await pixels(out("front").mask);
    for (let i = 0; i < SIZE * SIZE; i++) {
      if (mask.data[i] < 255) continue;
      n++;
      diff += Math.abs(a.data[i] - b.data[i]) / 65535;
      lit += (2 * a.data[i]) / 65535;
    }
    expect(diff / n).toBeLessThan(0.002);
    // not tone-mapped and lit: mean shading of the garment between 0.3 and 1.5 (1.0 = white card facing the key)
    expect(lit / n).toBeGreaterThan(0.3);
    expect(lit / n).toBeLessThan(1.5);
  });

  it("frames every view without cutting the model", async () => {
    for (const [k, view] of (["back", "three_quarter", "flat_lay"] as const).entries()) {
      const r = await pool.run("passes", { model: TEE, view, size: 96, samples: 2, out: out(view) });
      if (k > 0) expect(r.reset).toBe(false); // same model: the scene is kept, only the camera moves
      const m = await pixels(out(view).mask);
      let on = 0, edge = 0;
      for (let y = 0; y < 96; y++)
        for (let x = 0; x < 96; x++) {
          if (m.data[y * 96 + x] > 127) {
            on++;
            if (x === 0 || y === 0 || x === 95 || y === 95) edge++;
          }
        }
      expect(on / (96 * 96), view).toBeGreaterThan(0.15);
      expect(edge, `${view} is cut by the frame`).toBe(0);
    }
  });
});
