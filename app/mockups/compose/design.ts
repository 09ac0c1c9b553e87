/**
 * A design ready for sampling: premultiplied 14-bit linear RGBA with a one-pixel transparent border, so the
 * bilinear filter's four taps never need bounds checks and the design's edge fades out antialiased.
 */
import sharp from "sharp";
import { LIN_MAX, SRGB8_TO_LIN } from "./colour";

export interface PreparedDesign {
  /** size of the design itself (without the border) */
  width: number;
  height: number;
  /** row stride in pixels of `rgba` (= width + 2) */
  stride: number;
  /** (width + 2) × (height + 2) × 4: R, G, B premultiplied linear 0..16383, A 0..16383 */
  rgba: Uint16Array;
}

export interface PrepareDesignOptions {
  /** downscale (Lanczos, in sharp) so the design is at most this wide; bilinear minification would alias */
  maxWidth?: number;
  /** and at most this tall */
  maxHeight?: number;
  /** the image already decoded (straight 8-bit sRGB RGBA, e.g. intake's): no second decode of `bytes` */
  pixels?: { data: Uint8Array; width: number; height: number };
}

/** Decodes a design image (any format sharp reads; intake normally gives PNG) into a PreparedDesign. */
export async function prepareDesign(bytes: Buffer | Uint8Array, opts: PrepareDesignOptions = {}): Promise<PreparedDesign> {
  const px = opts.pixels;
  if (px && (!opts.maxWidth || px.width <= Math.round(opts.maxWidth)) && (!opts.maxHeight || px.height <= Math.round(opts.maxHeight))) {
    return fromRgba8(px.data, px.width, px.height);
  }
  let img = px
    ? sharp(px.data, { raw: { width: px.width, height: px.height, channels: 4 }, limitInputPixels: 100_000_000 })
    : sharp(bytes, { limitInputPixels: 100_000_000 }).ensureAlpha().toColourspace("srgb");
  if (opts.maxWidth || opts.maxHeight) {
    img = img.resize({
      width: opts.maxWidth ? Math.max(1, Math.round(opts.maxWidth)) : undefined,
      height: opts.maxHeight ? Math.max(1, Math.round(opts.maxHeight)) : undefined,
      fit: "inside",
      withoutEnlargement: true,
      kernel: "lanczos3",
    });
  }
  const { data, info } = await img.raw().toBuffer({ resolveWithObject: true });
  return fromRgba8(data, info.width, info.height);
}

/** Builds a PreparedDesign from straight (non-premultiplied) 8-bit sRGB RGBA. */
export function fromRgba8(data: Uint8Array, width: number, height: number): PreparedDesign {
  const stride = width + 2;
  const rgba = new Uint16Array(stride * (height + 2) * 4);
  for (let y = 0; y < height; y++) {
    let s = y * width * 4;
    let d = ((y + 1) * stride + 1) * 4;
    for (let x = 0; x < width; x++, s += 4, d += 4) {
      const a8 = data[s + 3];
      if (a8 === 0) continue;
      const a = Math.round((a8 * LIN_MAX) / 255);
      rgba[d] = Math.round((SRGB8_TO_LIN[data[s]] * a) / LIN_MAX);
      rgba[d + 1] = Math.round((SRGB8_TO_LIN[data[s + 1]] * a) / LIN_MAX);
      rgba[d + 2] = Math.round((SRGB8_TO_LIN[data[s + 2]] * a) / LIN_MAX);
      rgba[d + 3] = a;
    }
  }
  return { width, height, stride, rgba };
}
