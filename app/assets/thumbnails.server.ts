/**
 * One small thumbnail per asset for admin lists, never the full-size file: images and designs are resized
 * (fit inside, WebP); a GLB is drawn from its front pass (the built-in rasteriser: shading under the
 * silhouette, light grey fabric). Thumbnails are cached on disk by content key and size, so each is made
 * once; the cache is disposable (deleting it only costs a re-render).
 */
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";
import { rasteriseGlb } from "../mockups/passes/rasterise";
import type { Passes } from "../mockups/passes/format";
import type { ThumbKind } from "./thumb-kind";
import { linearToSrgb } from "../contracts/colour";

export const DEFAULTS = {
  /** image thumbnails: longest side, px (Polaris' large Thumbnail is 80 CSS px: 240 covers 3× screens) */
  imagePx: 240,
  /** gallery-size image thumbnails (the product page's mockup grid: ~250 CSS px a tile, 480 covers 2× screens) */
  galleryPx: 480,
  /** GLB thumbnails: the front pass size, px */
  modelPx: 256,
  /** WebP quality */
  quality: 80,
  /** linear albedo of the grey a model thumbnail shows (fabric under the key light) */
  albedo: 0.72,
} as const;

export interface ThumbSource {
  /** content key (sha256 hex) or another stable id, used for the cache file name */
  id: string;
  kind: ThumbKind;
  /** reads the full-size bytes (only on a cache miss) */
  read(): Promise<Uint8Array>;
  /** model thumbnails: the tint materials to draw (the garment body) */
  tintMaterials?: string[];
  /** image thumbnails: "list" (DEFAULTS.imagePx, the default) or "gallery" (DEFAULTS.galleryPx) */
  size?: ThumbSize;
}

export type ThumbSize = "list" | "gallery";



/** The front pass as a picture: shading × albedo, sRGB, with the silhouette as alpha. */
export function passesToRgba(p: Passes, albedo: number = DEFAULTS.albedo): Buffer {
  const out = Buffer.alloc(p.width * p.height * 4);
  for (let i = 0; i < p.width * p.height; i++) {
    const lit = Math.min(1, ((p.shade[i] * 2) / 65535) * albedo);
    const v = Math.round(linearToSrgb(lit) * 255);
    out[i * 4] = v;
    out[i * 4 + 1] = v;
    out[i * 4 + 2] = Math.min(255, v + 4);
    out[i * 4 + 3] = p.mask[i];
  }
  return out;
}

async function render(src: ThumbSource): Promise<Buffer> {
  const bytes = await src.read();
  if (src.kind === "image") {
    const px = src.size === "gallery" ? DEFAULTS.galleryPx : DEFAULTS.imagePx;
    return sharp(bytes, { limitInputPixels: 50_000_000 })
      .rotate()
      .resize(px, px, { fit: "inside", withoutEnlargement: true })
      .webp({ quality: DEFAULTS.quality })
      .toBuffer();
  }
  const r = await rasteriseGlb(bytes, { view: "front", size: DEFAULTS.modelPx, tintMaterials: src.tintMaterials ?? [] });
  return sharp(passesToRgba(r.passes), { raw: { width: r.passes.width, height: r.passes.height, channels: 4 } })
    .trim({ threshold: 1 })
    .webp({ quality: DEFAULTS.quality, alphaQuality: 90 })
    .toBuffer();
}

const inflight = new Map<string, Promise<Buffer>>();

/** The thumbnail's WebP bytes, from the cache or made now (concurrent requests share one render). */
export async function thumbnail(cacheDir: string, src: ThumbSource): Promise<Buffer> {
  if (!/^[A-Za-z0-9_-]{1,80}$/.test(src.id)) throw new Error("bad thumbnail id");
  const suffix = src.kind === "image" && src.size === "gallery" ? "-gallery" : "";
  const file = path.join(cacheDir, src.id.slice(0, 2), `${src.id}-${src.kind}${suffix}.webp`);
  try {
    return await readFile(file);
  } catch {
    // not cached yet
  }
  let p = inflight.get(file);
  if (!p) {
    p = render(src).then(async (buf) => {
      await mkdir(path.dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      await writeFile(tmp, buf);
      await rename(tmp, file); // atomic: a reader never sees half a file
      return buf;
    });
    inflight.set(file, p);
    p.finally(() => inflight.delete(file)).catch(() => undefined);
  }
  return p;
}
