/** A canvas tote bag: 38 × 42 × 8 cm body with two shoulder straps; front and back print areas (30 × 35 cm). */
import type { ModelInfo } from "../../contracts/model-info";
import { buildDocument, DEAD_UV, PartBuilder, printRect, type Vec3 } from "../mesh-builder";
import { linear } from "./colors";

const W = 0.38;
const H = 0.42;
const D = 0.08;
const FRONT_UV = { u0: 0.01, v0: 0.01, u1: 0.47, v1: 0.518 };
const BACK_UV = { u0: 0.5, v0: 0.01, u1: 0.96, v1: 0.518 };

export const toteInfo: ModelInfo = {
  name: "tote",
  title: "Canvas tote bag",
  productType: "tote",
  licence: "built-in",
  author: "Mockup Pipeline",
  tintMaterials: ["canvas"],
  printAreas: [
    { name: "front", uv: printRect(FRONT_UV, 38, 42, 19, 22, 30, 35), widthCm: 30, heightCm: 35 },
    { name: "back", uv: printRect(BACK_UV, 38, 42, 19, 22, 30, 35), widthCm: 30, heightCm: 35 },
  ],
};

export function buildTote() {
  const canvas = new PartBuilder("canvas");
  // slight outward bulge in the middle of each panel, like a filled bag
  const bulge = (s: number, t: number) => 0.012 * Math.sin(Math.PI * s) * Math.sin(Math.PI * Math.min(1, t * 1.1));
  const zf = (s: number, t: number) => D / 2 * (0.35 + 0.65 * t) + bulge(s, t); // narrower at the top
  canvas.surface(24, 24, (s, t) => [-W / 2 + W * s, H * (1 - t), zf(s, t)], FRONT_UV);
  canvas.surface(24, 24, (s, t) => [W / 2 - W * s, H * (1 - t), -zf(1 - s, t)], BACK_UV);
  // sides (gussets) and bottom
  canvas.surface(6, 24, (s, t) => [W / 2, H * (1 - t), zf(1, t) - 2 * zf(1, t) * s], DEAD_UV);
  canvas.surface(6, 24, (s, t) => [-W / 2, H * (1 - t), -zf(0, t) + 2 * zf(0, t) * s], DEAD_UV);
  canvas.surface(24, 6, (s, t) => [-W / 2 + W * s, 0, D / 2 - D * t], DEAD_UV, true);
  // straps: 2.5 cm bands arching 26 cm above the opening, one at each face, visible from both sides
  for (const side of [1, -1]) {
    const z = side * (zf(0.5, 0) - 0.004);
    const strap = (s: number, t: number): Vec3 => {
      const a = Math.PI * s;
      const r = 0.085 + (t - 0.5) * 0.025;
      return [-side * r * Math.cos(a), H - 0.02 + (0.26 / 0.085) * r * Math.sin(a), z];
    };
    canvas.surface(24, 1, strap, DEAD_UV);
    canvas.surface(24, 1, strap, DEAD_UV, true);
  }
  return buildDocument("tote", [canvas], [{ name: "canvas", color: linear("#F2EBDD"), roughness: 0.9 }]);
}
