/**
 * How a rendered garment's colour compares with the colour the merchant set (issue 16's colour check, used by
 * tests/mockups/lit-colour.test.ts and tests/blender/lit-colour.test.ts on hero renders and 2D mockups).
 *
 * Torso pixels are the fully covered pixels whose UV falls inside a rectangle (the front print area): the
 * passes of the same view and size say which image pixels those are, for a hero render as for a mockup.
 * "Lit mid-tone" pixels are those whose shading lies in the middle half of the torso's shading range
 * (p1..p99, so a stray pixel does not stretch the range); their median Lab is compared with the set colour.
 */
import type { UvRect } from "../../contracts/print-area";
import type { Passes } from "../passes/format";
import { rgbToLab as srgbToLab } from "../../contracts/colour";

export interface LitColour {
  /** median CIE Lab of the lit mid-tone torso pixels */
  lab: [number, number, number];
  /** p95 − p5 of L* over all torso pixels (do folds show?) */
  lSpread: number;
  /** torso pixels measured / mid-tone pixels among them */
  pixels: number;
  midPixels: number;
}

function quantile(sorted: ArrayLike<number>, q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))];
}

/** `rgb`: width × height × channels 8-bit sRGB (3 or 4 channels) of the same size as `passes`. */
export function litColour(rgb: Uint8Array, channels: number, passes: Passes, rect: UvRect): LitColour {
  const { width, height } = passes;
  const idx: number[] = [];
  const u0 = rect.u0 * 65535, u1 = rect.u1 * 65535, v0 = rect.v0 * 65535, v1 = rect.v1 * 65535;
  for (let i = 0; i < width * height; i++) {
    if (passes.cov[i] !== 1 || passes.mask[i] !== 255) continue;
    const u = passes.u[i], v = passes.v[i];
    if (u >= u0 && u <= u1 && v >= v0 && v <= v1) idx.push(i);
  }
  if (idx.length < 20) throw new Error(`only ${idx.length} torso pixels in this view: wrong rectangle or passes?`);
  const shades = Float64Array.from(idx.map((i) => passes.shade[i])).sort();
  const lo = quantile(shades, 0.01), hi = quantile(shades, 0.99);
  const a = lo + (hi - lo) / 4, b = hi - (hi - lo) / 4;
  const labs = idx.map((i) => srgbToLab([rgb[i * channels], rgb[i * channels + 1], rgb[i * channels + 2]]));
  const mid = labs.filter((_, k) => passes.shade[idx[k]] >= a && passes.shade[idx[k]] <= b);
  const med = (k: 0 | 1 | 2) => quantile(Float64Array.from(mid.map((l) => l[k])).sort(), 0.5);
  const ls = Float64Array.from(labs.map((l) => l[0])).sort();
  return { lab: [med(0), med(1), med(2)], lSpread: quantile(ls, 0.95) - quantile(ls, 0.05), pixels: idx.length, midPixels: mid.length };
}
