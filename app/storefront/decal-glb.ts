/**
 * A product GLB with a shopper's design on it, for the 3D view and AR (Scene Viewer / WebXR fetch it by URL), made
 * fast enough for a shopper who is waiting.
 *
 * The design sits on the model's *decal layer* (app/designs/document/decal-glb.server.ts: material
 * `mockup_decal`, lifted copies of the printable triangles over the print areas, model UVs, untouched by the colour
 * variants). The editor's
 * `designGlb` re-reads and re-writes the whole model per design; here that cost is paid once per product:
 *  - `buildDecalTemplate` (once per product GLB, cached by the caller): the GLB with the decal layer and a 1×1
 *    placeholder texture, written once;
 *  - `withDecalImage` (per design, ~1 ms): swaps the placeholder's bytes for the design texture (the print area
 *    only, mapped by KHR_texture_transform) by editing the GLB's JSON chunk and appending to its binary chunk.
 *    No re-encode of the model.
 */
import type { Material } from "@gltf-transform/core";
import sharp from "sharp";
import { findArea, type PrintArea } from "../contracts/print-area";
import { placementSchema, printedRect, type PlacementInput } from "../contracts/placement";
import { DEFAULTS as DECAL_LAYER, ensureDecalLayer } from "../designs/document/decal-glb.server";
import { importModel } from "../gltf/import";
import { writeGlb } from "../gltf/optimise";

export interface DecalTemplateOptions {
  /** materials that make up the printable garment (ModelInfo.tintMaterials, also matching their colour clones) */
  tintMaterials?: string[];
}

export const DEFAULTS = { textureWidth: 1024 } as const;

const DECAL_MATERIAL = DECAL_LAYER.material;

/** name of the decal texture's image in the GLB (withDecalImage finds it by name) */
export const DECAL_IMAGE = "shopper_design";

const PLACEHOLDER_PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);

export interface DecalTemplate {
  glb: Uint8Array;
  printAreas: PrintArea[];
}

/** a tint material or one of its per-colour clones (asset.variants names them "fabric / Beige", extras.tintOf) */
function isTint(m: Material, tints?: string[]): boolean {
  if (!tints?.length) return true;
  const of = (m.getExtras() as { tintOf?: string }).tintOf;
  return tints.includes(m.getName()) || (of !== undefined && tints.includes(of));
}

/** The model with its decal layer (added when missing) carrying a placeholder texture, written as GLB. */
export async function buildDecalTemplate(glb: Uint8Array, printAreas: PrintArea[], opts: DecalTemplateOptions = {}): Promise<DecalTemplate> {
  const { doc } = await importModel(glb, { fileName: "model.glb" });
  const printable = doc.getRoot().listMaterials().filter((m) => isTint(m, opts.tintMaterials)).map((m) => m.getName());
  const material = ensureDecalLayer(doc, { printAreas, printableMaterials: printable });
  const texture = doc.createTexture(DECAL_IMAGE).setImage(PLACEHOLDER_PNG).setMimeType("image/png");
  material.setBaseColorTexture(texture);
  material.getBaseColorTextureInfo()!.setWrapS(33071).setWrapT(33071); // CLAMP_TO_EDGE: the texture's border is transparent
  return { glb: await writeGlb(doc), printAreas };
}

/**
 * The decal texture: the print area only (not the whole UV square), at `width` px across the area and the area's
 * own aspect in cm, the design placed as on the print, a 1 px transparent border (CLAMP_TO_EDGE then shows nothing
 * outside the area). `withDecalImage` maps the area's UV rectangle onto it with KHR_texture_transform, which our
 * GLBs already use for the fabric. A third of the pixels of a 2048² atlas, at about twice its texel density.
 */
