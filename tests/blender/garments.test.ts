/**
 * The committed draped garments (app/library/garments): Khronos validation, triangle budgets, left/right
 * symmetry, closed seams, no vertex inside the body form, print areas on undistorted UV rectangles;
 * plus one short live drape through the worker.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { NodeIO } from "@gltf-transform/core";
import validator from "gltf-validator";
import { afterAll, describe, expect, it } from "vitest";
import { BlenderPool } from "../../app/blender/pool";
import type { ModelInfo } from "../../app/models/types";
import { OPENINGS, openLoops, weld } from "../../app/library/seam-check";
import { depthInsideBody, GARMENTS, HAS_BLENDER, readMesh, type Mesh } from "./helpers";

const BUDGET = { tee: 10_000, hoodie: 15_000 } as const;
/** openings that stay open: hem, neck (tee) or face opening (hoodie), two cuffs */
/** stated tolerance for print areas: per triangle, the UV→surface stretch (singular values of the map, 1 = none) */
const STRETCH = { median: 0.05, p90: 0.2 }; // folds crossing a print stretch it locally, as on a real garment

async function validate(bytes: Uint8Array) {
  return validator.validateBytes(bytes, { maxIssues: 50 });
}

/** Per-triangle stretch inside a print area: max |σ − 1| of the map from UV (scaled to cm) to the surface (cm). */
function printAreaStretch(m: Mesh, a: ModelInfo["printAreas"][number]): number[] {
  const cmPerU = a.widthCm / (a.uv.u1 - a.uv.u0);
  const cmPerV = a.heightCm / (a.uv.v1 - a.uv.v0);
  const out: number[] = [];
  for (let t = 0; t < m.tri.length; t += 3) {
    const ids = [m.tri[t], m.tri[t + 1], m.tri[t + 2]];
    if (!ids.every((i) => m.uv[2 * i] >= a.uv.u0 && m.uv[2 * i] <= a.uv.u1 && m.uv[2 * i + 1] >= a.uv.v0 && m.uv[2 * i + 1] <= a.uv.v1)) continue;
    const p = ids.map((i) => [m.pos[3 * i] * 100, m.pos[3 * i + 1] * 100, m.pos[3 * i + 2] * 100]);
    const q = ids.map((i) => [m.uv[2 * i] * cmPerU, m.uv[2 * i + 1] * cmPerV]);
    const du1 = q[1][0] - q[0][0], dv1 = q[1][1] - q[0][1], du2 = q[2][0] - q[0][0], dv2 = q[2][1] - q[0][1];
    const det = du1 * dv2 - du2 * dv1;
    if (Math.abs(det) < 1e-9) continue;
    const e1 = p[1].map((v, k) => v - p[0][k]);
    const e2 = p[2].map((v, k) => v - p[0][k]);
    const tu = e1.map((v, k) => (v * dv2 - e2[k] * dv1) / det);
    const tv = e1.map((v, k) => (-v * du2 + e2[k] * du1) / det);
    const a11 = tu.reduce((s, v) => s + v * v, 0), a22 = tv.reduce((s, v) => s + v * v, 0), a12 = tu.reduce((s, v, k) => s + v * tv[k], 0);
    const d = Math.sqrt(Math.max(0, (a11 - a22) ** 2 / 4 + a12 * a12));
    const s1 = Math.sqrt((a11 + a22) / 2 + d), s2 = Math.sqrt(Math.max(0, (a11 + a22) / 2 - d));
    out.push(Math.max(Math.abs(s1 - 1), Math.abs(s2 - 1)));
  }
  return out.sort((x, y) => x - y);
}

