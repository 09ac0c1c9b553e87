import { readFileSync } from "node:fs";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { deltaE, fabricColour, parseHex } from "../../app/mockups/compose/colour";
import { composeMockup } from "../../app/mockups/compose/mockup";
import { decodePasses, encodePasses, halvePasses } from "../../app/mockups/passes/format";
import { rasteriseGlb } from "../../app/mockups/passes/rasterise";
import { syntheticPasses } from "../../app/mockups/passes/synthetic";
import type { PrintArea } from "../../app/models/types";
import { loadModel } from "../../app/library";
import { sharedPath } from "../helpers/shared-data";
import { checkerboardPng, FULL_AREA, rawOf, solidPng } from "./helpers";

/** #000000 fabric as the compositor renders it: a black jersey still reflects 3 % (FABRIC_FLOOR_Y) */
const BLACK_FABRIC = fabricColour([0, 0, 0]);

let teeFrontPromise: Promise<{ tee: Awaited<ReturnType<typeof loadModel>>; passes: Awaited<ReturnType<typeof rasteriseGlb>>["passes"] }> | undefined;
/** The library tee's front view, rasterised once for this file. */
function teeFront() {
  teeFrontPromise ??= loadModel("tee").then(async (tee) => ({
    tee,
    passes: (await rasteriseGlb(tee.glb, { view: "front", size: 512, tintMaterials: tee.info.tintMaterials })).passes,
  }));
  return teeFrontPromise;
}

// a 1024² flat card at [112, 912) × [112, 912): 800 px, uv 0..1 across it
const CARD = { size: 1024, rect: [112, 112, 912, 912] as [number, number, number, number] };
const X0 = 112;

describe("compositor geometry (synthetic UV pass)", () => {
  it("lands a checkerboard exactly where expected, pixel for pixel", async () => {
    const passes = syntheticPasses(CARD);
    const design = await checkerboardPng(800, 800, 100);
    const m = await composeMockup({ passes, printAreas: [FULL_AREA], color: "#808080", design: { bytes: design, key: "cb800" }, placement: { scale: 1 }, format: "png" });
    expect([m.width, m.height]).toEqual([1024, 1024]);
    const img = await rawOf(m.bytes);
    let checked = 0;
    for (let cy = 0; cy < 8; cy++) {
      for (let cx = 0; cx < 8; cx++) {
        // sample inside each cell, 10 px from its edges, to be independent of the filter at boundaries
        for (const [dx, dy] of [[10, 10], [50, 50], [89, 89], [10, 89]]) {
          const x = X0 + cx * 100 + dx, y = X0 + cy * 100 + dy;
          const expected: [number, number, number] = cx === 0 ? [255, 0, 0] : (cx + cy) % 2 === 0 ? [255, 255, 255] : [0, 0, 0];
          const got = img.at(x, y);
          for (let k = 0; k < 3; k++) expect(Math.abs(got[k] - expected[k])).toBeLessThanOrEqual(2);
          checked++;
        }
      }
    }
    expect(checked).toBe(256);
    // outside the card: the white backdrop, untouched
    expect(img.at(50, 50)).toEqual([255, 255, 255]);
    expect(img.at(1000, 500)).toEqual([255, 255, 255]);
  });

  it("applies scale, offset and clockwise rotation", async () => {
    const passes = syntheticPasses(CARD);
    const design = await checkerboardPng(400, 400, 50);
    // half the width, pushed right by a quarter: the design covers card x in [400, 800)
    const m1 = await rawOf((await composeMockup({ passes, printAreas: [FULL_AREA], color: "#00FF00", design: { bytes: design, key: "cb400" }, placement: { scale: 0.5, offsetX: 0.25 }, format: "png" })).bytes);
    expect(m1.at(X0 + 200, X0 + 400)).toEqual([0, 255, 0]); // left half: fabric
    expect(m1.at(X0 + 425, X0 + 225)).toEqual([255, 0, 0]); // the design's red first column
    expect(m1.at(X0 + 375, X0 + 400)).toEqual([0, 255, 0]);
    // rotated 90° clockwise: the red left column becomes the top row
    const m2 = await rawOf((await composeMockup({ passes, printAreas: [FULL_AREA], color: "#00FF00", design: { bytes: design, key: "cb400" }, placement: { scale: 0.5, rotationDeg: 90 }, format: "png" })).bytes);
    const top = m2.at(X0 + 400 + 75, X0 + 200 + 25);
    const left = m2.at(X0 + 200 + 25, X0 + 400 + 75);
    expect(top[0]).toBeGreaterThan(240);
    expect(top[1]).toBeLessThan(15);
    expect(left[0] === 255 && left[1] === 0).toBe(false);
  });

  it("never lets a design bleed outside its print area", async () => {
    const passes = syntheticPasses(CARD);
    const area: PrintArea = { name: "chest", uv: { u0: 0.25, v0: 0.25, u1: 0.75, v1: 0.75 }, widthCm: 20, heightCm: 20 };
    const design = await solidPng(300, 900, [255, 0, 0, 255]); // tall: taller than the area at full width
    const m = await rawOf((await composeMockup({ passes, printAreas: [area], color: "#0000FF", design: { bytes: design, key: "tall" }, placement: { area: "chest", scale: 1, offsetX: 0.4 }, format: "png" })).bytes);
    let red = 0;
    for (let y = X0; y < X0 + 800; y++) {
      for (let x = X0; x < X0 + 800; x++) {
        const [r, , b] = m.at(x, y);
        const u = (x - X0 + 0.5) / 800, v = (y - X0 + 0.5) / 800;
        const inside = u >= 0.25 && u <= 0.75 && v >= 0.25 && v <= 0.75;
        if (r > 10) {
          red++;
          expect(inside).toBe(true);
        }
        if (!inside) expect([r, b]).toEqual([0, 255]);
      }
    }
    expect(red).toBeGreaterThan(10_000);
  });

  it("respects the design's transparency", async () => {
    const passes = syntheticPasses(CARD);
    const half = await solidPng(100, 100, [255, 255, 255, 128]);
    const m = await rawOf((await composeMockup({ passes, printAreas: [FULL_AREA], color: "#000000", design: { bytes: half, key: "half" }, placement: { scale: 0.5 }, format: "png" })).bytes);
    const [r, g, b] = m.at(512, 512);
    // 50 % white over black fabric (linear 0.03, FABRIC_FLOOR_Y) in linear light ≈ 0.515 → sRGB ≈ 190
    expect(Math.abs(r - 190)).toBeLessThanOrEqual(3);
    expect([g, b]).toEqual([r, r]);
    expect(m.at(X0 + 20, X0 + 20)).toEqual(BLACK_FABRIC); // no design there: fabric
  });
});

