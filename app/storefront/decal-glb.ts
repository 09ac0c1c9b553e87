/**
 * A product GLB with a shopper's design on it, for the 3D view and AR (Scene Viewer / WebXR fetch it by URL).
 *
 * The design sits on a *decal layer*: a primitive of its own, made from the garment triangles inside the print
 * area's UV rectangle, lifted 1.5 mm along the normals, with UVs remapped to the area (0..1) and a material of
 * its own (blended texture, no colour-variant mapping), so every KHR_materials_variants colour keeps working
 * underneath. When the model already carries a decal layer (the contract of issue 12), use that instead: this
 * function is the stand-in and is deliberately small and replaceable.
 *
 * Two halves, because a shopper waits for the second one only:
 *  - `buildDecalTemplate` (once per product and print area, cached by the caller): the GLB with the decal
 *    primitive and a 1×1 placeholder image, written once (glTF-Transform);
 *  - `withDecalImage` (per design, ~1 ms): swaps the placeholder's bytes for the design texture by editing the
 *    GLB's JSON and appending to its binary chunk. No re-encode of the model.
 */
import { Accessor, Primitive, type Document, type Mesh } from "@gltf-transform/core";
import sharp from "sharp";
import type { PrintArea } from "../models/types";
import { importModel } from "../gltf/import";
import { writeGlb } from "../gltf/optimise";
import { findArea, mockupPlacementSchema, printedRect, type MockupPlacementInput } from "../mockups/compose/placement";

export interface DecalTemplateOptions {
  /** the print area that takes the design (default "front") */
  area?: string;
  /** materials that make up the printable garment (ModelInfo.tintMaterials); default every material */
  tintMaterials?: string[];
  /** lift along the normal, in model units (metres); default 0.0015 */
  lift?: number;
}

export const DEFAULTS = { area: "front", lift: 0.0015, textureSize: 1024 } as const;

/** name of the decal's image and material in the GLB (withDecalImage finds the image by it) */
export const DECAL_NAME = "mockup_design_decal";

const PLACEHOLDER_PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);

export interface DecalTemplate {
  glb: Uint8Array;
  area: PrintArea;
  /** triangles on the decal layer (0: the area has no geometry, the design GLB is the plain model) */
  triangles: number;
}

function isTint(prim: Primitive, tints?: string[]): boolean {
  const m = prim.getMaterial();
  if (!m) return false;
  if (!tints?.length) return true;
  const name = (m.getExtras() as { tintOf?: string }).tintOf ?? m.getName();
  return tints.includes(name) || tints.some((t) => m.getName().startsWith(`${t} / `));
}

/** Triangles of `prim` with a corner inside the area's UV rectangle, as a new lifted primitive with area UVs. */
function decalPrimitive(doc: Document, prim: Primitive, area: PrintArea, lift: number): Primitive | null {
  const pos = prim.getAttribute("POSITION");
  const nrm = prim.getAttribute("NORMAL");
  const uv = prim.getAttribute("TEXCOORD_0");
  if (!pos || !nrm || !uv || prim.getMode() !== Primitive.Mode.TRIANGLES) return null;
  const idx = prim.getIndices();
  const count = idx ? idx.getCount() : pos.getCount();
  const { u0, v0, u1, v1 } = area.uv;
  const inside = (i: number) => {
    const t = uv.getElement(i, [0, 0]);
    return t[0] >= u0 && t[0] <= u1 && t[1] >= v0 && t[1] <= v1;
  };
  const positions: number[] = [];
  const normals: number[] = [];
  const uvs: number[] = [];
  const p = [0, 0, 0];
  const n = [0, 0, 0];
  const t = [0, 0];
  for (let k = 0; k + 2 < count; k += 3) {
    const tri = [0, 1, 2].map((j) => (idx ? idx.getScalar(k + j) : k + j));
    if (!tri.some(inside)) continue;
    for (const i of tri) {
      pos.getElement(i, p);
      nrm.getElement(i, n);
      uv.getElement(i, t);
      positions.push(p[0] + n[0] * lift, p[1] + n[1] * lift, p[2] + n[2] * lift);
      normals.push(n[0], n[1], n[2]);
      uvs.push((t[0] - u0) / (u1 - u0), (t[1] - v0) / (v1 - v0));
    }
  }
  if (!positions.length) return null;
  const buffer = doc.getRoot().listBuffers()[0];
  const acc = (type: typeof Accessor.Type.VEC3 | typeof Accessor.Type.VEC2, a: number[]) => doc.createAccessor().setType(type).setArray(new Float32Array(a)).setBuffer(buffer);
  return doc
    .createPrimitive()
    .setAttribute("POSITION", acc(Accessor.Type.VEC3, positions))
    .setAttribute("NORMAL", acc(Accessor.Type.VEC3, normals))
    .setAttribute("TEXCOORD_0", acc(Accessor.Type.VEC2, uvs));
}

/** The model with an empty decal layer on `area` (placeholder texture), written as GLB. */
export async function buildDecalTemplate(glb: Uint8Array, printAreas: PrintArea[], opts: DecalTemplateOptions = {}): Promise<DecalTemplate> {
  const area = findArea(printAreas, opts.area ?? DEFAULTS.area);
  const { doc } = await importModel(glb, { fileName: "model.glb" });
  const texture = doc.createTexture(DECAL_NAME).setImage(PLACEHOLDER_PNG).setMimeType("image/png");
  const material = doc
    .createMaterial(DECAL_NAME)
    .setBaseColorTexture(texture)
    .setAlphaMode("BLEND")
    .setRoughnessFactor(0.85)
    .setMetallicFactor(0);
  material.getBaseColorTextureInfo()!.setWrapS(33071).setWrapT(33071); // CLAMP_TO_EDGE: nothing repeats outside the area
  let triangles = 0;
  for (const mesh of doc.getRoot().listMeshes() as Mesh[]) {
    for (const prim of mesh.listPrimitives()) {
      if (!isTint(prim, opts.tintMaterials)) continue;
      const decal = decalPrimitive(doc, prim, area, opts.lift ?? DEFAULTS.lift);
      if (!decal) continue;
      decal.setMaterial(material);
      mesh.addPrimitive(decal);
      triangles += decal.getAttribute("POSITION")!.getCount() / 3;
    }
  }
  return { glb: await writeGlb(doc), area, triangles };
}

