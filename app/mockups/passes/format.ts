/**
 * Compositing passes in memory (docs/passes.md): decoded once per (model, view, size) into typed arrays so a
 * mockup is a per-pixel lookup. Encoding goes the other way, for the built-in rasteriser and for tests.
 */
import sharp from "sharp";

export interface Passes {
  width: number;
  height: number;
  /** glTF-convention u, v (v down) × 65535; meaningful where `cov` is set */
  u: Uint16Array;
  v: Uint16Array;
  /** 1 where the pixel shows the printable/tintable surface, 0 elsewhere */
  cov: Uint8Array;
  /** linear light / 2 × 65535 (so 32768 = lit like a white card facing the key light) */
  shade: Uint16Array;
  /** silhouette alpha 0..255 (antialiased edges) */
  mask: Uint8Array;
}

export interface EncodedPasses {
  uv: Buffer;
  shading: Buffer;
  mask: Buffer;
}

export class PassFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PassFormatError";
  }
}

function u16(buf: Buffer): Uint16Array {
  // sharp returns a Buffer that may sit at an odd offset in a pooled ArrayBuffer: copy when misaligned
  if (buf.byteOffset % 2 === 0) return new Uint16Array(buf.buffer, buf.byteOffset, buf.length >> 1);
  return new Uint16Array(Uint8Array.from(buf).buffer);
}

/**
 * Decodes the three pass PNGs. 8-bit passes are accepted too (widened), so hand-made passes work. With
 * `targetSize` a whole-number fraction of the stored size, the passes are reduced while decoding (u/v from the
 * first covered sample of each block, shading and mask box-filtered), so full-size arrays never exist.
 */
export async function decodePasses(enc: EncodedPasses, targetSize?: number): Promise<Passes> {
  const [uvR, shR, mR] = await Promise.all([
    sharp(enc.uv).removeAlpha().toColourspace("rgb16").raw({ depth: "ushort" }).toBuffer({ resolveWithObject: true }),
    sharp(enc.shading).removeAlpha().toColourspace("grey16").raw({ depth: "ushort" }).toBuffer({ resolveWithObject: true }),
    sharp(enc.mask).removeAlpha().toColourspace("b-w").raw().toBuffer({ resolveWithObject: true }),
  ]);
  const { width: W, height: H } = uvR.info;
  for (const [name, r] of [["shading", shR], ["mask", mR]] as const) {
    if (r.info.width !== W || r.info.height !== H) {
      throw new PassFormatError(`${name} pass is ${r.info.width}×${r.info.height}, uv pass is ${W}×${H}`);
    }
  }
  if (uvR.info.channels !== 3) throw new PassFormatError(`uv pass must be RGB, got ${uvR.info.channels} channels`);
  const f = targetSize && targetSize < W && W % targetSize === 0 && H % (W / targetSize) === 0 ? W / targetSize : 1;
  const width = W / f;
  const height = H / f;
  const n = width * height;
  const uvData = u16(uvR.data);
  const shData = u16(shR.data);
  const mData = mR.data;
  const u = new Uint16Array(n);
  const v = new Uint16Array(n);
  const cov = new Uint8Array(n);
  if (f === 1) {
    for (let i = 0, j = 0; i < n; i++, j += 3) {
      u[i] = uvData[j];
      v[i] = uvData[j + 1];
      cov[i] = uvData[j + 2] >= 32768 ? 1 : 0;
    }
    return { width, height, u, v, cov, shade: shData.slice(), mask: new Uint8Array(mData.buffer, mData.byteOffset, n).slice() };
  }
  const shade = new Uint16Array(n);
  const mask = new Uint8Array(n);
  const area = f * f;
  const half = area >> 1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let covered = 0, pick = -1, sh = 0, m = 0;
      for (let dy = 0; dy < f; dy++) {
        let k = (y * f + dy) * W + x * f;
        for (let dx = 0; dx < f; dx++, k++) {
          if (uvData[k * 3 + 2] >= 32768) {
            covered++;
            if (pick < 0) pick = k;
          }
          sh += shData[k];
          m += mData[k];
        }
      }
      const o = y * width + x;
      shade[o] = Math.round(sh / area);
      mask[o] = Math.round(m / area);
      // u/v are never averaged: that would blend across UV seams
      if (covered >= half && pick >= 0) {
        cov[o] = 1;
        u[o] = uvData[pick * 3];
        v[o] = uvData[pick * 3 + 1];
      }
    }
  }
  return { width, height, u, v, cov, shade, mask };
}