describe("compositor colour", () => {
  it("matches the requested sRGB colour within ΔE 2 on a flat, evenly lit region", async () => {
    const passes = syntheticPasses({ ...CARD, shading: 1 });
    for (const hex of ["#2E8B57", "#C41E3A", "#F5F5DC", "#1B1B1B", "#4169E1"]) {
      const m = await composeMockup({ passes, printAreas: [FULL_AREA], color: hex, format: "jpeg" });
      const img = await rawOf(m.bytes);
      const acc = [0, 0, 0];
      let n = 0;
      for (let y = 400; y < 600; y += 7) for (let x = 400; x < 600; x += 7, n++) img.at(x, y).forEach((c, k) => (acc[k] += c));
      const mean = acc.map((s) => Math.round(s / n)) as [number, number, number];
      expect(deltaE(mean, fabricColour(parseHex(hex)))).toBeLessThan(2); // #1B1B1B: lifted to lit black fabric
    }
  });

  it("keeps a white design on black fabric white where lit, and shades it where not", async () => {
    const passes = syntheticPasses({ ...CARD, shading: "folds" });
    const white = await solidPng(400, 400, [255, 255, 255, 255]);
    const m = await composeMockup({ passes, printAreas: [FULL_AREA], color: "#000000", design: { bytes: white, key: "white" }, placement: { scale: 0.9 }, format: "png" });
    const img = await rawOf(m.bytes);
    let lit = 0, dim = 0;
    for (let y = 200; y < 820; y += 5) {
      for (let x = 200; x < 820; x += 5) {
        const s = (passes.shade[y * 1024 + x] / 65535) * 2;
        const [r, g, b] = img.at(x, y);
        expect(r === g && g === b).toBe(true); // neutral: no tint leaks into white ink
        if (s >= 1.0) {
          expect(r).toBe(255);
          lit++;
        } else if (s < 0.8) {
          expect(r).toBeLessThan(240);
          expect(r).toBeGreaterThan(150);
          dim++;
        }
      }
    }
    expect(lit).toBeGreaterThan(100);
    expect(dim).toBeGreaterThan(100);
  });

  it("cuts the garment with an antialiased mask over the backdrop", async () => {
    const passes = syntheticPasses({ size: 1024, rect: [100, 100, 900, 900] });
    for (let y = 100; y < 900; y++) passes.mask[y * 1024 + 100] = 128; // a half-covered edge column
    const m = await rawOf((await composeMockup({ passes, printAreas: [FULL_AREA], color: "#000000", backdrop: "#FFFFFF", format: "png" })).bytes);
    const [edge] = m.at(100, 500);
    expect(edge).toBeGreaterThan(150); // half black + half white in linear light ≈ 188
    expect(edge).toBeLessThan(220);
    expect(m.at(50, 500)).toEqual([255, 255, 255]);
    expect(m.at(500, 500)).toEqual(BLACK_FABRIC);
  });

  it("writes PNG with alpha for a transparent backdrop and rejects it for JPEG", async () => {
    const passes = syntheticPasses(CARD);
    const m = await composeMockup({ passes, printAreas: [FULL_AREA], color: "#123456", backdrop: "transparent", format: "png" });
    const meta = await sharp(m.bytes).metadata();
    expect(meta.channels).toBe(4);
    const stats = await sharp(m.bytes).stats();
    expect(stats.channels[3].min).toBe(0);
    await expect(composeMockup({ passes, printAreas: [FULL_AREA], color: "#123456", backdrop: "transparent", format: "jpeg" })).rejects.toThrow(/PNG or WebP/);
  });

  it("resamples once when the passes are not at the requested size", async () => {
    for (const [passSize, size] of [[1024, 2048], [768, 1024], [1536, 1024]]) {
      const m = await composeMockup({ passes: syntheticPasses({ size: passSize }), printAreas: [FULL_AREA], color: "#2E8B57", format: "jpeg", size });
      const meta = await sharp(m.bytes).metadata();
      expect([m.width, meta.width, meta.height]).toEqual([size, size, size]);
    }
  });

  it("encodes JPEG, WebP and PNG at 1024 and 2048", async () => {
    for (const size of [1024, 2048] as const) {
      const passes = syntheticPasses({ size });
      for (const format of ["jpeg", "webp", "png"] as const) {
        const m = await composeMockup({ passes, printAreas: [FULL_AREA], color: "#2E8B57", format });
        const meta = await sharp(m.bytes).metadata();
        expect([meta.format, meta.width, meta.height]).toEqual([format, size, size]);
      }
    }
  });
});