/** Is (u, v) inside some UV triangle of the mesh? */
function onFabric(m: Mesh, u: number, v: number): boolean {
  for (let t = 0; t < m.tri.length; t += 3) {
    const [a, b, c] = [m.tri[t], m.tri[t + 1], m.tri[t + 2]].map((i) => [m.uv[2 * i], m.uv[2 * i + 1]]);
    const d = (b[1] - c[1]) * (a[0] - c[0]) + (c[0] - b[0]) * (a[1] - c[1]);
    if (Math.abs(d) < 1e-12) continue;
    const l1 = ((b[1] - c[1]) * (u - c[0]) + (c[0] - b[0]) * (v - c[1])) / d;
    const l2 = ((c[1] - a[1]) * (u - c[0]) + (a[0] - c[0]) * (v - c[1])) / d;
    if (l1 >= -1e-6 && l2 >= -1e-6 && 1 - l1 - l2 >= -1e-6) return true;
  }
  return false;
}

/** the committed garments: NAME.glb is size M (what the library loads), sizes/NAME-S.glb and -L.glb beside it */
const COMMITTED = (["tee", "hoodie"] as const).flatMap((name) =>
  (["S", "M", "L"] as const)
    .map((size) => ({ name, size, file: size === "M" ? path.join(GARMENTS, `${name}.glb`) : path.join(GARMENTS, "sizes", `${name}-${size}.glb`) }))
    .filter((c) => existsSync(c.file)),
);

for (const { name, size, file } of COMMITTED) {
  describe(`committed ${path.relative(GARMENTS, file)}`, async () => {
    const info = JSON.parse(readFileSync(file.replace(/\.glb$/, ".json"), "utf8")) as ModelInfo;
    const m = await readMesh(file);

    it("passes the Khronos validator with 0 errors and has a small file", async () => {
      const bytes = new Uint8Array(readFileSync(file));
      const report = await validate(bytes);
      expect(report.issues.numErrors, JSON.stringify(report.issues.messages.slice(0, 5))).toBe(0);
      expect(bytes.length).toBeLessThan(1_000_000);
    });

    it(`stays within the triangle budget (< ${BUDGET[name]})`, () => {
      const tris = m.tri.length / 3;
      expect(tris).toBeGreaterThan(1500); // enough for folds
      expect(tris).toBeLessThan(BUDGET[name]);
    });

    it("has a sidecar with the ModelInfo fields, and its tint material exists in the GLB", async () => {
      expect(info).toMatchObject({ name, licence: "built-in", author: "Mockup Pipeline", tintMaterials: ["fabric"] });
      expect(info.productType).toBe(name === "tee" ? "tshirt" : "hoodie");
      const doc = await new NodeIO().read(file);
      expect(doc.getRoot().listMaterials().map((x) => x.getName())).toContain("fabric");
      expect(info.printAreas.map((a) => a.name).sort()).toEqual(["back", "front", "left_sleeve", "right_sleeve"]);
    });

    it("is left/right symmetric (every vertex has a mirror vertex within 2 mm)", () => {
      const n = m.pos.length / 3;
      const mirrored: Mesh = { pos: Float64Array.from(m.pos), uv: m.uv, tri: m.tri };
      const both: Mesh = { pos: new Float64Array(n * 6), uv: new Float64Array(n * 4), tri: new Uint32Array() };
      both.pos.set(m.pos, 0);
      for (let i = 0; i < n; i++) mirrored.pos[3 * i] = -m.pos[3 * i];
      both.pos.set(mirrored.pos, n * 3);
      const r = weld(both, 0.002);
      let unmatched = 0;
      const groups = new Map<number, number>();
      for (let i = 0; i < 2 * n; i++) groups.set(r[i], (groups.get(r[i]) ?? 0) | (i < n ? 1 : 2));
      for (let i = 0; i < n; i++) if (groups.get(r[i]) !== 3) unmatched++;
      expect(unmatched).toBe(0);
    });

    it("has closed seams: with a 2 mm weld only the openings remain open", () => {
      const welded = openLoops(m, 0.002);
      expect(welded.loops).toBe(OPENINGS[name]);
      // stitched seams are shared edges, never three faces on one edge
      expect(openLoops(m, 0.0005).nonManifold).toBe(0);
      // unwelded, every panel's whole outline is open: the seams exist (as UV seams) and were sewn shut
      expect(openLoops(m, 0).boundaryEdges).toBeGreaterThan(1.5 * welded.boundaryEdges);
    });

    it("has no vertex inside the body form (collision tolerance 3 mm)", () => {
      let worst = 0;
      for (let i = 0; i < m.pos.length / 3; i++) worst = Math.max(worst, depthInsideBody(m.pos[3 * i], m.pos[3 * i + 1], m.pos[3 * i + 2], size, name));
      expect(worst).toBeLessThan(0.003);
    });

    it("gives each print area an axis-aligned UV rectangle on fabric, disjoint from the others", () => {
      for (const a of info.printAreas) {
        expect(a.uv.u0).toBeGreaterThanOrEqual(0);
        expect(a.uv.v1).toBeLessThanOrEqual(1);
        // physical aspect equals UV aspect: one scale for u and v (the layout keeps cm)
        expect((a.uv.u1 - a.uv.u0) / (a.uv.v1 - a.uv.v0)).toBeCloseTo(a.widthCm / a.heightCm, 2);
        for (let i = 0; i <= 6; i++)
          for (let j = 0; j <= 6; j++) {
            const u = a.uv.u0 + ((a.uv.u1 - a.uv.u0) * i) / 6;
            const v = a.uv.v0 + ((a.uv.v1 - a.uv.v0) * j) / 6;
            expect(onFabric(m, u, v), `${a.name} (${u.toFixed(3)}, ${v.toFixed(3)})`).toBe(true);
          }
        for (const b of info.printAreas) {
          if (a === b) continue;
          const overlap = a.uv.u0 < b.uv.u1 && b.uv.u0 < a.uv.u1 && a.uv.v0 < b.uv.v1 && b.uv.v0 < a.uv.v1;
          expect(overlap, `${a.name} overlaps ${b.name}`).toBe(false);
        }
      }
    });

    it(`keeps print areas undistorted (stretch median < ${STRETCH.median * 100} %, 90th percentile < ${STRETCH.p90 * 100} %)`, () => {
      for (const a of info.printAreas) {
        const s = printAreaStretch(m, a);
        expect(s.length, a.name).toBeGreaterThan(10);
        expect(s[Math.floor(s.length / 2)], `${a.name} median`).toBeLessThan(STRETCH.median);
        expect(s[Math.floor(s.length * 0.9)], `${a.name} p90`).toBeLessThan(STRETCH.p90);
      }
    });
  });
}

