/**
 * One print-ready PNG: the design's layers flattened onto a transparent canvas of the whole print area at the
 * print resolution, sRGB, with the DPI written in the file (pHYs) and an sRGB chunk.
 *
 * Where the time goes (a 4000² design on a 30 × 40 cm area, 3543 × 4724 canvas): decoding + Lanczos resize
 * ~45 %, compositing onto a blank 16.7 MP canvas ~40 % (libvips blends every canvas pixel in float), PNG encode
 * ~20 %. The single-layer, unrotated case (nearly every order) therefore skips the canvas: it resizes the design
 * to its printed size, applies the composite's own rounding as a table (composite-lut.ts) and *extends* the
 * image with transparent margins, one pipeline, one encode at libvips' default zlib settings. The pixels are the
 * same as the plain composite (bench/printfile.bench.ts and the tests compare every byte of the pixels).
 * Everything else (several layers, rotation) composites onto the canvas the plain way.
 */
import sharp, { type OverlayOptions, type Sharp } from "sharp";
import type { PrintFileArea } from "../../contracts/printfile";
import { DEFAULTS } from "../../contracts/printfile";
import type { Placement } from "../../contracts/placement";
import { applyCompositeLut, compositeLut } from "./composite-lut";
import { canvasSize, layerBox, type LayerBox } from "./layout";
import { markSrgb } from "./png-srgb";

export interface RenderLayer {
  /** image bytes or a local file path (sharp reads files without a copy) */
  input: Buffer | string;
  width: number;
  height: number;
  placement: Placement;
}

export interface RenderPrintFileOptions {
  /** canvas resolution, pixels per inch */
  dpi?: number;
  /** effective resolution below which `lowDpi` is set */
  minDpi?: number;
  /** largest input a layer may decode to (pixels), against decompression bombs */
  limitInputPixels?: number;
  /** force the plain composite path (tests compare both) */
  plain?: boolean;
}

export interface RenderedPrintFile {
  png: Buffer;
  width: number;
  height: number;
  dpi: number;
  effectiveDpi: number;
  lowDpi: boolean;
}

const TRANSPARENT = { r: 0, g: 0, b: 0, alpha: 0 };
const LIMIT_INPUT_PIXELS = 100_000_000;

export async function renderPrintFile(area: PrintFileArea, layers: RenderLayer[], opts: RenderPrintFileOptions = {}): Promise<RenderedPrintFile> {
  if (layers.length === 0) throw new Error("a print file needs at least one layer");
  const dpi = opts.dpi ?? DEFAULTS.dpi;
  const minDpi = opts.minDpi ?? DEFAULTS.minDpi;
  const limit = opts.limitInputPixels ?? LIMIT_INPUT_PIXELS;
  const canvas = canvasSize(area, dpi);
  const boxes = layers.map((l) => layerBox(l.placement, area, l.width, l.height, dpi));
  const single = layers.length === 1 && boxes[0].rotationDeg === 0 && !opts.plain;
  const encoded = single ? await extendSingle(layers[0], boxes[0], canvas, dpi, limit) : await compositeAll(layers, boxes, canvas, dpi, limit);
  const effectiveDpi = Math.min(...boxes.map((b) => b.effectiveDpi));
  return { png: markSrgb(encoded), ...canvas, dpi, effectiveDpi, lowDpi: effectiveDpi < minDpi };
}

function decode(layer: RenderLayer, limit: number): Sharp {
  return sharp(layer.input, { limitInputPixels: limit }).toColourspace("srgb").ensureAlpha();
}

/** The visible part of a box on the canvas, in the box's own pixels; null when it lies entirely outside. */
function visible(box: { left: number; top: number; width: number; height: number }, canvas: { width: number; height: number }) {
  const x0 = Math.max(0, -box.left);
  const y0 = Math.max(0, -box.top);
  const x1 = Math.min(box.width, canvas.width - box.left);
  const y1 = Math.min(box.height, canvas.height - box.top);
  if (x1 <= x0 || y1 <= y0) return null;
  return { left: x0, top: y0, width: x1 - x0, height: y1 - y0 };
}

async function extendSingle(layer: RenderLayer, box: LayerBox, canvas: { width: number; height: number }, dpi: number, limit: number): Promise<Buffer> {
  const vis = visible(box, canvas);
  if (!vis) return blank(canvas, dpi);
  let img = decode(layer, limit).resize(box.width, box.height, { fit: "fill" });
  if (vis.width !== box.width || vis.height !== box.height) img = img.extract(vis);
  const { data, info } = await img.raw({ depth: "uchar" }).toBuffer({ resolveWithObject: true });
  applyCompositeLut(data, await compositeLut());
  const left = box.left + vis.left;
  const top = box.top + vis.top;
  return sharp(data, { raw: { width: info.width, height: info.height, channels: 4 } })
    .extend({ left, top, right: canvas.width - left - info.width, bottom: canvas.height - top - info.height, background: TRANSPARENT })
    .withDensity(dpi)
    .png()
    .toBuffer();
}

async function compositeAll(layers: RenderLayer[], boxes: LayerBox[], canvas: { width: number; height: number }, dpi: number, limit: number): Promise<Buffer> {
  const overlays: OverlayOptions[] = [];
  for (const [i, layer] of layers.entries()) {
    const box = boxes[i];
    let img = decode(layer, limit).resize(box.width, box.height, { fit: "fill" });
    let placed = { left: box.left, top: box.top, width: box.width, height: box.height };
    if (box.rotationDeg !== 0) {
      // rotate about the centre: the rotated bounds grow, the centre stays
      const { data, info } = await img.rotate(box.rotationDeg, { background: TRANSPARENT }).png({ compressionLevel: 0 }).toBuffer({ resolveWithObject: true });
      placed = { left: Math.round(box.left + box.width / 2 - info.width / 2), top: Math.round(box.top + box.height / 2 - info.height / 2), width: info.width, height: info.height };
      img = sharp(data);
    }
    const vis = visible(placed, canvas);
    if (!vis) continue;
    if (vis.width !== placed.width || vis.height !== placed.height) img = img.extract(vis);
    overlays.push({ input: await img.png({ compressionLevel: 0 }).toBuffer(), left: placed.left + vis.left, top: placed.top + vis.top });
  }
  return sharp({ create: { ...canvas, channels: 4, background: TRANSPARENT } }).composite(overlays).withDensity(dpi).png().toBuffer();
}

function blank(canvas: { width: number; height: number }, dpi: number): Promise<Buffer> {
  return sharp({ create: { ...canvas, channels: 4, background: TRANSPARENT } }).withDensity(dpi).png().toBuffer();
}
