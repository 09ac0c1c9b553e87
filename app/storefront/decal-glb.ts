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
 *  - `decalTexture` (per design): the design's own pixels in a transparent margin, placed by KHR_texture_transform;
 *  - `withDecalImage` (~1 ms): swaps the placeholder's bytes for that texture by editing the GLB's JSON chunk and
 *    appending to its binary chunk. No re-encode of the model, and nothing per design but the texture is stored:
 *    the design's GLB is put together from the stored template and texture when it is fetched.
 */
import type { Material } from "@gltf-transform/core";
import sharp from "sharp";
import { findArea, type PrintArea } from "../contracts/print-area";
import { placementSchema, printedRect, type PlacementInput } from "../contracts/placement";
import type { RgbaPixels } from "../designs/intake";
import { DEFAULTS as DECAL_LAYER, EMPTY_DECAL_PNG, ensureDecalLayer } from "../designs/document/decal-glb.server";
import { importModel } from "../gltf/import";
import { writeGlb } from "../gltf/optimise";

export interface DecalTemplateOptions {
  /** materials that make up the printable garment (ModelInfo.tintMaterials, also matching their colour clones) */
  tintMaterials?: string[];
}

export const DEFAULTS = {
  textureWidth: 1024,
  /** zlib level of the decal PNG (0 for pixels that do not compress) */
  compressionLevel: 2,
} as const;

const DECAL_MATERIAL = DECAL_LAYER.material;

/** name of the decal texture's image in the GLB (withDecalImage finds it by name) */
export const DECAL_IMAGE = "shopper_design";

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

/** The model with its decal layer (added when missing) carrying a transparent 1×1 placeholder texture, written as GLB. */
export async function buildDecalTemplate(glb: Uint8Array, printAreas: PrintArea[], opts: DecalTemplateOptions = {}): Promise<DecalTemplate> {
  const { doc } = await importModel(glb, { fileName: "model.glb" });
  const printable = doc.getRoot().listMaterials().filter((m) => isTint(m, opts.tintMaterials)).map((m) => m.getName());
  const material = ensureDecalLayer(doc, { printAreas, printableMaterials: printable });
  const texture = doc.createTexture(DECAL_IMAGE).setImage(EMPTY_DECAL_PNG).setMimeType("image/png");
  material.setBaseColorTexture(texture);
  material.getBaseColorTextureInfo()!.setWrapS(33071).setWrapT(33071); // CLAMP_TO_EDGE: the texture's border is transparent
  return { glb: await writeGlb(doc), printAreas };
}

/** KHR_texture_transform of the decal's UVs onto its texture, rotation 0: uv' = offset + scale · uv. */
export interface DecalTransform {
  offset: [number, number];
  scale: [number, number];
}

export interface DecalTexture {
  /** PNG with a transparent margin (`decalMargin`: CLAMP_TO_EDGE then shows nothing outside the design, at every mip level) */
  png: Buffer;
  width: number;
  height: number;
  /** maps the model's UVs onto `png` */
  transform: DecalTransform;
}

/** Defaults: DEFAULTS. */
export interface DecalTextureOptions {
  /** most texels across the print area's width; the design's own pixels when it has fewer. Default 1024 */
  textureWidth?: number;
  /**
   * zlib level for the PNG. Default: DEFAULTS.compressionLevel (logos and artwork shrink 100× at once), or 0 when `incompressible` (a photo
   * or noise: deflate would spend ~100 ms to save a few per cent)
   */
  compressionLevel?: number;
  /** the design's pixels do not compress (intake's PNG is more than half their raw size) */
  incompressible?: boolean;
}

/** The area's UV rectangle onto [0, 1]²: uv' = (uv − uv0) / (uv1 − uv0). */
export function areaTransform(area: PrintArea): DecalTransform {
  const su = 1 / (area.uv.u1 - area.uv.u0), sv = 1 / (area.uv.v1 - area.uv.v0);
  return { offset: [-area.uv.u0 * su, -area.uv.v0 * sv], scale: [su, sv] };
}