describe("passes", () => {
  it("round-trip through the 16-bit PNG format and halve without blending UVs", async () => {
    const p = syntheticPasses({ size: 256, shading: "folds" });
    const back = await decodePasses(await encodePasses(p));
    expect(Buffer.from(back.u.buffer).equals(Buffer.from(p.u.buffer))).toBe(true);
    expect(Buffer.from(back.v.buffer).equals(Buffer.from(p.v.buffer))).toBe(true);
    expect(Buffer.from(back.shade.buffer).equals(Buffer.from(p.shade.buffer))).toBe(true);
    expect(Buffer.from(back.mask).equals(Buffer.from(p.mask))).toBe(true);
    const meta = await sharp((await encodePasses(p)).uv).metadata();
    expect([meta.depth, meta.channels]).toEqual(["ushort", 3]);
    // reducing while decoding gives exactly what halving the decoded passes gives
    const direct = await decodePasses(await encodePasses(p), 128);
    const halved = halvePasses(p);
    expect(direct.width).toBe(128);
    expect(Buffer.from(direct.u.buffer).equals(Buffer.from(halved.u.buffer))).toBe(true);
    expect(Buffer.from(direct.cov).equals(Buffer.from(halved.cov))).toBe(true);
    expect(Buffer.from(direct.mask).equals(Buffer.from(halved.mask))).toBe(true);
    for (let i = 0; i < direct.shade.length; i++) expect(Math.abs(direct.shade[i] - halved.shade[i])).toBeLessThanOrEqual(1);
    const h = halvePasses(p);
    expect(h.width).toBe(128);
    const src = new Set(Array.from(p.u));
    for (let i = 0; i < h.u.length; i++) if (h.cov[i]) expect(src.has(h.u[i])).toBe(true);
  });

  it("through a real rasterised pass, the design's corners land inside the print area's mask region", async () => {
    const glb = readFileSync(sharedPath("samples/models/mug_polygoogle.glb"));
    const { passes } = await rasteriseGlb(glb, { view: "front", size: 512, tintMaterials: ["printable"] });
    let cov = 0, mask = 0;
    for (let i = 0; i < passes.mask.length; i++) {
      if (passes.cov[i]) cov++;
      if (passes.mask[i]) mask++;
    }
    expect(cov).toBeGreaterThan(20_000);
    expect(cov).toBeLessThan(mask); // the handle and inside are not printable
    // the mug body's UVs run around the cylinder (seam at u = 0 facing the camera); this rectangle is left of it
    const area: PrintArea = { name: "wrap", uv: { u0: 0.885, v0: 0.35, u1: 0.995, v1: 0.75 }, widthCm: 8, heightCm: 8 };
    const design = await solidPng(100, 100, [255, 0, 0, 255]);
    const m = await rawOf((await composeMockup({ passes, printAreas: [area], color: "#FFFFFF", design: { bytes: design, key: "red" }, placement: { area: "wrap", scale: 0.6 }, format: "png" })).bytes);
    // corners of the printed square in uv: centre ± 0.3 of the area
    const cu = (area.uv.u0 + area.uv.u1) / 2, cv = (area.uv.v0 + area.uv.v1) / 2;
    const hu = 0.3 * (area.uv.u1 - area.uv.u0), hv = 0.3 * (area.uv.v1 - area.uv.v0);
    for (const [du, dv] of [[-1, -1], [1, -1], [-1, 1], [1, 1]]) {
      // a pixel just inside the corner
      const tu = cu + du * hu * 0.95, tv = cv + dv * hv * 0.95;
      let best = -1, bestD = Infinity;
      for (let i = 0; i < passes.mask.length; i++) {
        if (!passes.cov[i]) continue;
        const d = Math.hypot(passes.u[i] / 65535 - tu, passes.v[i] / 65535 - tv);
        if (d < bestD) [bestD, best] = [d, i];
      }
      expect(bestD).toBeLessThan(0.01);
      expect(passes.mask[best]).toBe(255);
      const [r, g] = m.at(best % 512, Math.floor(best / 512));
      expect(r).toBeGreaterThan(g + 60);
    }
    // and no red outside the print area
    for (let i = 0; i < passes.mask.length; i++) {
      const [r, g, b] = m.at(i % 512, Math.floor(i / 512));
      if (r > g + 60 && r > b + 60) {
        expect(passes.cov[i]).toBe(1);
        const u = passes.u[i] / 65535, v = passes.v[i] / 65535;
        expect(u >= area.uv.u0 - 0.002 && u <= area.uv.u1 + 0.002 && v >= area.uv.v0 - 0.002 && v <= area.uv.v1 + 0.002).toBe(true);
      }
    }
  });

  it("on the library tee, evenly lit fabric matches the requested colour within ΔE 2", async () => {
    const { tee, passes } = await teeFront();
    for (const hex of ["#2E8B57", "#B22222", "#E8DCC4"]) {
      const m = await rawOf((await composeMockup({ passes, printAreas: tee.info.printAreas, color: hex, format: "png" })).bytes);
      const acc = [0, 0, 0];
      let n = 0;
      for (let i = 0; i < passes.mask.length; i++) {
        const s = (passes.shade[i] / 65535) * 2;
        if (passes.mask[i] !== 255 || !passes.cov[i] || Math.abs(s - 1) > 0.01) continue;
        m.at(i % 512, Math.floor(i / 512)).forEach((c, k) => (acc[k] += c));
        n++;
      }
      expect(n).toBeGreaterThan(200); // the rasteriser lights a card facing the key light at exactly 1.0
      const mean = acc.map((c) => Math.round(c / n)) as [number, number, number];
      expect(deltaE(mean, parseHex(hex))).toBeLessThan(2);
    }
  });

  it("on the library tee's front view, the design's corners land inside the front print area's mask region", async () => {
    const { tee, passes } = await teeFront();
    const area = tee.info.printAreas.find((a) => a.name === "front")!;
    const design = await solidPng(200, 200, [255, 0, 0, 255]);
    const m = await rawOf((await composeMockup({ passes, printAreas: tee.info.printAreas, color: "#FFFFFF", design: { bytes: design, key: "red200" }, placement: { area: "front", scale: 0.6 }, format: "png" })).bytes);
    // a square 18 cm design centred in the 30 × 38 cm area
    const cu = (area.uv.u0 + area.uv.u1) / 2, cv = (area.uv.v0 + area.uv.v1) / 2;
    const hu = (0.3 * (area.uv.u1 - area.uv.u0)) * 0.95;
    const hv = ((0.3 * area.widthCm) / area.heightCm) * (area.uv.v1 - area.uv.v0) * 0.95;
    for (const [du, dv] of [[-1, -1], [1, -1], [-1, 1], [1, 1]]) {
      let best = -1, bestD = Infinity;
      for (let i = 0; i < passes.mask.length; i++) {
        if (!passes.cov[i]) continue;
        const d = Math.hypot(passes.u[i] / 65535 - (cu + du * hu), passes.v[i] / 65535 - (cv + dv * hv));
        if (d < bestD) [bestD, best] = [d, i];
      }
      expect(bestD).toBeLessThan(0.01);
      expect(passes.mask[best]).toBe(255);
      const [r, g] = m.at(best % 512, Math.floor(best / 512));
      expect(r).toBeGreaterThan(g + 60);
    }
  });
});
