/** The built-in library: every model valid, sized, on the floor, with clean print-area UVs and its info inside. */
import { mkdtempSync, readdirSync, statSync, existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { getBounds } from "@gltf-transform/functions";
import type { Document } from "@gltf-transform/core";
import { listModels, loadModel, modelNames } from "../../app/library/index";
import { GARMENTS_DIR } from "../../app/library/garments";
import { getIO } from "../../app/gltf/io";
import { readModelInfo } from "../../app/gltf/model-info";
import { processModel } from "../../app/gltf/process";
import { countTriangles } from "../../app/gltf/stats";
import { validateGlb } from "../../app/gltf/validate";

/** Expected largest dimension range in metres per model. */
const SIZE: Record<string, [number, number]> = {
  tee: [0.5, 1.1],
  hoodie: [0.55, 1.3],
  mug: [0.1, 0.13],
  tote: [0.35, 0.8],
  poster: [0.7, 0.8],
  cap: [0.2, 0.32],
  phonecase: [0.14, 0.17],
};

const BUDGET: Record<string, number> = { tee: 10_000, hoodie: 15_000 };

/** Triangles (in UV space, any material) covering point (u, v): a clean island covers it exactly once. */
function uvCoverage(doc: Document, u: number, v: number): number {
  return uvHits(doc, u, v).length;
}

/** The 3D face normals of the triangles whose UVs cover (u, v). */
function uvHits(doc: Document, u: number, v: number): number[][] {
  const hits: number[][] = [];
  for (const mesh of doc.getRoot().listMeshes()) {
    for (const prim of mesh.listPrimitives()) {
      const uv = prim.getAttribute("TEXCOORD_0");
      const idx = prim.getIndices();
      if (!uv || !idx) continue;
      const a = [0, 0], b = [0, 0], c = [0, 0];
      for (let t = 0; t < idx.getCount(); t += 3) {
        uv.getElement(idx.getScalar(t), a);
        uv.getElement(idx.getScalar(t + 1), b);
        uv.getElement(idx.getScalar(t + 2), c);
        const d = (b[1] - c[1]) * (a[0] - c[0]) + (c[0] - b[0]) * (a[1] - c[1]);
        if (Math.abs(d) < 1e-14) continue;
        const l1 = ((b[1] - c[1]) * (u - c[0]) + (c[0] - b[0]) * (v - c[1])) / d;
        const l2 = ((c[1] - a[1]) * (u - c[0]) + (a[0] - c[0]) * (v - c[1])) / d;
        if (l1 >= 0 && l2 >= 0 && l1 + l2 <= 1) {
          const P = prim.getAttribute("POSITION")!;
          const [p0, p1, p2] = [0, 1, 2].map((k) => P.getElement(idx.getScalar(t + k), [0, 0, 0]));
          const e1 = [p1[0] - p0[0], p1[1] - p0[1], p1[2] - p0[2]], e2 = [p2[0] - p0[0], p2[1] - p0[1], p2[2] - p0[2]];
          const n = [e1[1] * e2[2] - e1[2] * e2[1], e1[2] * e2[0] - e1[0] * e2[2], e1[0] * e2[1] - e1[1] * e2[0]];
          const len = Math.hypot(n[0], n[1], n[2]) || 1;
          hits.push(n.map((x) => x / len));
        }
      }
    }
  }
  return hits;
}

describe("built-in library", () => {
  it("lists seven models with licences and print areas", () => {
    const models = listModels();
    expect(models.map((m) => m.name)).toEqual(["tee", "hoodie", "mug", "tote", "poster", "cap", "phonecase"]);
    for (const m of models) {
      expect(m.licence).toBe("built-in");
      expect(m.title.length).toBeGreaterThan(0);
      expect(m.printAreas.length).toBeGreaterThan(0);
      expect(m.tintMaterials.length).toBeGreaterThan(0);
    }
  });

  for (const name of modelNames()) {
    it(`${name}: valid, real-world size, on the floor, info and clean print-area UVs inside`, async () => {
      const { glb, info } = await loadModel(name);
      const v = await validateGlb(glb);
      expect(v.errors, v.messages.join("\n")).toBe(0);
      const doc = await (await getIO()).readBinary(glb);

      // the model carries its own info (print areas in UV space + cm)
      expect(readModelInfo(doc)).toEqual(info);
      expect(info.name).toBe(name);

      const b = getBounds(doc.getRoot().listScenes()[0]);
      const size = Math.max(...b.max.map((x, i) => x - b.min[i]));
      expect(size).toBeGreaterThanOrEqual(SIZE[name][0]);
      expect(size).toBeLessThanOrEqual(SIZE[name][1]);
      expect(b.min[1]).toBeCloseTo(0, 5);
      expect((b.min[0] + b.max[0]) / 2).toBeCloseTo(0, 5);
      expect((b.min[2] + b.max[2]) / 2).toBeCloseTo(0, 5);

      for (const area of info.printAreas) {
        const { u0, v0, u1, v1 } = area.uv;
        expect(u0).toBeGreaterThanOrEqual(0);
        expect(v1).toBeLessThanOrEqual(1);
        expect(area.widthCm).toBeGreaterThan(0);
        // points across every print area lie on exactly one triangle: the island exists and nothing overlaps it
        // (odd fractions keep the probes off grid vertices and edges, where neighbours share the point)
        for (const [fu, fv] of [[0.5123, 0.4871], [0.2137, 0.2391], [0.7713, 0.8219]]) {
          expect(uvCoverage(doc, u0 + fu * (u1 - u0), v0 + fv * (v1 - v0)), `${name}/${area.name} at ${fu},${fv}`).toBe(1);
        }
      }
      // "front" areas face the viewer (+Z), "back" areas face away (a phone case's printable back faces +Z)
      for (const area of info.printAreas.filter((a) => a.name === "front" || (a.name === "back" && name !== "phonecase"))) {
        const { u0, v0, u1, v1 } = area.uv;
        const [n] = uvHits(doc, u0 + 0.5123 * (u1 - u0), v0 + 0.4871 * (v1 - v0));
        if (area.name === "front") expect(n[2], `${name}/front normal`).toBeGreaterThan(0.3);
        else expect(n[2], `${name}/back normal`).toBeLessThan(-0.3);
      }
      // every tint material exists in the model
      const mats = doc.getRoot().listMaterials().map((m) => m.getName());
      for (const t of info.tintMaterials) expect(mats).toContain(t);
    });
  }

  it("code-built models: every triangle's winding agrees with its normals (no inside-out faces)", async () => {
    for (const name of ["mug", "tote", "poster", "cap", "phonecase"]) {
      const doc = await (await getIO()).readBinary((await loadModel(name)).glb);
      let bad = 0;
      for (const mesh of doc.getRoot().listMeshes()) {
        for (const p of mesh.listPrimitives()) {
          const P = p.getAttribute("POSITION")!, N = p.getAttribute("NORMAL")!, I = p.getIndices()!;
          const a = [0, 0, 0], b = [0, 0, 0], c = [0, 0, 0], na = [0, 0, 0], nb = [0, 0, 0], nc = [0, 0, 0];
          for (let t = 0; t < I.getCount(); t += 3) {
            const [i0, i1, i2] = [I.getScalar(t), I.getScalar(t + 1), I.getScalar(t + 2)];
            P.getElement(i0, a); P.getElement(i1, b); P.getElement(i2, c);
            N.getElement(i0, na); N.getElement(i1, nb); N.getElement(i2, nc);
            const u = [b[0] - a[0], b[1] - a[1], b[2] - a[2]], w = [c[0] - a[0], c[1] - a[1], c[2] - a[2]];
            const f = [u[1] * w[2] - u[2] * w[1], u[2] * w[0] - u[0] * w[2], u[0] * w[1] - u[1] * w[0]];
            if (f[0] * (na[0] + nb[0] + nc[0]) + f[1] * (na[1] + nb[1] + nc[1]) + f[2] * (na[2] + nb[2] + nc[2]) < 0) bad++;
          }
        }
      }
      expect(bad, name).toBe(0);
    }
  });

  it("every library model optimises within its triangle budget and validates", async () => {
    for (const name of modelNames()) {
      const { glb, info } = await loadModel(name);
      const r = await processModel(glb, { fileName: `${name}.glb`, productType: info.productType });
      expect(r.report.validator.errors).toBe(0);
      if (BUDGET[name]) expect(r.report.after.triangles, name).toBeLessThan(BUDGET[name]);
      // the info survives optimisation
      expect(readModelInfo(await (await getIO()).readBinary(r.glb))).toEqual(info);
    }
  });

  it("garments use the committed draped GLB when present, the code-built stand-in otherwise", async () => {
    for (const name of ["tee", "hoodie"]) {
      const committed = existsSync(path.join(GARMENTS_DIR, `${name}.glb`)) && existsSync(path.join(GARMENTS_DIR, `${name}.json`));
      const m = await loadModel(name);
      expect(m.source).toBe(committed ? `garments/${name}.glb` : "code");
      const empty = mkdtempSync(path.join(os.tmpdir(), "no-garments-"));
      const stand = await loadModel(name, { garmentsDir: empty });
      expect(stand.source).toBe("code");
      expect((await validateGlb(stand.glb)).errors).toBe(0);
      const doc = await (await getIO()).readBinary(stand.glb);
      expect(countTriangles(doc)).toBeGreaterThan(500);
      expect(stand.info.printAreas.map((a) => a.name)).toEqual(expect.arrayContaining(["front", "back"]));
      expect(listModels({ garmentsDir: empty }).find((x) => x.name === name)!.title).toMatch(/built-in shape/);
    }
  });

  it.each(["tee", "hoodie"])("the %s laid flat (pose flat) builds like the form drape: valid, same print areas, construction added, lying flat", async (name) => {
    const form = await loadModel(name);
    const flat = await loadModel(name, { pose: "flat" });
    expect(flat.source).toBe(`garments/flat/${name}-M.glb`);
    expect((await validateGlb(flat.glb)).errors).toBe(0);
    expect(flat.info.printAreas).toEqual(form.info.printAreas);
    const [f, d] = await Promise.all([flat.glb, form.glb].map(async (g) => (await getIO()).readBinary(g)));
    // the neckband, hems and stitch map are added to the flat lay too: as many triangles as on the form
    expect(countTriangles(f)).toBe(countTriangles(d));
    expect(f.getRoot().listTextures().some((t) => t.getName() === "stitch-map")).toBe(true);
    // glTF is Y-up: the table's normal; laid flat the garment is a few cm high, on the form 20-30 cm deep
    const extent = (doc: typeof f) => {
      const lo = [Infinity, Infinity, Infinity], hi = [-Infinity, -Infinity, -Infinity];
      for (const m of doc.getRoot().listMeshes()) for (const p of m.listPrimitives()) {
        const a = p.getAttribute("POSITION")!;
        for (let i = 0; i < a.getCount(); i++) a.getElement(i, [0, 0, 0]).forEach((v, k) => ([lo[k], hi[k]] = [Math.min(lo[k], v), Math.max(hi[k], v)]));
      }
      return hi.map((h, k) => h - lo[k]);
    };
    const [fx, fy] = extent(f), [, , dz] = extent(d);
    expect(fy).toBeLessThan(0.05);
    expect(fx).toBeGreaterThan(0.5);
    expect(dz).toBeGreaterThan(0.15);
  });

  it("unknown names are refused", async () => {
    await expect(loadModel("../etc/passwd")).rejects.toThrow(/no built-in model/);
    await expect(loadModel("mug", { pose: "flat" }), "a mug is not laid flat").rejects.toThrow(/no flat lay/);
  });

  it("committed binary assets stay under 20 MB", () => {
    let total = 0;
    const walk = (d: string) => {
      for (const f of readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, f.name);
        if (f.isDirectory()) walk(p);
        else if (/\.(glb|bin|png|jpe?g|webp|ktx2)$/i.test(f.name)) total += statSync(p).size;
      }
    };
    walk(path.resolve("app/library"));
    expect(total).toBeLessThan(20 * 1024 * 1024);
  });
});
