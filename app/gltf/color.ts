/** glTF colour factors (linear) for merchants' sRGB colours; the colour maths itself is app/contracts/colour.ts. */
import { hexToRgb, linearToSrgb, srgbToLinear } from "../contracts/colour";

export { deltaE, hexToRgb, linearToSrgb, rgbToLab, srgbToLinear } from "../contracts/colour";

/** glTF baseColorFactor (linear) for a merchant's sRGB hex colour. */
export function hexToLinearFactor(hex: string): [number, number, number, number] {
  const [r, g, b] = hexToRgb(hex);
  return [srgbToLinear(r / 255), srgbToLinear(g / 255), srgbToLinear(b / 255), 1];
}

export function linearFactorToRgb8(f: ArrayLike<number>): [number, number, number] {
  return [0, 1, 2].map((i) => Math.round(Math.min(1, Math.max(0, linearToSrgb(f[i]))) * 255)) as [number, number, number];
}
