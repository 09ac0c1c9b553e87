/**
 * Design intake, for every upload (merchant or shopper): sniff the type from the bytes, limit bytes, pixels and
 * dimensions before decoding, clean SVGs before rasterising, re-encode to a metadata-free sRGB PNG, trim
 * transparent borders, and work out the print DPI. Anything wrong → DesignRejectedError with a clear message,
 * and nothing is stored (`storeDesign` stores only after intake succeeded).
 */
import sharp, { type Metadata, type OutputInfo, type Sharp } from "sharp";
import type { AssetStore } from "../assets/store/types";
import type { PrintArea } from "../contracts/print-area";
import type { PlacementInput } from "../contracts/placement";
import { DEFAULTS as DPI_DEFAULTS, designDpi, type DesignDpi } from "../contracts/dpi";
import { pixelsAt, PRINT_DPI } from "../contracts/print-units";
import { DesignRejectedError } from "./errors";
import { sniff, type DesignType } from "./sniff";
import { sanitiseSvg } from "./svg";

export { DesignRejectedError } from "./errors";

export const INTAKE_DEFAULTS = {
  /** largest accepted upload, bytes */
  maxBytes: 25 * 1024 * 1024,
  /** largest accepted pixel count (sharp's limitInputPixels) */
  maxPixels: 50_000_000,
  /** largest accepted width or height, px */
  maxDimension: 12_000,
  /** an SVG is rasterised at least this wide, px */
  svgMinWidth: 3000,
} as const;

export interface IntakeOptions {
  /** largest accepted upload in bytes; default INTAKE_DEFAULTS.maxBytes (25 MB) */
  maxBytes?: number;
  /** largest accepted pixel count (sharp's limitInputPixels); default INTAKE_DEFAULTS.maxPixels */
  maxPixels?: number;
  /** largest accepted width or height; default INTAKE_DEFAULTS.maxDimension */
  maxDimension?: number;
  /** SVGs that needed cleaning: "reject" them (default) or "strip" the unsafe parts and rasterise the rest */
  svgPolicy?: "reject" | "strip";
  /** the print area the design is for; enables the DPI check */
  printArea?: PrintArea;
  /** placement in that area (fractions or cm); default: 80 % of the area's width */
  placement?: PlacementInput;
  /** DPI below which the design is flagged; default DPI_DEFAULTS.minDpi (contracts/dpi.ts) */
  minDpi?: number;
  /** the uploaded file name: only for messages, never for the type */
  filename?: string;
  /**
   * also hand back the decoded pixels (`IntakeResult.pixels`), for a caller that draws the design right away (the
   * storefront's decal texture) and should not decode the PNG it was just given; default false (they are large)
   */
  keepPixels?: boolean;
}

export interface IntakeResult {
  /** re-encoded sRGB PNG (RGBA), no metadata, transparent borders trimmed */
  png: Buffer;
  width: number;
  height: number;
  mediaType: "image/png";
  /** what the bytes were */
  sourceType: DesignType;
  /** pixels trimmed from each side (transparent borders) */
  trimmed: { left: number; top: number; right: number; bottom: number };
  /** SVG clean-up performed in "strip" mode */
  svgRemoved: string[];
  /** print resolution for the given print area (absent without one) */
  print?: DesignDpi;
  /** true when the print DPI is below the minimum */
  lowDpi: boolean;
  /** the PNG's pixels, straight 8-bit sRGB RGBA, width × height (only with `keepPixels`) */
  pixels?: RgbaPixels;
}

/** Decoded 8-bit sRGB RGBA, straight alpha, rows top to bottom without padding. */
export interface RgbaPixels {
  data: Buffer;
  width: number;
  height: number;
}

const MB = 1024 * 1024;

