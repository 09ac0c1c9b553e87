/**
 * Round trip through a real client: three.js's GLTFLoader in Node (meshopt decoder from three's libs).
 * Node has no image decoder, so createImageBitmap is provided by sharp: textures are really decoded.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { processModel } from "../../app/gltf/process";
import { addColorVariants } from "../../app/gltf/variants";
import { importModel } from "../../app/gltf/import";
import { writeGlb } from "../../app/gltf/optimise";
import { loadModel, modelNames } from "../../app/library/index";
import { SAMPLES, SAMPLES_DIR } from "./helpers";

type Loaded = { scene: any; userData: any; parser: { json: any } };
let parse: (glb: Uint8Array) => Promise<Loaded>;

beforeAll(async () => {
  const g = globalThis as any;
  g.self ??= globalThis;
  g.createImageBitmap ??= async (blob: Blob) => {
    const { info } = await sharp(Buffer.from(await blob.arrayBuffer())).raw().toBuffer({ resolveWithObject: true });
    return { width: info.width, height: info.height, close() {} };
  };
  const { GLTFLoader } = await import("three/examples/jsm/loaders/GLTFLoader.js");
  const { MeshoptDecoder } = await import("three/examples/jsm/libs/meshopt_decoder.module.js");
  const loader = new GLTFLoader().setMeshoptDecoder(MeshoptDecoder);
  parse = (glb) => {
    const ab = glb.buffer.slice(glb.byteOffset, glb.byteOffset + glb.byteLength) as ArrayBuffer;
    return new Promise((res, rej) => loader.parse(ab, "", res as never, rej));
  };
});

function summary(gltf: Loaded) {
  let triangles = 0;
  const images: [number, number][] = [];
  gltf.scene.traverse((o: any) => {
    if (!o.isMesh) return;
    const g = o.geometry;
    triangles += (g.index ? g.index.count : g.attributes.position.count) / 3;
    for (const slot of ["map", "normalMap", "roughnessMap"]) {
      const tex = o.material[slot];
      if (tex?.image) images.push([tex.image.width, tex.image.height]);
    }
  });
  return { triangles, images };
}

describe("three.js GLTFLoader (Node)", () => {
  for (const file of SAMPLES) {
    it(`loads the optimised ${file} with the same triangles and decodable WebP textures`, async () => {
      const r = await processModel(new Uint8Array(readFileSync(path.join(SAMPLES_DIR, file))), { fileName: file });
      const s = summary(await parse(r.glb));
      expect(s.triangles).toBe(r.report.after.triangles);
      for (const [w, h] of s.images) {
        expect(w).toBeGreaterThan(0);
        expect(Math.max(w, h)).toBeLessThanOrEqual(1024);
      }
      if (r.report.after.textures.length) expect(s.images.length).toBeGreaterThan(0);
    });
  }

  it("loads every library model's optimised variant GLB and lists the variants", async () => {
    const colors = [{ name: "Forest Green", hex: "#228B22" }, { name: "Beige", hex: "#F5DEB3" }, { name: "Black", hex: "#000000" }];
    for (const name of modelNames()) {
      const { glb, info } = await loadModel(name);
      const r = await processModel(glb, { fileName: `${name}.glb`, productType: info.productType });
      const { doc } = await importModel(r.glb, { fileName: "o.glb" });
      await addColorVariants(doc, { colors });
      const out = await writeGlb(doc);
      const gltf = await parse(out);
      expect(gltf.userData.gltfExtensions.KHR_materials_variants.variants.map((v: { name: string }) => v.name), name).toEqual(colors.map((c) => c.name));
      expect(summary(gltf).triangles).toBe(r.report.after.triangles);
      // the model's info travels in the asset: three exposes root extras as scene userData
      expect(JSON.stringify(gltf.parser.json.extras.mockup.printAreas)).toBe(JSON.stringify(info.printAreas));
    }
  });
});
