/**
 * sRGB ↔ linear light in fixed point. The compositor works in 14-bit linear (0..16383): products with the
 * 16-bit shading pass still fit in a 32-bit integer, and 14 bits keep dark tones within one 8-bit sRGB step.
 */
export const LIN_BITS = 14;
export const LIN_MAX = (1 << LIN_BITS) - 1;

export function srgbToLinear(c: number): number {
  return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
}

export function linearToSrgb(c: number): number {
  return c <= 0.0031308 ? c * 12.92 : 1.055 * Math.pow(c, 1 / 2.4) - 0.055;
}

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

export function parseHex(hex: string): [number, number, number] {
  const m = /^#?([0-9a-fA-F]{6})$/.exec(hex.trim());
  if (!m) throw new Error(`colour must be #RRGGBB, got "${hex}"`);
  const n = parseInt(m[1], 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** CIE Lab (D65) of an 8-bit sRGB colour, for ΔE checks. */
export function srgbToLab(rgb: [number, number, number]): [number, number, number] {
  const [r, g, b] = rgb.map((c) => srgbToLinear(c / 255));
  const x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047;
  const y = 0.2126729 * r + 0.7151522 * g + 0.072175 * b;
  const z = (0.0193339 * r + 0.119192 * g + 0.9503041 * b) / 1.08883;
  const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : (24389 / 27 * t + 16) / 116);
  const fx = f(x), fy = f(y), fz = f(z);
  return [116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)];
}

/** CIE76 ΔE between two sRGB colours. */
export function deltaE(a: [number, number, number], b: [number, number, number]): number {
  const la = srgbToLab(a);
  const lb = srgbToLab(b);
  return Math.hypot(la[0] - lb[0], la[1] - lb[1], la[2] - lb[2]);
}
