/** Every third-party sample: import → normalise → optimise → validate, with the report checked. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { processModel } from "../../app/gltf/process";
import { validateGlb } from "../../app/gltf/validate";
import { countTriangles } from "../../app/gltf/stats";
import { getBounds } from "@gltf-transform/functions";
import { glbJson, readGlbDoc, SAMPLES, SAMPLES_DIR } from "./helpers";

describe("sample models", () => {
  it("finds the shared samples", () => {
    expect(SAMPLES.length).toBeGreaterThanOrEqual(5);
  });

  for (const file of SAMPLES) {
    it(`${file}: imports, optimises and validates with 0 errors`, async () => {
      const bytes = new Uint8Array(readFileSync(path.join(SAMPLES_DIR, file)));
      const productType = file.startsWith("mug") ? "mug" : "other";
      const r = await processModel(bytes, { fileName: file, productType, lowDetail: true });

      // the output passes the Khronos validator (checked again here, independently of the optimiser)
      const v = await validateGlb(r.glb);
      expect(v.errors, v.messages.join("\n")).toBe(0);
      expect(r.report.validator.errors).toBe(0);

      // lossless geometry: no budget for these types, so the triangle count is unchanged
      expect(r.report.after.triangles).toBe(r.report.before.triangles);
      const out = await readGlbDoc(r.glb);
      expect(countTriangles(out)).toBe(r.report.after.triangles);

      // textures: WebP, at most 1024², never larger than before
      for (const t of r.report.after.textures) {
        expect(t.mimeType).toBe("image/webp");
        expect(Math.max(t.width, t.height)).toBeLessThanOrEqual(1024);
      }
      expect(r.report.after.textures.length).toBe(r.report.before.textures.length);
      expect(glbJson(r.glb).extensionsUsed ?? []).toContain("EXT_meshopt_compression");

      // normalised: base on the floor, centred in x/z, mugs at mug size
      const b = getBounds(out.getRoot().listScenes()[0]);
      expect(Math.abs(b.min[1])).toBeLessThan(1e-4);
      expect(Math.abs((b.min[0] + b.max[0]) / 2)).toBeLessThan(1e-4);
      expect(Math.abs((b.min[2] + b.max[2]) / 2)).toBeLessThan(1e-4);
      if (productType === "mug") expect(Math.max(...b.max.map((x, i) => x - b.min[i]))).toBeGreaterThan(0.05);
      if (productType === "mug") expect(Math.max(...b.max.map((x, i) => x - b.min[i]))).toBeLessThan(0.25);

      // every output has normals; the low-detail version validates and is not bigger
      for (const mesh of out.getRoot().listMeshes()) for (const p of mesh.listPrimitives()) expect(p.getAttribute("NORMAL")).toBeTruthy();
      expect(r.glbLow).toBeDefined();
      expect((await validateGlb(r.glbLow!)).errors).toBe(0);
      expect(r.report.low!.triangles).toBeLessThanOrEqual(r.report.after.triangles);
    });
  }

  it("texture-heavy models shrink a lot (PNG 2048² → WebP 1024²)", async () => {
    const bytes = new Uint8Array(readFileSync(path.join(SAMPLES_DIR, "barrel_pbr.glb")));
    const r = await processModel(bytes, { fileName: "barrel_pbr.glb" });
    expect(r.report.before.textures.every((t) => t.width === 2048)).toBe(true);
    expect(r.report.after.textures.every((t) => t.width === 1024)).toBe(true);
    expect(r.report.after.bytes).toBeLessThan(r.report.before.bytes / 5);
  });

  it("--max-texture 2048 keeps 2048² textures", async () => {
    const bytes = new Uint8Array(readFileSync(path.join(SAMPLES_DIR, "barrel_pbr.glb")));
    const r = await processModel(bytes, { fileName: "barrel_pbr.glb", maxTexture: 2048 });
    expect(r.report.after.textures.map((t) => t.width)).toEqual([2048, 2048, 2048]);
  });

  it("simplifies only when a triangle budget requires it", async () => {
    const bytes = new Uint8Array(readFileSync(path.join(SAMPLES_DIR, "mug_trellis.glb")));
    const r = await processModel(bytes, { fileName: "mug_trellis.glb", triangleBudget: 10_000 });
    expect(r.report.before.triangles).toBeGreaterThan(10_000);
    expect(r.report.simplified).toBe(true);
    expect(r.report.after.triangles).toBeLessThanOrEqual(10_000);
    expect(r.report.after.triangles).toBeGreaterThan(2_000);
    expect((await validateGlb(r.glb)).errors).toBe(0);
  });
});
