/**
 * Normalise an imported model for the web and for our compositor: Y-up, metres, base on the floor and
 * centred, a plausible real-world size for its product type, normals and tangents present, and every
 * material in metallic-roughness.
 */
import { Primitive, type Document } from "@gltf-transform/core";
import { KHRMaterialsUnlit } from "@gltf-transform/extensions";
import { center, getBounds, metalRough, normals, tangents, unweld } from "@gltf-transform/functions";
import { generateTangents, ready as mikktReady } from "three/examples/jsm/libs/mikktspace.module.js";
import type { ProductType } from "../contracts/model-info";

/** Typical largest dimension in metres (sleeve to sleeve, handle to side, brim to back...). */
export const PRODUCT_SIZE_M: Record<ProductType, number | undefined> = {
  tshirt: 0.8,
  hoodie: 0.85,
  mug: 0.12,
  tote: 0.65,
  poster: 0.7,
  cap: 0.27,
  phonecase: 0.15,
  other: undefined,
};

export interface NormaliseOptions {
  /** sizes the model to this type's typical size unless it is already within 0.5–2× of it. Default "other". */
  productType?: ProductType;
  /** axis the source treats as up. Default "y" (glTF); STL is usually "z". */
  upAxis?: "y" | "z";
  /** largest dimension in metres, overriding the product type's. Default: none. */
  sizeM?: number;
}

export interface NormaliseReport {
  scale: number;
  rotatedZUp: boolean;
  normalsGenerated: boolean;
  tangentsGenerated: number;
  unlitConverted: number;
  specGlossConverted: boolean;
  /** largest dimension after normalising, metres */
  sizeM: number;
}

export async function normalise(doc: Document, options: NormaliseOptions = {}): Promise<NormaliseReport> {
  const root = doc.getRoot();
  const scene = root.getDefaultScene() ?? root.listScenes()[0] ?? doc.createScene("scene");
  if (!root.getDefaultScene()) root.setDefaultScene(scene);
  // Meshes reachable from no scene are not shown by any viewer; attach them so nothing is lost.
  for (const node of root.listNodes()) {
    if (node.getMesh() && !node.getParentNode() && !scene.listChildren().includes(node) && !root.listScenes().some((s) => s.listChildren().includes(node))) scene.addChild(node);
  }

  // One wrapper node carries the up-axis rotation and unit scale, so the source hierarchy stays intact.
  const rotatedZUp = options.upAxis === "z";
  const before = getBounds(scene);
  const size = Math.max(...before.max.map((v, i) => v - before.min[i]));
  const scale = chooseScale(size, options.sizeM ?? PRODUCT_SIZE_M[options.productType ?? "other"]);
  if (rotatedZUp || scale !== 1) {
    const wrapper = doc.createNode("normalised");
    for (const child of scene.listChildren()) {
      scene.removeChild(child);
      wrapper.addChild(child);
    }
    scene.addChild(wrapper);
    if (rotatedZUp) wrapper.setRotation([-Math.SQRT1_2, 0, 0, Math.SQRT1_2]);
    wrapper.setScale([scale, scale, scale]);
  }
  await doc.transform(center({ pivot: "below" }));

  // Materials: spec-gloss → metal-rough; unlit (flat colour) → a matte metal-rough material.
  const specGloss = root.listExtensionsUsed().some((e) => e.extensionName === "KHR_materials_pbrSpecularGlossiness");
  if (specGloss) await doc.transform(metalRough());
  let unlitConverted = 0;
  for (const m of root.listMaterials()) {
    if (m.getExtension(KHRMaterialsUnlit.EXTENSION_NAME)) {
      m.setExtension(KHRMaterialsUnlit.EXTENSION_NAME, null).setMetallicFactor(0).setRoughnessFactor(0.7);
      unlitConverted++;
    }
  }
  root.listExtensionsUsed().find((e) => e.extensionName === KHRMaterialsUnlit.EXTENSION_NAME)?.dispose();

  // Missing normals: smooth (area-weighted) on indexed triangles, flat via glTF-Transform otherwise
  // (its normals() unwelds the whole document, so it runs only when an unindexed primitive needs it).
  const prims = root.listMeshes().flatMap((m) => m.listPrimitives());
  const missing = prims.filter((p) => !p.getAttribute("NORMAL") && p.getMode() === Primitive.Mode.TRIANGLES);
  for (const p of missing) if (p.getIndices()) smoothNormals(doc, p);
  const needsNormals = missing.length > 0;
  if (missing.some((p) => !p.getIndices())) await doc.transform(normals({ overwrite: false }));

  // MikkTSpace tangents for normal-mapped primitives that lack them (mikktspace wants unindexed triangles).
  const needTangents = root.listMeshes().flatMap((m) => m.listPrimitives()).filter(
    (p) => p.getMaterial()?.getNormalTexture() && !p.getAttribute("TANGENT") && p.getAttribute("TEXCOORD_0") && p.getAttribute("NORMAL"),
  );
  if (needTangents.length) {
    await mikktReady;
    await doc.transform(unweld()); // weld() in optimise merges the corners again
    await doc.transform(tangents({ generateTangents, overwrite: false }));
  }

  const after = getBounds(scene);
  return {
    scale,
    rotatedZUp,
    normalsGenerated: needsNormals,
    tangentsGenerated: needTangents.length,
    unlitConverted,
    specGlossConverted: specGloss,
    sizeM: Math.max(...after.max.map((v, i) => v - after.min[i])),
  };
}

/**
 * Within 0.5–2× of the target the model's own units are trusted; otherwise scale to the target. With no
 * target, only obvious unit mistakes are fixed (millimetres or centimetres exported as metres).
 */
function chooseScale(size: number, target: number | undefined): number {
  if (!(size > 0) || !Number.isFinite(size)) return 1;
  if (target) return size >= target / 2 && size <= target * 2 ? 1 : target / size;
  if (size > 100) return 0.001;
  if (size > 10) return 0.01;
  return 1;
}

/** Area-weighted vertex normals over an indexed triangle list (shared vertices give smooth shading). */
function smoothNormals(doc: Document, prim: Primitive): void {
  const pos = prim.getAttribute("POSITION");
  const idx = prim.getIndices();
  if (!pos || !idx) return;
  const n = new Float32Array(pos.getCount() * 3);
  const a = [0, 0, 0], b = [0, 0, 0], c = [0, 0, 0];
  for (let t = 0; t + 2 < idx.getCount(); t += 3) {
    const i0 = idx.getScalar(t), i1 = idx.getScalar(t + 1), i2 = idx.getScalar(t + 2);
    pos.getElement(i0, a);
    pos.getElement(i1, b);
    pos.getElement(i2, c);
    const ux = b[0] - a[0], uy = b[1] - a[1], uz = b[2] - a[2];
    const vx = c[0] - a[0], vy = c[1] - a[1], vz = c[2] - a[2];
    const nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx; // length = 2 × area
    for (const i of [i0, i1, i2]) {
      n[i * 3] += nx;
      n[i * 3 + 1] += ny;
      n[i * 3 + 2] += nz;
    }
  }
  for (let i = 0; i < n.length; i += 3) {
    const len = Math.hypot(n[i], n[i + 1], n[i + 2]);
    if (len > 0) {
      n[i] /= len;
      n[i + 1] /= len;
      n[i + 2] /= len;
    } else n[i + 1] = 1;
  }
  prim.setAttribute("NORMAL", doc.createAccessor().setType("VEC3").setArray(n).setBuffer(pos.getBuffer()));
}