/** Encodes passes in the docs/passes.md format (16-bit PNGs for uv and shading). */
export async function encodePasses(p: Passes): Promise<EncodedPasses> {
  const n = p.width * p.height;
  const uv = new Uint16Array(n * 3);
  for (let i = 0, j = 0; i < n; i++, j += 3) {
    uv[j] = p.u[i];
    uv[j + 1] = p.v[i];
    uv[j + 2] = p.cov[i] ? 65535 : 0;
  }
  const [uvPng, shPng, mPng] = await Promise.all([
    rawImage(p, uv, 3).toColourspace("rgb16").png({ compressionLevel: 6 }).toBuffer(),
    encodeShading(p),
    rawImage(p, p.mask, 1).toColourspace("b-w").png({ compressionLevel: 6 }).toBuffer(),
  ]);
  return { uv: uvPng, shading: shPng, mask: mPng };
}

/** The shading pass alone as its 16-bit grey PNG (for a step that changes only it: smooth-shadows.ts). */
export function encodeShading(p: Passes): Promise<Buffer> {
  return rawImage(p, p.shade, 1).toColourspace("grey16").png({ compressionLevel: 6 }).toBuffer();
}

function rawImage(p: Passes, data: Uint16Array | Uint8Array, channels: 1 | 3) {
  return sharp(data, { raw: { width: p.width, height: p.height, channels } });
}

/**
 * Halves the passes (2048 → 1024). u/v are never averaged (that would blend across UV seams): each output
 * pixel takes the first covered sample of its 2×2 block. Shading and mask are box-filtered.
 */
export function halvePasses(p: Passes): Passes {
  const w = p.width >> 1;
  const h = p.height >> 1;
  const n = w * h;
  const out: Passes = {
    width: w,
    height: h,
    u: new Uint16Array(n),
    v: new Uint16Array(n),
    cov: new Uint8Array(n),
    shade: new Uint16Array(n),
    mask: new Uint8Array(n),
  };
  const W = p.width;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const o = y * w + x;
      const a = 2 * y * W + 2 * x;
      const idx = [a, a + 1, a + W, a + W + 1];
      let covered = 0;
      let pick = -1;
      let shSum = 0;
      let mSum = 0;
      for (const k of idx) {
        if (p.cov[k]) {
          covered++;
          if (pick < 0) pick = k;
        }
        shSum += p.shade[k];
        mSum += p.mask[k];
      }
      out.shade[o] = (shSum + 2) >> 2;
      out.mask[o] = (mSum + 2) >> 2;
      if (covered >= 2 && pick >= 0) {
        out.cov[o] = 1;
        out.u[o] = p.u[pick];
        out.v[o] = p.v[pick];
      }
    }
  }
  return out;
}

/**
 * Passes halved as often as they stay at least `size` wide (2048 → 1024). Passes that are not a power-of-two
 * multiple of `size` (or smaller than it) come back at the closest size above; the mockup is then resized
 * once after compositing (composeMockup's `size`).
 */
export function passesAtSize(p: Passes, size: number): Passes {
  let cur = p;
  while (cur.width % 2 === 0 && cur.height % 2 === 0 && cur.width / 2 >= size && cur.height / 2 >= size) cur = halvePasses(cur);
  return cur;
}

export function passesBytes(p: Passes): number {
  return p.u.byteLength + p.v.byteLength + p.cov.byteLength + p.shade.byteLength + p.mask.byteLength;
}
