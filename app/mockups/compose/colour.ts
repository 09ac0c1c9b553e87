/**
 * sRGB ↔ linear light in fixed point, for the compositor. It works in 14-bit linear (0..16383): products with
 * the 16-bit shading pass still fit in a 32-bit integer, and 14 bits keep dark tones within one 8-bit sRGB step.
 * The conversions themselves are app/contracts/colour.ts.
 */
import { linearToSrgb, srgbToLinear } from "../../contracts/colour";

export { deltaE, hexToRgb as parseHex, rgbToLab as srgbToLab } from "../../contracts/colour";

export const LIN_BITS = 14;
export const LIN_MAX = (1 << LIN_BITS) - 1;

/** 8-bit sRGB → 14-bit linear */
export const SRGB8_TO_LIN: Uint16Array = (() => {
  const t = new Uint16Array(256);
  for (let i = 0; i < 256; i++) t[i] = Math.round(srgbToLinear(i / 255) * LIN_MAX);
  return t;
})();

/** 14-bit linear → 8-bit sRGB */
export const LIN_TO_SRGB8: Uint8Array = (() => {
  const t = new Uint8Array(LIN_MAX + 1);
  for (let i = 0; i <= LIN_MAX; i++) t[i] = Math.round(linearToSrgb(i / LIN_MAX) * 255);
  return t;
})();

/**
 * The lowest luminance (linear Y) a dyed surface is rendered with. No textile or glaze absorbs all light: a
 * black cotton jersey reflects 2–4 % (L* ≈ 20 lit head-on), which is what lets its folds show. A colour
 * darker than that is lifted to it by adding neutral grey (its hue is kept); others are unchanged.
 * blender/jobs/hero.py applies the same floor (FABRIC_FLOOR_Y) to hero renders.
 */
export const FABRIC_FLOOR_Y = 0.03;

/** The 8-bit sRGB colour a surface of set colour `rgb` reflects (see FABRIC_FLOOR_Y). */
export function fabricColour(rgb: [number, number, number]): [number, number, number] {
  const lin = rgb.map((c) => srgbToLinear(c / 255));
  const y = 0.2126729 * lin[0] + 0.7151522 * lin[1] + 0.072175 * lin[2];
  if (y >= FABRIC_FLOOR_Y) return rgb;
  return lin.map((c) => Math.round(linearToSrgb(c + FABRIC_FLOOR_Y - y) * 255)) as [number, number, number];
}
