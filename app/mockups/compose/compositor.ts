/**
 * The per-pixel compositor: design sampled through the UV pass (bilinear, fixed point), laid over the fabric
 * colour, lit by the shading pass in linear light, cut by the mask over a backdrop. No allocation per pixel;
 * everything is integer arithmetic on typed arrays (~30 ms for 2048² on one core here).
 */
import type { Passes } from "../passes/format";
import { LIN_MAX, LIN_TO_SRGB8, SRGB8_TO_LIN } from "./colour";
import type { PreparedDesign } from "./design";
import type { UvToDesign } from "./placement";

export interface ComposeRawOptions {
  passes: Passes;
  /** fabric / base colour, 8-bit sRGB */
  fabric: [number, number, number];
  design?: PreparedDesign | null;
  /** uv → design pixel map (from placement.ts); required with a design */
  map?: UvToDesign | null;
  /** the print area in pass uv units (0..65535); the design is never drawn outside it */
  clip?: { u0: number; v0: number; u1: number; v1: number } | null;
  /** backdrop: a colour, or an RGB image of the passes' size (8-bit sRGB, width × height × 3) */
  backdrop?: [number, number, number] | Uint8Array;
  /** colour of visible but non-printable surface (coverage 0, e.g. seams, a mug's rim); default: the fabric */
  untinted?: [number, number, number];
  /** output RGBA with the mask as alpha instead of blending onto the backdrop (PNG/WebP only) */
  transparent?: boolean;
  /** a buffer of width × height × channels bytes to write into (reused between mockups); default: a new one */
  out?: Uint8Array;
}

export interface RawImage {
  width: number;
  height: number;
  channels: 3 | 4;
  data: Uint8Array;
}