export async function intakeDesign(input: Buffer | Uint8Array, opts: IntakeOptions = {}): Promise<IntakeResult> {
  const maxBytes = opts.maxBytes ?? INTAKE_DEFAULTS.maxBytes;
  const maxPixels = opts.maxPixels ?? INTAKE_DEFAULTS.maxPixels;
  const maxDim = opts.maxDimension ?? INTAKE_DEFAULTS.maxDimension;
  const bytes = Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  if (bytes.length === 0) throw new DesignRejectedError("empty", "the file is empty");
  if (bytes.length > maxBytes) {
    throw new DesignRejectedError("too_large", `the file is ${(bytes.length / MB).toFixed(1)} MB; the limit is ${(maxBytes / MB).toFixed(0)} MB`);
  }
  const sniffed = sniff(bytes);
  const checkDims = (w?: number, h?: number) => {
    if (w === undefined || h === undefined) return;
    if (w < 1 || h < 1) throw new DesignRejectedError("bad_dimensions", `the image says it is ${w}×${h} pixels`);
    if (w > maxDim || h > maxDim) throw new DesignRejectedError("bad_dimensions", `the image is ${w}×${h} pixels; the limit is ${maxDim} pixels per side`);
    if (w * h > maxPixels) {
      throw new DesignRejectedError("too_many_pixels", `the image is ${w}×${h} = ${(w * h / 1e6).toFixed(0)} megapixels; the limit is ${(maxPixels / 1e6).toFixed(0)} megapixels`);
    }
  };
  checkDims(sniffed.width, sniffed.height);

  let svgRemoved: string[] = [];
  let img: Sharp;
  const common = { limitInputPixels: maxPixels, failOn: "warning" as const, sequentialRead: true };
  if (sniffed.type === "svg") {
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      throw new DesignRejectedError("corrupt", "the SVG is not valid UTF-8 text");
    }
    const clean = sanitiseSvg(text);
    if (clean.removed.length && (opts.svgPolicy ?? "reject") === "reject") {
      throw new DesignRejectedError("unsafe_svg", `the SVG contains ${clean.removed.join(", ")}; upload an SVG without them (or a PNG)`);
    }
    svgRemoved = clean.removed;
    const svg = Buffer.from(clean.svg);
    // rasterise at a size worth printing: PRINT_DPI.good across the print area, at least INTAKE_DEFAULTS.svgMinWidth wide
    let meta: Metadata;
    try {
      meta = await sharp(svg, { ...common, density: 72 }).metadata();
    } catch (err) {
      throw new DesignRejectedError("corrupt", `the SVG could not be read (${shortError(err)})`);
    }
    const natural = meta.width && meta.height ? meta : null;
    if (!natural) throw new DesignRejectedError("bad_dimensions", "the SVG has no usable width/height or viewBox");
    const targetW = Math.min(maxDim, Math.max(INTAKE_DEFAULTS.svgMinWidth, opts.printArea ? Math.ceil(pixelsAt(opts.printArea.widthCm, PRINT_DPI.good)) : INTAKE_DEFAULTS.svgMinWidth));
    let density = (72 * targetW) / natural.width!;
    const pxAt = (d: number) => ((natural.width! * d) / 72) * ((natural.height! * d) / 72);
    if (pxAt(density) > maxPixels) density = 72 * Math.sqrt(maxPixels / (natural.width! * natural.height!)) * 0.99;
    density = Math.max(1, Math.min(density, 100_000));
    img = sharp(svg, { ...common, density });
  } else {
    img = sharp(bytes, common);
  }

  // decode once to raw RGBA (auto-oriented, sRGB); limits apply inside sharp as well
  let raw: { data: Buffer; info: OutputInfo };
  try {
    raw = await img.rotate().toColourspace("srgb").ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  } catch (err) {
    const msg = shortError(err);
    if (/pixel limit|exceeds/i.test(msg)) throw new DesignRejectedError("too_many_pixels", `the image has too many pixels (limit ${(maxPixels / 1e6).toFixed(0)} megapixels)`);
    if (/premature|truncat|end of|EOF|unexpected end/i.test(msg)) throw new DesignRejectedError("truncated", `the ${sniffed.type.toUpperCase()} file is truncated (${msg})`);
    throw new DesignRejectedError("corrupt", `the ${sniffed.type.toUpperCase()} file could not be decoded (${msg})`);
  }
  const { width: W, height: H } = raw.info;
  checkDims(W, H);

  // trim fully transparent borders
  const bounds = opaqueBounds(raw.data, W, H);
  if (!bounds) throw new DesignRejectedError("fully_transparent", "the image is fully transparent: nothing would print");
  const { left, top, right, bottom } = bounds;
  const a = raw.data;
  const width = right - left + 1;
  const height = bottom - top + 1;
  // the trimmed pixels: a row copy, so the caller can also keep them without another decode
  const pixels = cropRgba(a, W, left, top, width, height);
  // no withMetadata(): EXIF, XMP, ICC and comments are dropped; pixels are already sRGB
  const png = await sharp(pixels, { raw: { width, height, channels: 4 } }).png({ compressionLevel: 6 }).toBuffer();

  const print = opts.printArea ? designDpi(width, height, opts.printArea, opts.placement, opts.minDpi ?? DPI_DEFAULTS.minDpi) : undefined;
  return {
    png,
    width,
    height,
    mediaType: "image/png",
    sourceType: sniffed.type,
    trimmed: { left, top, right: W - 1 - right, bottom: H - 1 - bottom },
    svgRemoved,
    print,
    lowDpi: print?.low ?? false,
    ...(opts.keepPixels ? { pixels: { data: pixels, width, height } } : {}),
  };
}

