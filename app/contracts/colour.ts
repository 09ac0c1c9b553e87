/**
 * A merchant's colour (a name and an sRGB #RRGGBB), and the colour maths every capability shares:
 * sRGB ↔ linear light, hex parsing, CIE Lab and ΔE. Fixed-point tables for the compositor live beside it
 * (app/mockups/compose/colour.ts); glTF factors in app/gltf/color.ts. Both build on these functions.
 */
import { z } from "zod";

export const hexSchema = z.string().regex(/^#[0-9a-fA-F]{6}$/, "colour must be #RRGGBB");
export type Hex = z.infer<typeof hexSchema>;

export const colorSchema = z.object({
  name: z.string().trim().min(1).max(64),
  hex: hexSchema,
});
export type Color = z.infer<typeof colorSchema>;

export const DEFAULTS = {
  /** a product without a colour option is made in one colour: white, the neutral base garment */
  color: { name: "White", hex: "#FFFFFF" } as Color,
  /** colours of one product (Shopify allows 100 variants; 30 colours × 4 views stays under its media cap) */
  maxColors: 30,
} as const;

/** A product's colours: 1 to DEFAULTS.maxColors (job specs, product setups, variants, publishing, the CLI). */
export const colorListSchema = z.array(colorSchema).min(1).max(DEFAULTS.maxColors);

/** sRGB-encoded 0..1 → linear light 0..1 (IEC 61966-2-1). */
export function srgbToLinear(c: number): number {
  return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
}

/** Linear light 0..1 → sRGB-encoded 0..1. */
export function linearToSrgb(c: number): number {
  return c <= 0.0031308 ? c * 12.92 : 1.055 * Math.pow(c, 1 / 2.4) - 0.055;
}

/** "#RRGGBB" (or "RRGGBB") → [r, g, b] 0..255; throws on anything else. */
export function hexToRgb(hex: string): [number, number, number] {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex.trim());
  if (!m) throw new Error(`colour must be #RRGGBB, got "${hex}"`);
  const n = parseInt(m[1], 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** sRGB 0..255 → CIE L*a*b* (D65). */
export function rgbToLab(rgb: ArrayLike<number>): [number, number, number] {
  const [lr, lg, lb] = [rgb[0], rgb[1], rgb[2]].map((v) => srgbToLinear(v / 255));
  const x = (lr * 0.4124564 + lg * 0.3575761 + lb * 0.1804375) / 0.95047;
  const y = lr * 0.2126729 + lg * 0.7151522 + lb * 0.072175;
  const z = (lr * 0.0193339 + lg * 0.119192 + lb * 0.9503041) / 1.08883;
  const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : (24389 / 27 * t + 16) / 116);
  const [fx, fy, fz] = [f(x), f(y), f(z)];
  return [116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)];
}

/** CIE76 ΔE between two sRGB 0..255 colours. */
export function deltaE(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const [l1, a1, b1] = rgbToLab(a);
  const [l2, a2, b2] = rgbToLab(b);
  return Math.hypot(l1 - l2, a1 - a2, b1 - b2);
}

/** CIEDE2000 colour difference between two CIE Lab colours (Sharma, Wu & Dalal 2005, kL = kC = kH = 1). */
export function deltaE2000(lab1: [number, number, number], lab2: [number, number, number]): number {
  const [L1, a1, b1] = lab1;
  const [L2, a2, b2] = lab2;
  const rad = Math.PI / 180;
  const C1 = Math.hypot(a1, b1), C2 = Math.hypot(a2, b2);
  const Cm = (C1 + C2) / 2;
  const G = 0.5 * (1 - Math.sqrt(Cm ** 7 / (Cm ** 7 + 25 ** 7)));
  const a1p = (1 + G) * a1, a2p = (1 + G) * a2;
  const C1p = Math.hypot(a1p, b1), C2p = Math.hypot(a2p, b2);
  const hue = (b: number, a: number) => (a === 0 && b === 0 ? 0 : (Math.atan2(b, a) / rad + 360) % 360);
  const h1p = hue(b1, a1p), h2p = hue(b2, a2p);
  const dLp = L2 - L1;
  const dCp = C2p - C1p;
  let dhp = 0;
  if (C1p * C2p !== 0) {
    dhp = h2p - h1p;
    if (dhp > 180) dhp -= 360;
    else if (dhp < -180) dhp += 360;
  }
  const dHp = 2 * Math.sqrt(C1p * C2p) * Math.sin((dhp / 2) * rad);
  const Lm = (L1 + L2) / 2;
  const Cmp = (C1p + C2p) / 2;
  let hm = h1p + h2p;
  if (C1p * C2p !== 0) {
    if (Math.abs(h1p - h2p) <= 180) hm /= 2;
    else hm = h1p + h2p < 360 ? (hm + 360) / 2 : (hm - 360) / 2;
  }
  const T = 1 - 0.17 * Math.cos((hm - 30) * rad) + 0.24 * Math.cos(2 * hm * rad) + 0.32 * Math.cos((3 * hm + 6) * rad) - 0.2 * Math.cos((4 * hm - 63) * rad);
  const dTheta = 30 * Math.exp(-(((hm - 275) / 25) ** 2));
  const Rc = 2 * Math.sqrt(Cmp ** 7 / (Cmp ** 7 + 25 ** 7));
  const Sl = 1 + (0.015 * (Lm - 50) ** 2) / Math.sqrt(20 + (Lm - 50) ** 2);
  const Sc = 1 + 0.045 * Cmp;
  const Sh = 1 + 0.015 * Cmp * T;
  const Rt = -Math.sin(2 * dTheta * rad) * Rc;
  return Math.sqrt((dLp / Sl) ** 2 + (dCp / Sc) ** 2 + (dHp / Sh) ** 2 + Rt * (dCp / Sc) * (dHp / Sh));
}
