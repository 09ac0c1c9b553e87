/**
 * Print placement on the committed size-M garments (what the shop renders and publishes): across every front and
 * back print area the cloth has no crease that would dent or kink a print (issue 16: the old hoodie's back print
 * read "WDLLE" where a fold crossed it), and it is not compressed into folds.
 * A 16 × 16 grid over each print rectangle is lifted onto the drape through the pattern UVs; at every inner sample
 * the "kink" is the angle between its normal and the mean of its two neighbours' normals (2 cm away): smooth
 * curvature of the torso gives a few degrees, a fold running through the print tens of degrees. Measured:
 * tee M 16.8° / 16.8° (front / back, max), hoodie M 15.6° / 17.2°; the previous hoodie M front 48.7°.
 * The S and L drapes are not held to it: hoodie S front 32°, tee L front 26° (folds at the lower print edge).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { NodeIO } from "@gltf-transform/core";
import { describe, expect, it } from "vitest";
import type { ModelInfo } from "../../app/contracts/model-info";
import { garmentMesh, Locator, type Surface } from "../../app/library/construction/garment-mesh";
import { GARMENTS_DIR } from "../../app/library/garments";

const N = 16;

for (const name of ["tee", "hoodie"]) {
  describe(`${name} (M) print areas`, async () => {
    const doc = await new NodeIO().read(path.join(GARMENTS_DIR, `${name}.glb`));
    const info = JSON.parse(readFileSync(path.join(GARMENTS_DIR, `${name}.json`), "utf8")) as ModelInfo;
    const p = doc.getRoot().listMeshes()[0].listPrimitives()[0];
    const a0 = info.printAreas[0];
    const mesh = garmentMesh(
      p.getAttribute("POSITION")!.getArray() as Float32Array,
      p.getAttribute("NORMAL")!.getArray() as Float32Array,
      p.getAttribute("TEXCOORD_0")!.getArray() as Float32Array,
      Uint32Array.from(p.getIndices()!.getArray()!),
      a0.widthCm / (a0.uv.u1 - a0.uv.u0),
    );
    const loc = new Locator(mesh);

    for (const area of info.printAreas.filter((a) => a.name === "front" || a.name === "back")) {
      it(`${area.name}: no crease through the print (kink < 22°, 95th percentile < 12°) and no fold compressing it`, () => {
        const g: (Surface | undefined)[][] = [];
        for (let j = 0; j <= N; j++) {
          g.push([]);
          for (let i = 0; i <= N; i++) g[j].push(loc.locate(area.uv.u0 + ((area.uv.u1 - area.uv.u0) * i) / N, area.uv.v0 + ((area.uv.v1 - area.uv.v0) * j) / N, undefined, 1e-3));
        }
        expect(g.flat().every(Boolean), "the whole print rectangle is on the cloth").toBe(true);
        const kinks: number[] = [];
        const stretch: number[] = [];
        for (let j = 0; j <= N; j++) {
          for (let i = 0; i <= N; i++) {
            for (const [di, dj] of [[1, 0], [0, 1]]) {
              const s = g[j][i]!;
              const b = g[j + dj]?.[i + di];
              if (b) stretch.push((Math.hypot(...s.position.map((v, k) => v - b.position[k])) * 100) / ((di ? area.widthCm : area.heightCm) / N) - 1);
              const a = g[j - dj]?.[i - di];
              if (!a || !b) continue;
              const mean = a.normal.map((v, k) => v + b.normal[k]);
              const l = Math.hypot(...mean);
              const c = mean.reduce((x, v, k) => x + (v / l) * s.normal[k], 0);
              kinks.push((Math.acos(Math.min(1, c)) * 180) / Math.PI);
            }
          }
        }
        kinks.sort((x, y) => x - y);
        stretch.sort((x, y) => x - y);
        const max = kinks[kinks.length - 1];
        const p95 = kinks[Math.floor(kinks.length * 0.95)];
        expect(max, `max kink ${max.toFixed(1)}°`).toBeLessThan(22);
        expect(p95, `p95 kink ${p95.toFixed(1)}°`).toBeLessThan(12);
        // straight-line distance over 2 cm of cloth: a fold shortens it; the chest's curve only a little
        expect(stretch[Math.floor(stretch.length * 0.05)]).toBeGreaterThan(-0.12);
        expect(stretch[Math.floor(stretch.length * 0.95)]).toBeLessThan(0.06);
      });
    }
  });
}
