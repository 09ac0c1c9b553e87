/**
 * Synthetic passes: a flat card seen head-on, with optional soft shading. Used by tests (exact geometry is
 * known) and by the benchmark; not a product view.
 */
import type { Passes } from "./format";

export const SYNTHETIC_DEFAULTS = {
  /** square size in pixels */
  size: 2048,
  /** shading level of the flat card */
  shading: 1,
} as const;

export interface SyntheticPassOptions {
  /** square size in pixels, default SYNTHETIC_DEFAULTS.size */
  size?: number;
  /** the card's rectangle in pixels [x0, y0, x1, y1) (default: centred, 80 % of the size) */
  rect?: [number, number, number, number];
  /** constant shading (default SYNTHETIC_DEFAULTS.shading; 1 = lit like a white card), or "folds" for a soft wave pattern 0.55..1.25 */
  shading?: number | "folds";
}

export function syntheticPasses(opts: SyntheticPassOptions = {}): Passes {
  const size = opts.size ?? SYNTHETIC_DEFAULTS.size;
  const m = Math.round(size * 0.1);
  const [x0, y0, x1, y1] = opts.rect ?? [m, m, size - m, size - m];
  const n = size * size;
  const p: Passes = {
    width: size,
    height: size,
    u: new Uint16Array(n),
    v: new Uint16Array(n),
    cov: new Uint8Array(n),
    shade: new Uint16Array(n),
    mask: new Uint8Array(n),
  };
  const shading = opts.shading ?? SYNTHETIC_DEFAULTS.shading;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = y * size + x;
      // pixel centre → uv, so the card's texels map 1:1 when the design is (x1 - x0) wide
      p.u[i] = Math.round(((x - x0 + 0.5) / (x1 - x0)) * 65535);
      p.v[i] = Math.round(((y - y0 + 0.5) / (y1 - y0)) * 65535);
      p.cov[i] = 1;
      p.mask[i] = 255;
      const s =
        shading === "folds"
          ? 0.9 + 0.35 * Math.sin((x / size) * 9 + Math.sin((y / size) * 5) * 2) * Math.cos((y / size) * 3)
          : shading;
      p.shade[i] = Math.min(65535, Math.round((s / 2) * 65535));
    }
  }
  return p;
}