export async function decalTexture(designPng: Buffer, areaName: string, printAreas: PrintArea[], placement: PlacementInput = {}, width: number = DEFAULTS.textureWidth): Promise<Buffer> {
  const area = findArea(printAreas, areaName);
  const p = placementSchema.parse({ ...placement, area: area.name });
  const meta = await sharp(designPng).metadata();
  const rect = printedRect(p, area, meta.width!, meta.height!);
  const W = width;
  const H = Math.round((width * area.heightCm) / area.widthCm);
  const k = W / area.widthCm; // px per cm, both axes
  let design = sharp(designPng).resize(Math.max(1, Math.round(rect.widthCm * k)), Math.max(1, Math.round(rect.heightCm * k)), { fit: "fill" });
  if (rect.rotationDeg) design = design.rotate(rect.rotationDeg, { background: { r: 0, g: 0, b: 0, alpha: 0 } });
  const placed = await design.png({ compressionLevel: 0 }).toBuffer({ resolveWithObject: true });
  const left = Math.round(rect.centerXCm * k - placed.info.width / 2);
  const top = Math.round(rect.centerYCm * k - placed.info.height / 2);
  // clipped to the area (as the print is), inside the transparent border
  const x0 = Math.max(left, 1), y0 = Math.max(top, 1);
  const x1 = Math.min(left + placed.info.width, W - 1), y1 = Math.min(top + placed.info.height, H - 1);
  const canvas = sharp({ create: { width: W, height: H, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } });
  if (x1 <= x0 || y1 <= y0) return canvas.png().toBuffer();
  const piece = await sharp(placed.data).extract({ left: x0 - left, top: y0 - top, width: x1 - x0, height: y1 - y0 }).toBuffer();
  return canvas.composite([{ input: piece, left: x0, top: y0 }]).png({ compressionLevel: 2 }).toBuffer();
}

const GLB_MAGIC = 0x46546c67;
const JSON_CHUNK = 0x4e4f534a;
const BIN_CHUNK = 0x004e4942;

interface GltfJson {
  images?: { name?: string; bufferView?: number; mimeType?: string }[];
  materials?: { name?: string; pbrMetallicRoughness?: { baseColorTexture?: { index: number; texCoord?: number; extensions?: Record<string, unknown> } } }[];
  extensionsUsed?: string[];
  bufferViews: { buffer: number; byteOffset?: number; byteLength: number }[];
  buffers: { byteLength: number; uri?: string }[];
}

/**
 * The template with its placeholder image replaced by `png` (a `decalTexture` of `area`), and the decal's UVs mapped
 * onto it (KHR_texture_transform: uv' = (uv − uv0) / (uv1 − uv0)). GLB surgery: JSON edit + appended bytes.
 */
export function withDecalImage(template: Uint8Array, png: Buffer, area: PrintArea): Uint8Array {
  const buf = Buffer.from(template.buffer, template.byteOffset, template.byteLength);
  if (buf.readUInt32LE(0) !== GLB_MAGIC) throw new Error("not a GLB");
  const jsonLen = buf.readUInt32LE(12);
  if (buf.readUInt32LE(16) !== JSON_CHUNK) throw new Error("GLB without a JSON chunk first");
  const json = JSON.parse(buf.subarray(20, 20 + jsonLen).toString("utf8")) as GltfJson;
  const binStart = 20 + jsonLen;
  if (buf.readUInt32LE(binStart + 4) !== BIN_CHUNK) throw new Error("GLB without a binary chunk");
  const binLen = buf.readUInt32LE(binStart);
  const bin = buf.subarray(binStart + 8, binStart + 8 + binLen);
  const image = json.images?.find((i) => i.name === DECAL_IMAGE && i.bufferView !== undefined);
  if (!image) throw new Error("the template has no decal image");
  const info = json.materials?.find((m) => m.name === DECAL_MATERIAL)?.pbrMetallicRoughness?.baseColorTexture;
  if (!info) throw new Error("the template has no decal material");
  const su = 1 / (area.uv.u1 - area.uv.u0), sv = 1 / (area.uv.v1 - area.uv.v0);
  info.extensions = { ...info.extensions, KHR_texture_transform: { offset: [-area.uv.u0 * su, -area.uv.v0 * sv], scale: [su, sv] } };
  if (!json.extensionsUsed?.includes("KHR_texture_transform")) json.extensionsUsed = [...(json.extensionsUsed ?? []), "KHR_texture_transform"];
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