export function composeRaw(o: ComposeRawOptions): RawImage {
  const { passes } = o;
  const { width, height, u: U, v: V, cov: COV, shade: SH, mask: M } = passes;
  const n = width * height;
  const ch = o.transparent ? 4 : 3;
  const out = o.out && o.out.length === n * ch ? o.out : new Uint8Array(n * ch);
  if (o.transparent) out.fill(0);

  const fr = SRGB8_TO_LIN[o.fabric[0]], fg = SRGB8_TO_LIN[o.fabric[1]], fb = SRGB8_TO_LIN[o.fabric[2]];
  const unt = o.untinted ?? o.fabric;
  const nr = SRGB8_TO_LIN[unt[0]], ng = SRGB8_TO_LIN[unt[1]], nb = SRGB8_TO_LIN[unt[2]];

  // backdrop: fill first, then only masked pixels are visited below
  const bd = o.backdrop ?? [255, 255, 255];
  const bdImage = bd instanceof Uint8Array ? bd : null;
  if (bdImage && bdImage.length !== n * 3) throw new Error(`backdrop must be ${width}×${height} RGB`);
  if (!o.transparent) {
    if (bdImage) out.set(bdImage);
    else {
      const [r, g, b] = bd as [number, number, number];
      if (r === g && g === b) {
        out.fill(r, 0, n * 3); // grey/white backdrop: one memset
      } else {
        for (let i = 0; i < n * 3; i += 3) {
          out[i] = r;
          out[i + 1] = g;
          out[i + 2] = b;
        }
      }
    }
  }
  const bcr = bdImage ? 0 : SRGB8_TO_LIN[(bd as number[])[0]];
  const bcg = bdImage ? 0 : SRGB8_TO_LIN[(bd as number[])[1]];
  const bcb = bdImage ? 0 : SRGB8_TO_LIN[(bd as number[])[2]];

  const d = o.design && o.map ? o.design : null;
  const map = o.map;
  const rgba = d ? d.rgba : new Uint16Array(4);
  const stride = d ? d.stride : 0;
  const pxMax = d ? d.width + 1 : 0; // padded coordinates: taps at ix, ix+1 ≤ width + 1
  const pyMax = d ? d.height + 1 : 0;
  const ax = map ? map.ax : 0, bx = map ? map.bx : 0, cx = map ? map.cx + 1 : 0; // +1: padding
  const ay = map ? map.ay : 0, by = map ? map.by : 0, cy = map ? map.cy + 1 : 0;
  const cu0 = o.clip ? o.clip.u0 : 0, cu1 = o.clip ? o.clip.u1 : 65535;
  const cv0 = o.clip ? o.clip.v0 : 0, cv1 = o.clip ? o.clip.v1 : 65535;
  const LUT = LIN_TO_SRGB8;
  const TO_LIN = SRGB8_TO_LIN;

  for (let i = 0; i < n; i++) {
    const m = M[i];
    if (m === 0) continue;
    let r: number, g: number, b: number;
    if (COV[i] === 1) {
      r = fr;
      g = fg;
      b = fb;
      if (d !== null) {
        const u = U[i];
        const v = V[i];
        if (u >= cu0 && u <= cu1 && v >= cv0 && v <= cv1) {
          const px = ax * u + bx * v + cx;
          const py = ay * u + by * v + cy;
          if (px >= 0 && py >= 0 && px < pxMax && py < pyMax) {
            const fx = (px * 256) | 0;
            const fy = (py * 256) | 0;
            const wx = fx & 255, wy = fy & 255;
            const iwx = 256 - wx, iwy = 256 - wy;
            const p00 = (((fy >> 8) * stride + (fx >> 8)) << 2);
            const p01 = p00 + (stride << 2);
            const a = ((rgba[p00 + 3] * iwx + rgba[p00 + 7] * wx) * iwy + (rgba[p01 + 3] * iwx + rgba[p01 + 7] * wx) * wy) >> 16;
            if (a !== 0) {
              const dr = ((rgba[p00] * iwx + rgba[p00 + 4] * wx) * iwy + (rgba[p01] * iwx + rgba[p01 + 4] * wx) * wy) >> 16;
              const dg = ((rgba[p00 + 1] * iwx + rgba[p00 + 5] * wx) * iwy + (rgba[p01 + 1] * iwx + rgba[p01 + 5] * wx) * wy) >> 16;
              const db = ((rgba[p00 + 2] * iwx + rgba[p00 + 6] * wx) * iwy + (rgba[p01 + 2] * iwx + rgba[p01 + 6] * wx) * wy) >> 16;
              const ia = LIN_MAX - a;
              r = dr + ((r * ia) >> 14);
              g = dg + ((g * ia) >> 14);
              b = db + ((b * ia) >> 14);
            }
          }
        }
      }
    } else {
      r = nr;
      g = ng;
      b = nb;
    }
    // shading: 32768 = 1.0 (the pass stores shading / 2)
    const s = SH[i];
    r = (r * s) >> 15;
    g = (g * s) >> 15;
    b = (b * s) >> 15;
    if (r > LIN_MAX) r = LIN_MAX;
    if (g > LIN_MAX) g = LIN_MAX;
    if (b > LIN_MAX) b = LIN_MAX;
    if (ch === 4) {
      const o4 = i << 2;
      out[o4] = LUT[r];
      out[o4 + 1] = LUT[g];
      out[o4 + 2] = LUT[b];
      out[o4 + 3] = m;
      continue;
    }
    const o3 = i * 3;
    if (m !== 255) {
      // antialiased silhouette edge: blend with the backdrop in linear light
      const im = 255 - m;
      const br = bdImage ? TO_LIN[out[o3]] : bcr;
      const bg = bdImage ? TO_LIN[out[o3 + 1]] : bcg;
      const bb = bdImage ? TO_LIN[out[o3 + 2]] : bcb;
      r = ((r * m + br * im) * 257) >> 16;
      g = ((g * m + bg * im) * 257) >> 16;
      b = ((b * m + bb * im) * 257) >> 16;
    }
    out[o3] = LUT[r];
    out[o3 + 1] = LUT[g];
    out[o3 + 2] = LUT[b];
  }
  return { width, height, channels: ch, data: out };
}
