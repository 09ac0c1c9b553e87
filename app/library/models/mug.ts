/** An 11 oz mug: 8.2 cm × 9.5 cm ceramic body, handle on the right; "wrap" print area (20 × 8.5 cm sublimation). */
import type { ModelInfo } from "../../contracts/model-info";
import { buildDocument, DEAD_UV, PartBuilder, type Vec3 } from "../mesh-builder";
import { linear } from "./colors";

const R = 0.041; // outer radius
const H = 0.095;
const WALL = 0.004;
const BASE = 0.006;
/** outer wall UVs: u 0..1 around (u = 0 at the handle, 0.75 facing the viewer), v 0..0.95 top to bottom */
const WALL_UV = { u0: 0, v0: 0, u1: 1, v1: 0.95 };

export const mugInfo: ModelInfo = {
  name: "mug",
  title: "Ceramic mug 11 oz",
  productType: "mug",
  licence: "built-in",
  author: "Mockup Pipeline",
  tintMaterials: ["mug_body"],
  printAreas: [
    // 20 cm of the 25.8 cm circumference, leaving the handle side free; 8.5 cm of the 9.5 cm height
    { name: "wrap", uv: { u0: 0.5 - 10 / 25.76, v0: (0.5 / 9.5) * 0.95, u1: 0.5 + 10 / 25.76, v1: (9 / 9.5) * 0.95 }, widthCm: 20, heightCm: 8.5 },
    { name: "front", uv: { u0: 0.75 - 4.5 / 25.76, v0: (1 / 9.5) * 0.95, u1: 0.75 + 4.5 / 25.76, v1: (8.5 / 9.5) * 0.95 }, widthCm: 9, heightCm: 7.5 },
  ],
};

export function buildMug() {
  const seg = 64;
  const body = new PartBuilder("mug_body");
  const inner = new PartBuilder("mug_inner");
  const around = (r: number, y: number, s: number): Vec3 => [r * Math.cos(2 * Math.PI * s), y, -r * Math.sin(2 * Math.PI * s)];
  body.surface(seg, 16, (s, t) => around(R, H * (1 - t), s), WALL_UV);
  // rim, inside wall and inside bottom in the glaze colour; outside bottom with the body
  inner.surface(seg, 2, (s, t) => around(R - WALL * t, H, s), DEAD_UV, true);
  inner.surface(seg, 12, (s, t) => around(R - WALL, H - (H - BASE) * t, s), DEAD_UV, true);
  inner.surface(seg, 4, (s, t) => around((R - WALL) * (1 - 0.999 * t), BASE, s), DEAD_UV, true);
  body.surface(seg, 4, (s, t) => around(R * (1 - 0.999 * t), 0, s), DEAD_UV);
  // handle: half a torus on +X whose ends sink into the wall
  const major = 0.03;
  const minor = 0.0065;
  const cx = R - 0.004;
  const cy = H * 0.52;
  body.surface(24, 12, (s, t) => {
    const a = -Math.PI / 2 + Math.PI * s;
    const b = 2 * Math.PI * t;
    const ring = major + minor * Math.cos(b);
    return [cx + ring * Math.cos(a), cy + ring * Math.sin(a), minor * Math.sin(b)];
  }, DEAD_UV);
  return buildDocument("mug", [body, inner], [
    { name: "mug_body", color: linear("#FFFFFF"), roughness: 0.25 },
    { name: "mug_inner", color: linear("#F4F4F4"), roughness: 0.2 },
  ]);
}