/** The design as the decal's texture: transparent canvas in the area's aspect, design placed as on the print. */
export async function decalTexture(designPng: Buffer, area: PrintArea, placement: MockupPlacementInput = {}, size: number = DEFAULTS.textureSize): Promise<Buffer> {
  const p = mockupPlacementSchema.parse({ ...placement, area: area.name });
  const meta = await sharp(designPng).metadata();
  const rect = printedRect(p, area, meta.width!, meta.height!);
  const aspect = area.heightCm / area.widthCm;
  const W = aspect <= 1 ? size : Math.round(size / aspect);
  const H = aspect <= 1 ? Math.round(size * aspect) : size;
  const pxPerCm = W / area.widthCm;
  const w = Math.max(1, Math.round(rect.widthCm * pxPerCm));
  const h = Math.max(1, Math.round(rect.heightCm * pxPerCm));
  let design = sharp(designPng).resize(w, h, { fit: "fill" });
  if (rect.rotationDeg) design = design.rotate(rect.rotationDeg, { background: { r: 0, g: 0, b: 0, alpha: 0 } });
  const placed = await design.png().toBuffer({ resolveWithObject: true });
  // keep a 1 px transparent border so the clamped edge samples nothing
  const left = Math.round(rect.centerXCm * pxPerCm - placed.info.width / 2);
  const top = Math.round(rect.centerYCm * pxPerCm - placed.info.height / 2);
  const crop = { left: Math.max(0, 1 - left), top: Math.max(0, 1 - top) };
  const visibleW = Math.min(placed.info.width - crop.left, W - 1 - Math.max(1, left));
  const visibleH = Math.min(placed.info.height - crop.top, H - 1 - Math.max(1, top));
  const canvas = sharp({ create: { width: W, height: H, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } });
  if (visibleW <= 0 || visibleH <= 0) return canvas.png().toBuffer();
  const piece = await sharp(placed.data).extract({ left: crop.left, top: crop.top, width: visibleW, height: visibleH }).toBuffer();
  return canvas.composite([{ input: piece, left: Math.max(1, left), top: Math.max(1, top) }]).png({ compressionLevel: 3 }).toBuffer();
}

const GLB_MAGIC = 0x46546c67;
const JSON_CHUNK = 0x4e4f534a;
const BIN_CHUNK = 0x004e4942;

interface GltfJson {
  images?: { name?: string; bufferView?: number; mimeType?: string }[];
  bufferViews: { buffer: number; byteOffset?: number; byteLength: number }[];
  buffers: { byteLength: number; uri?: string }[];
}

/** The template with its placeholder image replaced by `png` (GLB surgery: JSON edit + appended bytes). */
export function withDecalImage(template: Uint8Array, png: Buffer): Uint8Array {
  const buf = Buffer.from(template.buffer, template.byteOffset, template.byteLength);
  if (buf.readUInt32LE(0) !== GLB_MAGIC) throw new Error("not a GLB");
  const jsonLen = buf.readUInt32LE(12);
  if (buf.readUInt32LE(16) !== JSON_CHUNK) throw new Error("GLB without a JSON chunk first");
  const json = JSON.parse(buf.subarray(20, 20 + jsonLen).toString("utf8")) as GltfJson;
  const binStart = 20 + jsonLen;
  if (buf.readUInt32LE(binStart + 4) !== BIN_CHUNK) throw new Error("GLB without a binary chunk");
  const binLen = buf.readUInt32LE(binStart);
  const bin = buf.subarray(binStart + 8, binStart + 8 + binLen);
  const image = json.images?.find((i) => i.name === DECAL_NAME && i.bufferView !== undefined);
  if (!image) throw new Error("the template has no decal image");
  const binBuffer = json.bufferViews[image.bufferView!].buffer;
  const offset = bin.length; // already 4-byte aligned (GLB chunks are)
  json.bufferViews.push({ buffer: binBuffer, byteOffset: offset, byteLength: png.length });
  image.bufferView = json.bufferViews.length - 1;
  // the placeholder's own 70 bytes stay behind as an unused view: cheaper than rewriting every offset
  const pad = (4 - (png.length % 4)) % 4;
  const newBin = Buffer.concat([bin, png, Buffer.alloc(pad)]);
  json.buffers[binBuffer].byteLength = newBin.length;
  let jsonBytes = Buffer.from(JSON.stringify(json), "utf8");
  jsonBytes = Buffer.concat([jsonBytes, Buffer.alloc((4 - (jsonBytes.length % 4)) % 4, 0x20)]);
  const header = Buffer.alloc(12);
  header.writeUInt32LE(GLB_MAGIC, 0);
  header.writeUInt32LE(2, 4);
  header.writeUInt32LE(12 + 8 + jsonBytes.length + 8 + newBin.length, 8);
  const chunk = (type: number, body: Buffer) => {
    const h = Buffer.alloc(8);
    h.writeUInt32LE(body.length, 0);
    h.writeUInt32LE(type, 4);
    return [h, body];
  };
  return new Uint8Array(Buffer.concat([header, ...chunk(JSON_CHUNK, jsonBytes), ...chunk(BIN_CHUNK, newBin)]));
}
