/**
 * The built-in product model library (offline): listModels() and loadModel(name). Every model comes out
 * normalised (metres, Y-up, on the floor), with fabric maps on garments, ModelInfo in root extras, and
 * uncompressed geometry so every client (Blender 3.4 included) reads it; asset.optimize compresses.
 */
import { weld } from "@gltf-transform/functions";
import type { ModelInfo } from "../contracts/model-info";
import { AssetError } from "../gltf/errors";
import { applyFabric, cmPerUv } from "../gltf/fabric";
import { importModel } from "../gltf/import";
import { writeModelInfo } from "../gltf/model-info";
import { normalise } from "../gltf/normalise";
import { writeGlb } from "../gltf/optimise";
import { validateGlb } from "../gltf/validate";
import { CATALOG } from "./catalog";
import { addConstruction } from "./construction/construct";
import { smoothPrintAreas } from "./construction/smooth-print-areas";
import { stitchMap } from "./construction/stitch-map";
import { findGarment, GARMENTS_DIR } from "./garments";

export interface LoadedModel {
  glb: Uint8Array;
  info: ModelInfo;
  /** "garments/tee.glb" when a committed draped GLB was used ("garments/flat/tee-M.glb" laid flat), "code" when built here */
  source: "code" | string;
}

export interface LoadOptions {
  /** folder with committed garment GLBs. Default app/library/garments (env MOCKUP_GARMENTS_DIR). */
  garmentsDir?: string;
  /** "flat": the garment laid flat on a table (GARMENTS/flat/NAME-M.glb, decision 160) instead of on the form;
   * a model without a committed flat lay is refused. Default "form". */
  pose?: "form" | "flat";
}

const cache = new Map<string, Promise<LoadedModel>>();

// what the models are, without building them (app/library/list.ts: no glTF-Transform functions, no sharp)
export { listModels, modelNames } from "./list";

export function loadModel(name: string, options: LoadOptions = {}): Promise<LoadedModel> {
  const dir = options.garmentsDir ?? GARMENTS_DIR;
  const pose = options.pose ?? "form";
  const key = `${dir}:${name}:${pose}`;
  let loaded = cache.get(key);
  if (!loaded) {
    loaded = build(name, dir, pose);
    cache.set(key, loaded);
    loaded.catch(() => cache.delete(key));
  }
  return loaded.then((m) => ({ ...m, glb: m.glb.slice(), info: structuredClone(m.info) }));
}

async function build(name: string, garmentsDir: string, pose: "form" | "flat"): Promise<LoadedModel> {
  const entry = CATALOG.find((e) => e.info.name === name);
  if (!entry) throw new AssetError("missing_resource", `no built-in model "${name}" (available: ${CATALOG.map((e) => e.info.name).join(", ")})`);
  const committed = entry.garment ? await findGarment(name, garmentsDir, pose) : undefined;
  if (pose === "flat" && !committed) throw new AssetError("missing_resource", `no flat lay of "${name}" is committed`);
  const doc = committed ? (await importModel(committed.glb, { fileName: `${name}.glb` })).doc : entry.build();
  const info = committed?.info ?? entry.info;
  const garment = committed && (info.productType === "tshirt" || info.productType === "hoodie");
  // the cloth under the prints lies smoother (a print stiffens the knit), then rib bands, hems, pocket, hood
  // lining, drawcord: on the drape as committed, before it is moved or scaled
  if (garment) smoothPrintAreas(doc, info);
  const construction = garment ? addConstruction(doc, info) : undefined;
  await normalise(doc, { productType: info.productType });
  // garments get their knit (jersey tee, fleece hoodie) where the tint material has no normal map yet
  if (info.productType === "tshirt" || info.productType === "hoodie") {
    const tints = doc.getRoot().listMaterials().filter((m) => info.tintMaterials.includes(m.getName()) && !m.getNormalTexture());
    await applyFabric(doc, tints, info.productType === "tshirt" ? "jersey" : "fleece", { cmPerUv: cmPerUv(info.printAreas) });
    if (construction) {
      // seams and cover stitching as the occlusion map (UV 0, not tiled)
      const map = await stitchMap(construction.mesh, construction.stitches);
      const tex = doc.createTexture("stitch-map").setImage(map).setMimeType("image/png").setURI("stitch-map.png");
      for (const m of tints) m.setOcclusionTexture(tex).setOcclusionStrength(1);
    }
    if (tints.length) await normalise(doc, { productType: info.productType }); // tangents for the new normal maps
  }
  await doc.transform(weld()); // tangent generation unwelds; merge identical corners again (lossless)
  writeModelInfo(doc, info);
  const glb = await writeGlb(doc, { compress: false });
  const report = await validateGlb(glb);
  if (report.errors) throw new AssetError("invalid_gltf", `built-in model "${name}" fails validation`, report.messages);
  return { glb, info, source: committed ? (pose === "flat" ? `garments/flat/${name}-M.glb` : `garments/${name}.glb`) : "code" };
}