describe.skipIf(!HAS_BLENDER)("live drape", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "blender-drape-"));
  const pool = new BlenderPool({ size: 1 });
  afterAll(async () => {
    await pool.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("sews a tee from panels (short simulation) into a valid GLB with the committed UV layout", async () => {
    const out = path.join(dir, "tee-M.glb");
    const { result } = await pool.run("drape", { garment: "tee", size: "M", out, frames: 8 });
    const report = await validate(new Uint8Array(readFileSync(out)));
    expect(report.issues.numErrors).toBe(0);
    expect(result.triangles as number).toBeLessThan(BUDGET.tee);
    const committed = JSON.parse(readFileSync(path.join(GARMENTS, "tee.json"), "utf8")) as ModelInfo;
    expect(result.printAreas).toEqual(committed.printAreas);
    const m = await readMesh(out);
    expect(openLoops(m, 0.002).loops).toBe(OPENINGS.tee);
  }, 240_000); // 8 frames take ~10 s idle; minutes when the machine is shared

  it("sizes scale the garment: L is wider than S", async () => {
    const width = async (size: "S" | "L") => {
      const out = path.join(dir, `tee-${size}.glb`);
      await pool.run("drape", { garment: "tee", size, out, frames: 2 });
      const m = await readMesh(out);
      let lo = Infinity, hi = -Infinity;
      for (let i = 0; i < m.pos.length; i += 3) {
        if (Math.abs(m.pos[i + 2] - 0.9) > 0.05) continue; // a band at the waist
        lo = Math.min(lo, m.pos[i]);
        hi = Math.max(hi, m.pos[i]);
      }
      return hi - lo;
    };
    const s = await width("S");
    const l = await width("L");
    expect(l / s).toBeGreaterThan(1.08);
  }, 240_000);
});
