/** A framed poster: 50 × 70 cm print in a 2.5 cm black frame, standing on its bottom edge, facing +Z. */
import type { ModelInfo } from "../../contracts/model-info";
import { buildDocument, DEAD_UV, PartBuilder, type Vec3 } from "../mesh-builder";
import { linear } from "./colors";

const PW = 0.5;
const PH = 0.7;
const F = 0.025; // frame width
const FD = 0.025; // frame depth
const PRINT_UV = { u0: 0, v0: 0, u1: 0.95 * (PW / PH), v1: 0.95 };

export const posterInfo: ModelInfo = {
  name: "poster",
  title: "Framed poster 50 × 70 cm",
  productType: "poster",
  licence: "built-in",
  author: "Mockup Pipeline",
  tintMaterials: ["frame"],
  printAreas: [{ name: "front", uv: { ...PRINT_UV }, widthCm: 50, heightCm: 70 }],
};

export function buildPoster() {
  const paper = new PartBuilder("poster_paper");
  const frame = new PartBuilder("frame");
  const z = FD * 0.4; // print sits recessed in the frame
  paper.surface(1, 1, (s, t) => [-PW / 2 + PW * s, F + PH * (1 - t), z], PRINT_UV);
  // a box for each frame bar: outer x/y extents (w × h) centred at (cx, cy)
  const bar = (cx: number, cy: number, w: number, h: number) => {
    const x0 = cx - w / 2, x1 = cx + w / 2, y0 = cy - h / 2, y1 = cy + h / 2, z0 = 0, z1 = FD;
    const faces: [Vec3, Vec3, Vec3, Vec3, Vec3][] = [
      // corner order: top-left, top-right, bottom-left, bottom-right as seen from outside; then the normal
      [[x0, y1, z1], [x1, y1, z1], [x0, y0, z1], [x1, y0, z1], [0, 0, 1]],
      [[x1, y1, z0], [x0, y1, z0], [x1, y0, z0], [x0, y0, z0], [0, 0, -1]],
      [[x1, y1, z1], [x1, y1, z0], [x1, y0, z1], [x1, y0, z0], [1, 0, 0]],
      [[x0, y1, z0], [x0, y1, z1], [x0, y0, z0], [x0, y0, z1], [-1, 0, 0]],
      [[x0, y1, z0], [x1, y1, z0], [x0, y1, z1], [x1, y1, z1], [0, 1, 0]],
      [[x0, y0, z1], [x1, y0, z1], [x0, y0, z0], [x1, y0, z0], [0, -1, 0]],
    ];
    for (const [tl, tr, bl, br, n] of faces) {
      const a = frame.vertex(tl, n, [DEAD_UV.u0, DEAD_UV.v0]);
      const b = frame.vertex(tr, n, [DEAD_UV.u1, DEAD_UV.v0]);
      const c = frame.vertex(bl, n, [DEAD_UV.u0, DEAD_UV.v1]);
      const d = frame.vertex(br, n, [DEAD_UV.u1, DEAD_UV.v1]);
      frame.tri(a, c, b);
      frame.tri(b, c, d);
    }
  };
  const TW = PW + 2 * F;
  const TH = PH + 2 * F;
  bar(0, F / 2, TW, F); // bottom
  bar(0, TH - F / 2, TW, F); // top
  bar(-PW / 2 - F / 2, TH / 2, F, PH); // left
  bar(PW / 2 + F / 2, TH / 2, F, PH); // right
  // backing board behind the print
  frame.surface(1, 1, (s, t) => [PW / 2 - PW * s, F + PH * (1 - t), 0.001], DEAD_UV);
  return buildDocument("poster", [paper, frame], [
    { name: "poster_paper", color: linear("#FFFFFF"), roughness: 0.85 },
    { name: "frame", color: linear("#1C1C1C"), roughness: 0.5 },
  ]);
}
