/**
 * What libvips' `composite` (over, onto a transparent canvas) does to one straight-alpha 8-bit pixel, as a table.
 *
 * Compositing onto an empty canvas changes nothing in principle, but libvips premultiplies, blends in float and
 * unpremultiplies, and that round trip moves some colour values of semi-transparent pixels by one. The plain
 * pipeline (resize, composite onto a blank canvas) therefore makes slightly different pixels than "resize, then
 * extend the canvas". The print file must be the same pixels as the plain pipeline (and as the multi-layer path,
 * which does composite), but compositing a 16.7 MP canvas costs more than the resize and the PNG encode together.
 *
 * The round trip depends only on (alpha, value), so it is measured once per process by compositing a 256 × 256
 * calibration image (x = value, y = alpha) with the very same call, and applied as a lookup: exact by
 * construction, for whatever libvips version is installed. Alpha is never changed.
 */
import sharp from "sharp";

let table: Promise<Uint8Array> | undefined;

/** lut[alpha << 8 | value] → the value after compositing over transparent. */
export function compositeLut(): Promise<Uint8Array> {
  table ??= calibrate();
  return table;
}

async function calibrate(): Promise<Uint8Array> {
  const cal = Buffer.alloc(256 * 256 * 4);
  for (let a = 0; a < 256; a++) {
    for (let v = 0; v < 256; v++) {
      const i = (a * 256 + v) * 4;
      // the three channels take the value in different orders, to prove they are treated alike
      cal[i] = v;
      cal[i + 1] = 255 - v;
      cal[i + 2] = v;
      cal[i + 3] = a;
    }
  }
  // encoded as PNG, like the pre-resized design the plain pipeline composites
  const input = await sharp(cal, { raw: { width: 256, height: 256, channels: 4 } }).png({ compressionLevel: 0 }).toBuffer();
  const out = await sharp({ create: { width: 256, height: 256, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
    .composite([{ input }])
    .raw()
    .toBuffer();
  const lut = new Uint8Array(65536);
  for (let a = 0; a < 256; a++) for (let v = 0; v < 256; v++) lut[(a << 8) | v] = out[(a * 256 + v) * 4];
  for (let a = 0; a < 256; a++) {
    for (let v = 0; v < 256; v++) {
      const i = (a * 256 + v) * 4;
      if (out[i + 1] !== lut[(a << 8) | (255 - v)] || out[i + 2] !== lut[(a << 8) | v] || out[i + 3] !== a) {
        throw new Error("libvips composite is not a per-channel function of (alpha, value); the print file fast path cannot be used");
      }
    }
  }
  return lut;
}

/** Applies the table in place to straight RGBA8 pixels; opaque pixels are left as they are (the table is identity there). */
export function applyCompositeLut(rgba: Uint8Array, lut: Uint8Array): void {
  for (let i = 3; i < rgba.length; i += 4) {
    const a = rgba[i];
    if (a === 255) continue;
    const row = a << 8;
    rgba[i - 3] = lut[row | rgba[i - 3]];
    rgba[i - 2] = lut[row | rgba[i - 2]];
    rgba[i - 1] = lut[row | rgba[i - 1]];
  }
}
