/**
 * Construction detail the library adds to the committed drapes (app/library/construction, decision 134) and the
 * knit maps (app/gltf/fabric.ts, decision 133). No Blender: it reads the committed GLBs.
 * - every part is there, inside the web triangle budgets;
 * - the parts follow the drape: each added vertex sits within a few millimetres of the cloth at its own UV
 *   (a band laid out wrongly, e.g. in the wrong panel or off the pattern, lands centimetres away);
 * - the cords hang down the chest, in front of it;
 * - the stitch map darkens stitches and seams and nothing else (the print area stays white);
 * - the knit tile has the stated stitch count per cm, and its repeat puts one tile on 2 cm of cloth.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { NodeIO } from "@gltf-transform/core";
import { ALL_EXTENSIONS } from "@gltf-transform/extensions";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import type { ModelInfo } from "../../app/contracts/model-info";
import { fabricMaps } from "../../app/gltf/fabric";
import { addConstruction } from "../../app/library/construction/construct";
import { garmentMesh, Locator } from "../../app/library/construction/garment-mesh";
import { stitchMap } from "../../app/library/construction/stitch-map";
import { GARMENTS_DIR } from "../../app/library/garments";
import { loadModel } from "../../app/library/index";

const io = new NodeIO().registerExtensions(ALL_EXTENSIONS);

async function committed(name: string) {
  const doc = await io.read(path.join(GARMENTS_DIR, `${name}.glb`));
  const info = JSON.parse(readFileSync(path.join(GARMENTS_DIR, `${name}.json`), "utf8")) as ModelInfo;
  return { doc, info };
}

function arrays(doc: Awaited<ReturnType<typeof committed>>["doc"]) {
  const prim = doc.getRoot().listMeshes()[0].listPrimitives()[0];
  return {
    pos: prim.getAttribute("POSITION")!.getArray() as Float32Array,
    uv: prim.getAttribute("TEXCOORD_0")!.getArray() as Float32Array,
    tri: prim.getIndices()!.getArray()!,
  };
}

const BUDGET = { tee: 10_000, hoodie: 15_000 } as const;
const PARTS = {
  tee: ["rib neckband", "turned hems (sleeves, bottom)", "twin-needle cover stitch"],
  hoodie: ["rib cuffs", "rib waistband", "kangaroo pocket", "hood lining", "rolled hood opening", "eyelets", "drawcord"],
};

for (const name of ["tee", "hoodie"] as const) {
  describe(`${name} construction`, () => {
    it("adds every part, and the web GLB stays inside the triangle budget", async () => {
      const { doc, info } = await committed(name);
      const before = arrays(doc).tri.length / 3;
      const r = addConstruction(doc, info);
      expect(r.parts).toEqual(PARTS[name]);
      expect(r.trianglesAdded).toBeGreaterThan(name === "tee" ? 2000 : 5000); // rib ridges are geometry
      const { glb } = await loadModel(name);
      const web = await io.readBinary(glb);
      const tris = web.getRoot().listMeshes().flatMap((m) => m.listPrimitives()).reduce((s, p) => s + p.getIndices()!.getCount() / 3, 0);
      expect(tris).toBeGreaterThanOrEqual(before + r.trianglesAdded - 10);
      expect(tris).toBeLessThan(BUDGET[name]);
    });

    it("lays every band, hem, pocket and lining on the drape (within 4 mm of the cloth at its own UV)", async () => {
      const { doc, info } = await committed(name);
      const orig = arrays(doc);
      const nrm = doc.getRoot().listMeshes()[0].listPrimitives()[0].getAttribute("NORMAL")!.getArray() as Float32Array;
      const a = info.printAreas[0];
      const m = garmentMesh(Float32Array.from(orig.pos), Float32Array.from(nrm), Float32Array.from(orig.uv), Uint32Array.from(orig.tri), a.widthCm / (a.uv.u1 - a.uv.u0));
      const loc = new Locator(m);
      const n0 = orig.pos.length / 3;
      const r0 = addConstruction(doc, info);
      const after = arrays(doc);
      let near = 0, total = 0, lifted = 0;
      // the drawcord and its eyelets come last and carry the eyelet's UV (tested below)
      const end = n0 + (r0.drawcordFrom ?? (after.pos.length / 3 - n0));
      for (let i = n0; i < end; i++) {
        const s = loc.locate(after.uv[2 * i], after.uv[2 * i + 1], undefined, 1e-3);
        if (!s) continue; // cords and eyelets carry a UV of their own
        total++;
        const d = [0, 1, 2].map((q) => after.pos[3 * i + q] - s.position[q]);
        const dist = Math.hypot(...d) * 1000;
        const along = (d[0] * s.normal[0] + d[1] * s.normal[1] + d[2] * s.normal[2]) * 1000;
        if (dist < 4) near++;
        if (along > 1.2) lifted++;
      }
      expect(total).toBeGreaterThan(1000);
      expect(near / total).toBeGreaterThan(0.97);
      // the bands and the pocket are a second layer standing off the cloth, not painted onto it
      expect(lifted / total).toBeGreaterThan(0.2);
    });

    it("draws stitches and seams in the occlusion map, and leaves the print areas untouched", async () => {
      const { doc, info } = await committed(name);
      const r = addConstruction(doc, info);
      const png = await stitchMap(r.mesh, r.stitches);
      const { data, info: img } = await sharp(Buffer.from(png)).greyscale().raw().toBuffer({ resolveWithObject: true });
      let dark = 0;
      for (const v of data) if (v < 200) dark++;
      expect(dark).toBeGreaterThan(500); // stitch rows and seams are there
      expect(dark / data.length).toBeLessThan(0.03); // and only there
      for (const pa of info.printAreas) {
        let min = 255;
        for (let y = Math.ceil(pa.uv.v0 * img.height) + 3; y < Math.floor(pa.uv.v1 * img.height) - 3; y++)
          for (let x = Math.ceil(pa.uv.u0 * img.width) + 3; x < Math.floor(pa.uv.u1 * img.width) - 3; x++) min = Math.min(min, data[y * img.width + x]);
        expect(min, pa.name).toBe(255);
      }
      // the bottom hem's cover stitch: a row of dark dashes 1.6-2.4 cm above the front hem (tee) or the
      // band seam 6.5 cm above it (hoodie), across the front panel
      const front = info.printAreas.find((p) => p.name === "front")!;
      const cm = front.widthCm / (front.uv.u1 - front.uv.u0);
      const x = Math.round(((front.uv.u0 + front.uv.u1) / 2) * img.width);
      let hemY = -1;
      for (let y = img.height - 1; y > 0 && hemY < 0; y--) if (data[y * img.width + x] < 250) hemY = y;
      expect(hemY).toBeGreaterThan(Math.round(front.uv.v1 * img.height));
      expect(((hemY / img.height - front.uv.v1) * cm)).toBeGreaterThan(3); // below the print, not inside it
    });
  });
}

describe("hoodie drawcord", () => {
  it("hangs two cords from the hood opening 20+ cm down the chest, in front of the cloth", async () => {
    const { doc, info } = await committed("hoodie");
    const orig = arrays(doc);
    const nrm = doc.getRoot().listMeshes()[0].listPrimitives()[0].getAttribute("NORMAL")!.getArray() as Float32Array;
    const a = info.printAreas[0];
    const m = garmentMesh(Float32Array.from(orig.pos), Float32Array.from(nrm), Float32Array.from(orig.uv), Uint32Array.from(orig.tri), a.widthCm / (a.uv.u1 - a.uv.u0));
    const loc = new Locator(m);
    const n0 = orig.pos.length / 3;
    const r = addConstruction(doc, info);
    const { pos, uv } = arrays(doc);
    // the cords carry the eyelet's UV, so they are the added vertices far (> 1 cm) from the cloth at their UV
    const cord: number[] = [];
    for (let i = n0 + r.drawcordFrom!; i < pos.length / 3; i++) {
      const s = loc.locate(uv[2 * i], uv[2 * i + 1], undefined, 1e-3);
      if (!s || Math.hypot(...[0, 1, 2].map((q) => pos[3 * i + q] - s.position[q])) > 0.01) cord.push(i);
    }
    expect(cord.length).toBeGreaterThan(200);
    const ys = cord.map((i) => pos[3 * i + 1]);
    expect(Math.max(...ys) - Math.min(...ys)).toBeGreaterThan(0.2);
    // every cord vertex is outside the cloth: on the outer side of its nearest garment vertex
    let inside = 0;
    const top = Math.max(...ys);
    const hanging = cord.filter((i) => pos[3 * i + 1] < top - 0.03); // below the eyelets, where they rest on the chest
    for (const i of hanging) {
      let best = -1, bd = Infinity;
      for (let j = 0; j < n0; j++) {
        const d = Math.hypot(pos[3 * i] - orig.pos[3 * j], pos[3 * i + 1] - orig.pos[3 * j + 1], pos[3 * i + 2] - orig.pos[3 * j + 2]);
        if (d < bd) [bd, best] = [d, j];
      }
      const out = [0, 1, 2].reduce((s, q) => s + (pos[3 * i + q] - orig.pos[3 * best + q]) * nrm[3 * best + q], 0);
      if (out < -0.002) inside++; // more than 2 mm behind the cloth: through it
    }
    expect(hanging.length).toBeGreaterThan(150);
    expect(inside / hanging.length).toBeLessThan(0.02);
    // one cord each side of the centre line
    expect(cord.some((i) => pos[3 * i] > 0.02) && cord.some((i) => pos[3 * i] < -0.02)).toBe(true);
  });
});

describe("knit maps", () => {
  for (const [kind, wales, courses] of [["jersey", 12, 16], ["fleece", 9, 12]] as const) {
    it(`${kind}: ${wales} wales (two yarn legs each) and ${courses} courses per cm on a 2 cm tile`, async () => {
      const maps = await fabricMaps(kind);
      const { height, size } = maps;
      // the strongest autocorrelation lag along a row is one wale, down a column one course
      const period = (dx: number, dy: number) => {
        const acc: number[] = [];
        for (let l = 0; l < size / 4; l++) {
          let a = 0;
          for (let y = 0; y < size; y += 2) for (let x = 0; x < size; x += 2) a += height[y * size + x] * height[((y + l * dy) % size) * size + ((x + l * dx) % size)];
          acc.push(a);
        }
        // past the first dip, the first peak is one period away
        let k = 1;
        while (k + 1 < acc.length && acc[k + 1] < acc[k]) k++;
        while (k + 1 < acc.length && acc[k + 1] >= acc[k]) k++;
        return k;
      };
      const pxPerCm = size / 2;
      // across: a leg every half wale; down: a stitch every course (whole-pixel lags: within 6 %)
      expect(Math.abs(pxPerCm / period(1, 0) / (2 * wales) - 1)).toBeLessThan(0.06);
      expect(Math.abs(pxPerCm / period(0, 1) / courses - 1)).toBeLessThan(0.06);
    });
  }

  it("the web GLB repeats the tile once per 2 cm of cloth and carries sheen, knit and the stitch map", async () => {
    const { glb, info } = await loadModel("tee");
    const json = JSON.parse(new TextDecoder().decode(glb.slice(20, 20 + new DataView(glb.buffer, glb.byteOffset).getUint32(12, true))));
    const mat = json.materials.find((m: { name: string }) => m.name === "fabric");
    const a = info.printAreas[0];
    const cmPerUv = a.widthCm / (a.uv.u1 - a.uv.u0);
    expect(mat.normalTexture.extensions.KHR_texture_transform.scale[0]).toBeCloseTo(cmPerUv / 2, 3);
    expect(mat.occlusionTexture.index).toBeGreaterThanOrEqual(0);
    expect(mat.occlusionTexture.extensions?.KHR_texture_transform).toBeUndefined(); // stitches are not tiled
    expect(mat.extensions.KHR_materials_sheen.sheenColorFactor[0]).toBeGreaterThan(0);
  });
});
