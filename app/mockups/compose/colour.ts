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
