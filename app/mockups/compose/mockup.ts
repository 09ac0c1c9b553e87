/**
 * One mockup from decoded passes and a design: placement → affine uv map, design prepared at its on-screen
 * size (cached), per-pixel composite, encode. Pure function of its inputs, so results cache by key.
 */
import sharp from "sharp";
import { placementSchema, printedRect, type PlacementInput } from "../../contracts/placement";
import { findArea, type PrintArea } from "../../contracts/print-area";
import type { Passes } from "../passes/format";
import { hexToRgb } from "../../contracts/colour";
import { DEFAULTS as IMAGE_DEFAULTS, type ImageFormat } from "../../contracts/image-format";
import { fabricColour } from "./colour";
import { composeRaw, type RawImage } from "./compositor";
import { prepareDesign, type PreparedDesign } from "./design";
import { uvToDesignMap } from "./placement";

export type MockupFormat = ImageFormat;
export type { MockupSize } from "../../contracts/image-format";

export interface ComposeMockupOptions {
  passes: Passes;
  printAreas: PrintArea[];
  /** fabric colour #RRGGBB */
  color: string;
  /**
   * the design image (PNG from intake), a stable id for caching its prepared form (e.g. its asset key), and its
   * pixels when the caller has them decoded (intake's `keepPixels`): then the PNG is not decoded again
   */
  design?: { bytes: Buffer | Uint8Array; key: string; pixels?: { data: Uint8Array; width: number; height: number } } | null;
  placement?: PlacementInput;
  /** encoded format, default COMPOSE_DEFAULTS.format */
  format?: MockupFormat;
  /** output size (square); default the passes' size. Other sizes are resampled once after compositing */
  size?: number;
  /** JPEG/WebP quality, default COMPOSE_DEFAULTS.quality */
  quality?: number;
  /** backdrop colour #RRGGBB (default #FFFFFF), an encoded image (scaled to cover), or "transparent" (PNG/WebP) */
  backdrop?: string | Buffer | "transparent";
  /** colour of visible non-printable surface; default the fabric colour */
  untinted?: string;
}

export interface ComposedMockup {
  bytes: Buffer;
  width: number;
  height: number;
  mediaType: string;
  /** timings in ms, for the benchmark and logs */
  timings: { prepare: number; composite: number; encode: number };
}

export const COMPOSE_DEFAULTS = {
  /** the encoded image's format */
  format: IMAGE_DEFAULTS.mockupFormat,
  /** JPEG/WebP quality */
  quality: 85,
} as const;

const MEDIA: Record<MockupFormat, string> = { jpeg: "image/jpeg", webp: "image/webp", png: "image/png" };

/** Prepared designs by (key, target width): small LRU, a catalog reuses one design for many mockups. */
const designCache = new Map<string, Promise<PreparedDesign>>();
const DESIGN_CACHE_MAX = 16;

function cachedDesign(key: string, bytes: Buffer | Uint8Array, maxWidth: number, maxHeight: number, pixels?: { data: Uint8Array; width: number; height: number }): Promise<PreparedDesign> {
  const id = `${key}@${maxWidth}x${maxHeight}`;
  let p = designCache.get(id);
  if (p) {
    designCache.delete(id);
    designCache.set(id, p);
    return p;
  }
  p = prepareDesign(bytes, { maxWidth, maxHeight, pixels });
  p.catch(() => designCache.delete(id));
  designCache.set(id, p);
  while (designCache.size > DESIGN_CACHE_MAX) designCache.delete(designCache.keys().next().value as string);
  return p;
}

/**
 * Output buffers are reused: a fresh 12 MB buffer per 2048² mockup is garbage the GC collects late, and in a
 * catalog that shows up as hundreds of MB of RSS. A buffer is handed back once sharp has encoded it.
 */
const scratchFree: Uint8Array[] = [];
function takeScratch(len: number): Uint8Array {
  const i = scratchFree.findIndex((b) => b.length === len);
  if (i >= 0) return scratchFree.splice(i, 1)[0];
  return new Uint8Array(len);
}
function giveScratch(b: Uint8Array): void {
  scratchFree.push(b);
  if (scratchFree.length > 4) scratchFree.shift();
}

