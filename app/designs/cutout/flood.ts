/**
 * Non-ML background removal: flood-fill from the image border through pixels close to the border's dominant
 * colour, with a soft ramp at the edge. Honest about its limits: it only works on a uniform (studio/flat)
 * background, and refuses anything else with a clear error instead of producing a bad cut-out.
 */
import sharp from "sharp";
import { rgbToLab } from "../../contracts/colour";

export const FLOOD_DEFAULTS = {
  /** colour distance (CIE76 ΔE) still counted as background */
  tolerance: 12,
  /** share of border pixels that must match the background colour */
  minUniformBorder: 0.6,
  /** largest image side processed */
  maxSide: 6000,
} as const;

export interface FloodCutoutOptions {
  /** colour distance (CIE76 ΔE) still counted as background; default FLOOD_DEFAULTS.tolerance */
  tolerance?: number;
  /** share of border pixels that must match the background colour; default FLOOD_DEFAULTS.minUniformBorder */
  minUniformBorder?: number;
  /** largest image side processed; larger images are refused (this runs in a batch step); default FLOOD_DEFAULTS.maxSide */
  maxSide?: number;
}

export interface FloodCutoutResult {
  png: Buffer;
  width: number;
  height: number;
  /** the detected background colour (sRGB) */
  background: [number, number, number];
  /** fraction of the image made transparent */
  removed: number;
}

export class CutoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CutoutError";
  }
}

export async function floodCutout(bytes: Buffer, opts: FloodCutoutOptions = {}): Promise<FloodCutoutResult> {
  const tol = opts.tolerance ?? FLOOD_DEFAULTS.tolerance;
  const { data, info } = await sharp(bytes, { limitInputPixels: 50_000_000 }).rotate().toColourspace("srgb").ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const { width: W, height: H } = info;
  if (Math.max(W, H) > (opts.maxSide ?? FLOOD_DEFAULTS.maxSide)) throw new CutoutError(`image is ${W}×${H}; flood cut-out handles up to ${opts.maxSide ?? FLOOD_DEFAULTS.maxSide} px per side`);
  const n = W * H;
  // Lab per pixel, quantised through a cache (designs have few distinct colours)
  const lab = new Float32Array(n * 3);
  const memo = new Map<number, [number, number, number]>();
  for (let i = 0; i < n; i++) {
    const k = (data[i * 4] << 16) | (data[i * 4 + 1] << 8) | data[i * 4 + 2];
    let l = memo.get(k);
    if (!l) {
      l = rgbToLab([data[i * 4], data[i * 4 + 1], data[i * 4 + 2]]);
      if (memo.size < 200_000) memo.set(k, l);
    }
    lab[i * 3] = l[0];
    lab[i * 3 + 1] = l[1];
    lab[i * 3 + 2] = l[2];
  }
  const border: number[] = [];
  for (let x = 0; x < W; x++) border.push(x, (H - 1) * W + x);
  for (let y = 1; y < H - 1; y++) border.push(y * W, y * W + W - 1);
  // the background colour: per-channel median of the opaque border pixels
  const opaque = border.filter((i) => data[i * 4 + 3] > 0);
  if (opaque.length < border.length * 0.5) throw new CutoutError("the image already has a transparent background");
  const med = (c: number) => {
    const v = opaque.map((i) => lab[i * 3 + c]).sort((a, b) => a - b);
    return v[v.length >> 1];
  };
  const bg = [med(0), med(1), med(2)];
  const dist = (i: number) => Math.hypot(lab[i * 3] - bg[0], lab[i * 3 + 1] - bg[1], lab[i * 3 + 2] - bg[2]);
  const matching = opaque.filter((i) => dist(i) <= tol).length;
  if (matching < border.length * (opts.minUniformBorder ?? FLOOD_DEFAULTS.minUniformBorder)) {
    throw new CutoutError(
      `the background is not one uniform colour (${Math.round((matching / border.length) * 100)} % of the border matches); flood cut-out cannot separate it — an ML cut-out provider is needed`,
    );
  }
  // flood from the border through background-coloured pixels
  const isBg = new Uint8Array(n);
  const stack = new Int32Array(n);
  let sp = 0;
  for (const i of border) {
    if (!isBg[i] && dist(i) <= tol) {
      isBg[i] = 1;
      stack[sp++] = i;
    }
  }
  while (sp > 0) {
    const i = stack[--sp];
    const x = i % W;
    const nb = [x > 0 ? i - 1 : -1, x < W - 1 ? i + 1 : -1, i >= W ? i - W : -1, i < n - W ? i + W : -1];
    for (const j of nb) {
      if (j >= 0 && !isBg[j] && dist(j) <= tol) {
        isBg[j] = 1;
        stack[sp++] = j;
      }
    }
  }
  // alpha: 0 on background; a soft ramp for foreground pixels touching it (antialiased edges)
  const out = Buffer.from(data);
  let removed = 0;
  for (let i = 0; i < n; i++) {
    if (isBg[i]) {
      out[i * 4 + 3] = 0;
      removed++;
      continue;
    }
    const x = i % W;
    const touches = (x > 0 && isBg[i - 1]) || (x < W - 1 && isBg[i + 1]) || (i >= W && isBg[i - W]) || (i < n - W && isBg[i + W]);
    if (touches) {
      const a = Math.min(1, Math.max(0, (dist(i) - tol) / (tol * 2)));
      out[i * 4 + 3] = Math.round(out[i * 4 + 3] * Math.max(a, 0.25));
    }
  }
  const png = await sharp(out, { raw: { width: W, height: H, channels: 4 } }).png().toBuffer();
  const bgRgb = data.subarray(opaque[0] * 4, opaque[0] * 4 + 3);
  return { png, width: W, height: H, background: [bgRgb[0], bgRgb[1], bgRgb[2]], removed: removed / n };
}
