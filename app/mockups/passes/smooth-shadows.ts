/**
 * Takes the path tracer's grain out of the shading pass where the light is low, and nowhere else. Blender renders
 * the shading pass at a few dozen samples (no denoiser in Debian's build); lit cloth converges, but deep shadow
 * (the hood's lining, under the arms) is lit only by indirect bounces and stays speckled: the compositor multiplies
 * every colour by this pass, so a beige mockup shows it as grain (docs/renders/README.md). Measured on the hoodie's
 * front pass at 1024²: the relative high-pass in shadow is 0.10 at 32 samples, 0.056 at 96, 0.038 at 256
 * (≈ 1/√samples: noise, not knit), at 12, 30 and 67 s of rendering.
 *
 * A joint filter guided by the UV pass: each dark pixel becomes the Gaussian-weighted mean of the neighbours that
 * show the same surface (covered, inside the silhouette, and with u, v no further away than this pixel's own UV step
 * allows for their distance), so silhouettes, seams between panels and a cord in front of the body stay sharp.
 * The amount follows how dark the neighbourhood is (its mean, so a bright speckle in shadow is smoothed too), from
 * full at `fullBelow` to none at `noneAbove`: lit cloth keeps the knit and the stitching the pass carries, bit for bit.
 * On the hoodie's front pass at 1024²: shadow 0.100 → 0.031, lit cloth unchanged, 0.74 s (decision 156).
 */
import { readFile, writeFile } from "node:fs/promises";
import type { Passes } from "./format";

export interface SmoothShadowsOptions {
  /** window radius, px */
  radius?: number;
  /** local mean shading (1 = a white card facing the key light) at or below which a pixel is fully smoothed */
  fullBelow?: number;
  /** local mean shading at or above which a pixel is left as rendered */
  noneAbove?: number;
  /** a neighbour `d` px away shows the same surface if its u, v differ by at most this × the pixel's UV step × d */
  uvSlack?: number;
}

export const DEFAULTS: Required<SmoothShadowsOptions> = { radius: 6, fullBelow: 0.2, noneAbove: 0.45, uvSlack: 3 };

/** The passes with a new shading array (the others shared); the input is not changed. */
export function smoothShadows(p: Passes, options: SmoothShadowsOptions = {}): Passes {
  const o = { ...DEFAULTS, ...options };
  const { width: W, height: H, u, v, cov, mask, shade } = p;
  const WHITE = 32768; // docs/passes.md: value = shading / 2 × 65535
  const lo = o.fullBelow * WHITE;
  const hi = o.noneAbove * WHITE;
  const inside = (i: number) => cov[i] !== 0 && mask[i] === 255;
  const out = new Uint16Array(shade);
  const deltas = new Float64Array(4);
  const r = o.radius;
  const spatial: number[] = [];
  for (let dy = -r; dy <= r; dy++) for (let dx = -r; dx <= r; dx++) spatial.push(Math.exp(-(dx * dx + dy * dy) / (2 * (r / 2) ** 2)));
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const i = y * W + x;
      const s = shade[i];
      if (!inside(i)) continue;
      // this pixel's UV step: the middle of its changes to its covered 4-neighbours, so one neighbour across a seam
      // (a jump) does not widen it, and a grazing surface (one long, one short axis) counts both
      let n = 0;
      const probe = (j: number) => {
        if (inside(j)) deltas[n++] = Math.abs(u[j] - u[i]) + Math.abs(v[j] - v[i]);
      };
      if (x > 0) probe(i - 1);
      if (x + 1 < W) probe(i + 1);
      if (y > 0) probe(i - W);
      if (y + 1 < H) probe(i + W);
      if (!n) continue;
      const d = deltas.subarray(0, n).sort();
      const step = n === 4 ? (d[1] + d[2]) / 2 : n === 3 ? d[1] : d[0];
      let sum = 0;
      let wsum = 0;
      for (let dy = -r, k = 0; dy <= r; dy++) {
        const yy = y + dy;
        for (let dx = -r; dx <= r; dx++, k++) {
          const xx = x + dx;
          if (yy < 0 || yy >= H || xx < 0 || xx >= W) continue;
          const j = yy * W + xx;
          if (!inside(j)) continue;
          const dist = Math.max(Math.abs(dx), Math.abs(dy));
          if (Math.abs(u[j] - u[i]) + Math.abs(v[j] - v[i]) > o.uvSlack * step * dist + 2) continue; // another surface
          sum += spatial[k] * shade[j];
          wsum += spatial[k];
        }
      }
      // how dark the place is, not the pixel: a bright speckle in a shadow is the grain itself
      const mean = sum / wsum;
      if (mean >= hi) continue;
      const amount = mean <= lo ? 1 : (hi - mean) / (hi - lo);
      out[i] = Math.round(s + amount * (mean - s));
    }
  }
  return { ...p, shade: out };
}

/**
 * The same on a pass set as Blender wrote it (docs/passes.md files): the shading PNG is rewritten in place, and
 * the smoothed passes are returned for a caller that composes from them next. Called by every path that renders
 * passes with Blender (the `render.passes` provider, `mockup blender passes|renders`). The codec (sharp) loads on
 * first use: the Blender providers load with the pipeline's registry, and the web server must start without sharp
 * (tests/e2e/server.spec.ts).
 */
export async function smoothShadowsInFiles(files: { uv: string; shading: string; mask: string }, options: SmoothShadowsOptions = {}): Promise<Passes> {
  const { decodePasses, encodeShading } = await import("./format");
  const [uv, shading, mask] = await Promise.all([readFile(files.uv), readFile(files.shading), readFile(files.mask)]);
  const smoothed = smoothShadows(await decodePasses({ uv, shading, mask }), options);
  await writeFile(files.shading, await encodeShading(smoothed));
  return smoothed;
}
