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
} as const;

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
