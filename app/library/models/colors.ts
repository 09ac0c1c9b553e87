import { hexToLinearFactor } from "../../gltf/color";

/** Library materials are specified in sRGB hex like a merchant's colours. */
export function linear(hex: string): [number, number, number, number] {
  return hexToLinearFactor(hex);
}
