/**
 * Print areas as data: the committed garments' sidecars carry exactly the names and centimetre sizes of
 * app/library/garments/print-areas.json, their UV rectangles are the ones Blender derives from it (one
 * cm-per-UV scale per garment: the pattern is laid out at one scale), and the draped cloth inside each UV
 * rectangle has the area's physical size.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { GARMENT_PRINT_AREAS } from "../../app/library/print-area-data";
import { placeholderInfo } from "../../app/library/models/garment-placeholder";
import type { ModelInfo } from "../../app/models/types";
import { GARMENTS, readMesh } from "../blender/helpers";

/** every committed sidecar: NAME.json (size M) and sizes/NAME-S.json … */
const sidecars = [
  ...readdirSync(GARMENTS).filter((f) => /^(tee|hoodie)\.json$/.test(f)).map((f) => path.join(GARMENTS, f)),
  ...(existsSync(path.join(GARMENTS, "sizes")) ? readdirSync(path.join(GARMENTS, "sizes")).filter((f) => f.endsWith(".json")).map((f) => path.join(GARMENTS, "sizes", f)) : []),
];

/** surface area (cm²) of the triangles whose UVs all lie inside the rectangle, scaled by the share of UV area covered */
async function clothAreaCm2(glb: string, a: ModelInfo["printAreas"][number]): Promise<number> {
  const m = await readMesh(glb);
  let surf = 0, uvIn = 0;
  for (let t = 0; t < m.tri.length; t += 3) {
    const ids = [m.tri[t], m.tri[t + 1], m.tri[t + 2]];
    if (!ids.every((i) => m.uv[2 * i] >= a.uv.u0 && m.uv[2 * i] <= a.uv.u1 && m.uv[2 * i + 1] >= a.uv.v0 && m.uv[2 * i + 1] <= a.uv.v1)) continue;
    const p = ids.map((i) => [m.pos[3 * i], m.pos[3 * i + 1], m.pos[3 * i + 2]]);
    const e1 = p[1].map((v, k) => v - p[0][k]), e2 = p[2].map((v, k) => v - p[0][k]);
    const c = [e1[1] * e2[2] - e1[2] * e2[1], e1[2] * e2[0] - e1[0] * e2[2], e1[0] * e2[1] - e1[1] * e2[0]];
    surf += Math.hypot(c[0], c[1], c[2]) / 2;
    const q = ids.map((i) => [m.uv[2 * i], m.uv[2 * i + 1]]);
    uvIn += Math.abs((q[1][0] - q[0][0]) * (q[2][1] - q[0][1]) - (q[2][0] - q[0][0]) * (q[1][1] - q[0][1])) / 2;
  }
  const share = uvIn / ((a.uv.u1 - a.uv.u0) * (a.uv.v1 - a.uv.v0));
  return (surf * 1e4) / share;
}

describe("print areas as data", () => {
  it("finds the committed sidecars", () => {
    expect(sidecars.map((f) => path.basename(f))).toEqual(expect.arrayContaining(["tee.json", "hoodie.json"]));
  });

  for (const file of sidecars) {
    const info = JSON.parse(readFileSync(file, "utf8")) as ModelInfo;
    const garment = info.name as "tee" | "hoodie";
    describe(path.relative(GARMENTS, file), () => {
      it("has the data file's names and centimetre sizes", () => {
        const want = GARMENT_PRINT_AREAS[garment].map(({ name, widthCm, heightCm }) => ({ name, widthCm, heightCm }));
        expect(info.printAreas.map(({ name, widthCm, heightCm }) => ({ name, widthCm, heightCm }))).toEqual(want);
      });

      it("lays every area out at one cm-per-UV scale (the pattern's)", () => {
        const scales = info.printAreas.flatMap((a) => [a.widthCm / (a.uv.u1 - a.uv.u0), a.heightCm / (a.uv.v1 - a.uv.v0)]);
        for (const s of scales) expect(Math.abs(s / scales[0] - 1), `${scales.join(", ")}`).toBeLessThan(0.002);
      });

      it("covers cloth of the area's physical size (within 6 %: folds crossing the print stretch it a little)", async () => {
        const glb = file.replace(/\.json$/, ".glb");
        for (const a of info.printAreas) {
          const cm2 = await clothAreaCm2(glb, a);
          expect(Math.abs(cm2 / (a.widthCm * a.heightCm) - 1), `${a.name}: ${cm2.toFixed(0)} cm²`).toBeLessThan(0.06);
        }
      });
    });
  }

  it("the code-built stand-ins use the same sizes", () => {
    for (const kind of ["tee", "hoodie"] as const) {
      for (const a of placeholderInfo(kind).printAreas) {
        const spec = GARMENT_PRINT_AREAS[kind].find((s) => s.name === a.name)!;
        expect([a.widthCm, a.heightCm]).toEqual([spec.widthCm, spec.heightCm]);
      }
    }
  });
});