async function rgbaOf(design: Buffer | RgbaPixels): Promise<RgbaPixels> {
  if (!Buffer.isBuffer(design)) return design;
  const { data, info } = await sharp(design).ensureAlpha().toColourspace("srgb").raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/**
 * The transparent margin around a `w × h` design texture. CLAMP_TO_EDGE repeats the edge texels over the whole decal
 * layer outside the design, and the viewer samples mipmaps: at level L each texel averages 2^L × 2^L of the full
 * texture, so the edge stays transparent only while the margin is at least 2^L wide. A 32nd of the longer side
 * keeps it clean to 1/32 of full size (a design shown at 3 % of its pixels is a few screen pixels wide); at least 4.
 */
export function decalMargin(w: number, h: number): number {
  return Math.min(64, Math.max(4, Math.ceil(Math.max(w, h) / 32)));
}

/**
 * The decal texture of a design placed in a print area: the design's own pixels (clipped to the area, as the
 * print is; scaled down only past `textureWidth` texels across the area) in a transparent margin, and
 * the KHR_texture_transform that puts them where the placement says. No canvas of the whole area is drawn or
 * encoded, so the cost is one PNG encode of the design's pixels (from intake's decode when given `RgbaPixels`).
 * A rotated placement cannot be expressed by offset and scale on a non-square texel grid, so it is drawn into
 * an area-sized texture instead (sharp rotates it), mapped by `areaTransform`.
 */
export async function decalTexture(
  design: Buffer | RgbaPixels,
  areaName: string,
  printAreas: PrintArea[],
  placement: PlacementInput = {},
  opts: DecalTextureOptions = {},
): Promise<DecalTexture> {
  const area = findArea(printAreas, areaName);
  const p = placementSchema.parse({ ...placement, area: area.name });
  const px = await rgbaOf(design);
  const maxAcross = opts.textureWidth ?? DEFAULTS.textureWidth;
  const level = opts.compressionLevel ?? (opts.incompressible ? 0 : DEFAULTS.compressionLevel);
  const rect = printedRect(p, area, px.width, px.height);
  if (rect.rotationDeg % 360 !== 0) return rotatedTexture(px, area, rect, maxAcross, level);

  // the design's pixel columns/rows that fall inside the area (the print is clipped there)
  const L = rect.centerXCm - rect.widthCm / 2, T = rect.centerYCm - rect.heightCm / 2;
  const cx = rect.widthCm / px.width, cy = rect.heightCm / px.height; // cm per design pixel
  const x0 = Math.max(0, Math.floor(-L / cx)), x1 = Math.min(px.width, Math.ceil((area.widthCm - L) / cx));
  const y0 = Math.max(0, Math.floor(-T / cy)), y1 = Math.min(px.height, Math.ceil((area.heightCm - T) / cy));
  if (x1 <= x0 || y1 <= y0) return emptyTexture(area);
  const clipped = { left: L + x0 * cx, top: T + y0 * cy, widthCm: (x1 - x0) * cx, heightCm: (y1 - y0) * cy };
  // texels: the design's own, at most maxAcross across the whole area's width
  const tw = Math.max(1, Math.min(x1 - x0, Math.round((maxAcross * clipped.widthCm) / area.widthCm)));
  const th = Math.max(1, Math.round(((y1 - y0) * tw) / (x1 - x0)));
  // the design at (m, m) of a transparent W × H canvas, W and H rounded up to a multiple of 32 so that each mip
  // level's texels cover whole blocks (a flooring NPOT chain would otherwise eat into the right and bottom margins);
  // one sharp pipeline (clip, scale, extend, encode) that streams, so no canvas is drawn in JS memory
  const m = decalMargin(tw, th);
  const W = Math.ceil((tw + 2 * m) / 32) * 32, H = Math.ceil((th + 2 * m) / 32) * 32;
  let img = sharp(px.data, { raw: { width: px.width, height: px.height, channels: 4 } });
  if (x0 > 0 || y0 > 0 || x1 < px.width || y1 < px.height) img = img.extract({ left: x0, top: y0, width: x1 - x0, height: y1 - y0 });
  if (tw !== x1 - x0 || th !== y1 - y0) img = img.resize(tw, th, { fit: "fill", kernel: "lanczos3" });
  const png = await img
    .extend({ top: m, left: m, bottom: H - th - m, right: W - tw - m, background: { r: 0, g: 0, b: 0, alpha: 0 } })
    .png({ compressionLevel: level, adaptiveFiltering: false })
    .toBuffer();
  // uv → area cm → design fraction → texel coordinate: s = (m + n·(x − start)/len) / N, N the canvas size
  const axis = (uv0: number, uv1: number, areaCm: number, startCm: number, lenCm: number, n: number, N: number): [number, number] => {
    const f = n / (N * lenCm); // ds per cm
    const k = f * (areaCm / (uv1 - uv0)); // ds/du
    return [k, m / N - k * uv0 - f * startCm];
  };
  const [su, ou] = axis(area.uv.u0, area.uv.u1, area.widthCm, clipped.left, clipped.widthCm, tw, W);
  const [sv, ov] = axis(area.uv.v0, area.uv.v1, area.heightCm, clipped.top, clipped.heightCm, th, H);
  return { png, width: W, height: H, transform: { offset: [ou, ov], scale: [su, sv] } };
}

/** A rotated design drawn into the area at `maxAcross` texels across, clipped, inside the transparent border. */
async function rotatedTexture(px: RgbaPixels, area: PrintArea, rect: ReturnType<typeof printedRect>, maxAcross: number, level: number): Promise<DecalTexture> {
  const W = maxAcross;
  const H = Math.round((W * area.heightCm) / area.widthCm);
  const k = W / area.widthCm; // texels per cm, both axes
  const placed = await sharp(px.data, { raw: { width: px.width, height: px.height, channels: 4 } })
    .resize(Math.max(1, Math.round(rect.widthCm * k)), Math.max(1, Math.round(rect.heightCm * k)), { fit: "fill" })
    .rotate(rect.rotationDeg, { background: { r: 0, g: 0, b: 0, alpha: 0 } })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const left = Math.round(rect.centerXCm * k - placed.info.width / 2);
  const top = Math.round(rect.centerYCm * k - placed.info.height / 2);
  const x0 = Math.max(left, 1), y0 = Math.max(top, 1);
  const x1 = Math.min(left + placed.info.width, W - 1), y1 = Math.min(top + placed.info.height, H - 1);
  const canvas = Buffer.alloc(W * H * 4);
  for (let y = y0; y < y1; y++) {
    const from = ((y - top) * placed.info.width + (x0 - left)) * 4;
    placed.data.copy(canvas, (y * W + x0) * 4, from, from + (x1 - x0) * 4);
  }
  const png = await sharp(canvas, { raw: { width: W, height: H, channels: 4 } }).png({ compressionLevel: level, adaptiveFiltering: false }).toBuffer();
  return { png, width: W, height: H, transform: areaTransform(area) };
}

/** Nothing of the design inside the area: a transparent texture. */
async function emptyTexture(area: PrintArea): Promise<DecalTexture> {
  const png = await sharp({ create: { width: 4, height: 4, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } }).png().toBuffer();
  return { png, width: 4, height: 4, transform: areaTransform(area) };
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
 * The template with its placeholder image replaced by `png` (a `decalTexture`), and the decal's UVs mapped onto it
 * by `transform` (KHR_texture_transform). GLB surgery: JSON edit + appended bytes, about a millisecond, so a
 * design's GLB can be put together whenever it is fetched from the stored template and texture.
 */
export function withDecalImage(template: Uint8Array, png: Buffer | Uint8Array, transform: DecalTransform): Uint8Array {
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
  info.extensions = { ...info.extensions, KHR_texture_transform: { offset: transform.offset, scale: transform.scale } };
  if (!json.extensionsUsed?.includes("KHR_texture_transform")) json.extensionsUsed = [...(json.extensionsUsed ?? []), "KHR_texture_transform"];
  const binBuffer = json.bufferViews[image.bufferView!].buffer;
  const offset = bin.length; // already 4-byte aligned (GLB chunks are)
  json.bufferViews.push({ buffer: binBuffer, byteOffset: offset, byteLength: png.length });
  image.bufferView = json.bufferViews.length - 1;
  // the placeholder's own bytes (under 100) stay behind as an unused view: cheaper than rewriting every offset
  const pad = (4 - (png.length % 4)) % 4;
  const newBin = Buffer.concat([bin, Buffer.from(png.buffer, png.byteOffset, png.byteLength), Buffer.alloc(pad)]);
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