/** Screen size in pixels of each print area in these passes (cached per passes object). */
const areaExtent = new WeakMap<Passes, Map<string, { w: number; h: number }>>();
export function areaScreenSize(passes: Passes, area: PrintArea): { w: number; h: number } {
  let per = areaExtent.get(passes);
  if (!per) areaExtent.set(passes, (per = new Map()));
  const hit = per.get(area.name);
  if (hit) return hit;
  const u0 = area.uv.u0 * 65535, u1 = area.uv.u1 * 65535, v0 = area.uv.v0 * 65535, v1 = area.uv.v1 * 65535;
  let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
  const { width, height, u, v, cov } = passes;
  for (let y = 0; y < height; y++) {
    for (let x = 0, i = y * width; x < width; x++, i++) {
      if (!cov[i] || u[i] < u0 || u[i] > u1 || v[i] < v0 || v[i] > v1) continue;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
  }
  const size = maxX >= minX ? { w: maxX - minX + 1, h: maxY - minY + 1 } : { w: 0, h: 0 };
  per.set(area.name, size);
  return size;
}

export async function composeMockup(o: ComposeMockupOptions): Promise<ComposedMockup> {
  const t0 = performance.now();
  const { passes } = o;
  const format = o.format ?? COMPOSE_DEFAULTS.format;
  const transparent = o.backdrop === "transparent";
  if (transparent && format === "jpeg") throw new Error("a transparent backdrop needs PNG or WebP");
  const fabric = fabricColour(hexToRgb(o.color));
  const untinted = o.untinted ? fabricColour(hexToRgb(o.untinted)) : undefined;

  let design: PreparedDesign | null = null;
  let map = null;
  let clip = null;
  if (o.design) {
    const placement = placementSchema.parse(o.placement ?? {});
    const area = findArea(o.printAreas, placement.area);
    const meta = o.design.pixels ?? (await sharp(o.design.bytes).metadata());
    if (!meta.width || !meta.height) throw new Error("design has no dimensions");
    // prepare the design at (a little above) its on-screen size: sharper and faster than sampling a huge one
    const screen = areaScreenSize(passes, area);
    const rect0 = printedRect(placement, area, meta.width, meta.height);
    const onScreenW = Math.max(16, Math.ceil((rect0.widthCm / area.widthCm) * Math.max(screen.w, screen.h) * 1.5));
    design = await cachedDesign(o.design.key, o.design.bytes, onScreenW, onScreenW * 4, o.design.pixels);
    // map with the prepared size (aspect is preserved by the resize, up to rounding)
    const rect = printedRect(placement, area, design.width, design.height);
    map = uvToDesignMap(rect, area, design.width, design.height);
    clip = {
      u0: Math.ceil(area.uv.u0 * 65535),
      v0: Math.ceil(area.uv.v0 * 65535),
      u1: Math.floor(area.uv.u1 * 65535),
      v1: Math.floor(area.uv.v1 * 65535),
    };
  }
  let backdrop: [number, number, number] | Uint8Array | undefined;
  if (typeof o.backdrop === "string" && !transparent) backdrop = hexToRgb(o.backdrop);
  else if (o.backdrop instanceof Buffer) {
    backdrop = new Uint8Array(
      await sharp(o.backdrop).removeAlpha().resize(passes.width, passes.height, { fit: "cover" }).toColourspace("srgb").raw().toBuffer(),
    );
  }
  const t1 = performance.now();
  const len = passes.width * passes.height * (transparent ? 4 : 3);
  const scratch = takeScratch(len);
  let bytes: Buffer;
  let raw: RawImage;
  const t2 = { t: 0 };
  try {
    raw = composeRaw({ passes, fabric, design, map, clip, backdrop, untinted, transparent, out: scratch });
    t2.t = performance.now();
    bytes = await encodeRaw(raw, format, o.quality ?? COMPOSE_DEFAULTS.quality, o.size);
  } finally {
    giveScratch(scratch);
  }
  const t3 = performance.now();
  const outSize = o.size && o.size !== raw.width ? o.size : 0;
  return {
    bytes,
    width: outSize || raw.width,
    height: outSize ? Math.round((raw.height * outSize) / raw.width) : raw.height,
    mediaType: MEDIA[format],
    timings: { prepare: t1 - t0, composite: t2.t - t1, encode: t3 - t2.t },
  };
}

export function encodeRaw(raw: RawImage, format: MockupFormat, quality: number = COMPOSE_DEFAULTS.quality, size?: number): Promise<Buffer> {
  let img = sharp(raw.data, { raw: { width: raw.width, height: raw.height, channels: raw.channels } });
  if (size && size !== raw.width) img = img.resize(size, Math.round((raw.height * size) / raw.width), { kernel: "lanczos3" });
  if (format === "jpeg") return img.jpeg({ quality, chromaSubsampling: "4:2:0" }).toBuffer();
  // effort 2: effort 4 (default) costs ~450 ms at 2048² here (stack-notes.md)
  if (format === "webp") return img.webp({ quality, effort: 2 }).toBuffer();
  return img.png({ compressionLevel: 4 }).toBuffer();
}