/**
 * The smallest rectangle holding every pixel that is not fully transparent, or null when none is. A function of
 * its own so that V8 optimises this loop (hundreds of thousands of pixels) on its own, whatever happens to its
 * caller's tier.
 */
function opaqueBounds(a: Buffer, W: number, H: number): { left: number; top: number; right: number; bottom: number } | null {
  let top = -1, bottom = -1, left = W, right = -1;
  for (let y = 0; y < H; y++) {
    const row = y * W * 4 + 3;
    // from the left to the first opaque pixel; the row is transparent if there is none
    let x0 = 0;
    while (x0 < W && a[row + x0 * 4] === 0) x0++;
    if (x0 === W) continue;
    // from the right to the last one (an opaque image stops at once on both sides)
    let x1 = W - 1;
    while (a[row + x1 * 4] === 0) x1--;
    if (top < 0) top = y;
    bottom = y;
    if (x0 < left) left = x0;
    if (x1 > right) right = x1;
  }
  return top < 0 ? null : { left, top, right, bottom };
}

/** The w × h rectangle at (left, top) of straight RGBA rows (the same buffer when that is all of it). */
function cropRgba(data: Buffer, W: number, left: number, top: number, w: number, h: number): Buffer {
  if (left === 0 && top === 0 && w === W && h * W * 4 === data.length) return data;
  const out = Buffer.allocUnsafe(w * h * 4);
  for (let y = 0; y < h; y++) data.copy(out, y * w * 4, ((top + y) * W + left) * 4, ((top + y) * W + left + w) * 4);
  return out;
}

/** Intake, then store the re-encoded PNG as a `design` asset. A rejected file stores nothing. */
export async function storeDesign(store: AssetStore, bytes: Buffer | Uint8Array, opts: IntakeOptions & { uploadedBy?: "merchant" | "shopper" } = {}) {
  return storeIntake(store, await intakeDesign(bytes, opts), opts);
}

/**
 * Stores what intakeDesign accepted (the second half of storeDesign), for callers that check several files
 * before storing any of them (the CLI refuses the whole run if one design is rejected).
 */
export async function storeIntake(store: AssetStore, r: IntakeResult, opts: { uploadedBy?: "merchant" | "shopper" } = {}) {
  const key = await store.put(r.png, {
    kind: "design",
    mediaType: r.mediaType,
    width: r.width,
    height: r.height,
    meta: { sourceType: r.sourceType, dpi: r.print?.dpi ?? null, lowDpi: r.lowDpi, uploadedBy: opts.uploadedBy ?? "merchant", svgRemoved: r.svgRemoved },
  });
  return { key, ...r };
}

function shortError(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split("\n")[0].slice(0, 200);
}
