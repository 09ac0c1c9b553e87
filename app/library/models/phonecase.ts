/** A phone case (7.6 × 15.4 × 1.1 cm) standing upright with its printable back facing the viewer (+Z). */
import type { ModelInfo } from "../../contracts/model-info";
import { buildDocument, DEAD_UV, PartBuilder, type Vec3 } from "../mesh-builder";
import { linear } from "./colors";

const W = 0.076;
const H = 0.154;
const D = 0.011;
const CORNER = 0.011;
const BACK_UV = { u0: 0, v0: 0, u1: 0.95 * (W / H), v1: 0.95 };

export const phonecaseInfo: ModelInfo = {
  name: "phonecase",
  title: "Phone case",
  productType: "phonecase",
  licence: "built-in",
  author: "Mockup Pipeline",
  tintMaterials: ["case"],
  printAreas: [{ name: "back", uv: { ...BACK_UV }, widthCm: W * 100, heightCm: H * 100 }],
};

/** Rounded-rectangle outline, counter-clockwise seen from +Z, centred at x = 0, from y = 0 to H. */
function outline(inset = 0): [number, number][] {
  const pts: [number, number][] = [];
  const r = CORNER - inset;
  const hw = W / 2 - inset;
  const corners: [number, number, number][] = [
    [hw - r, inset + r, -Math.PI / 2],
    [hw - r, H - inset - r, 0],
    [-hw + r, H - inset - r, Math.PI / 2],
    [-hw + r, inset + r, Math.PI],
  ];
  for (const [cx, cy, start] of corners) {
    for (let i = 0; i <= 8; i++) {
      const a = start + (i / 8) * (Math.PI / 2);
      pts.push([cx + r * Math.cos(a), cy + r * Math.sin(a)]);
    }
  }
  return pts;
}

export function buildPhonecase() {
  const shell = new PartBuilder("case");
  const lens = new PartBuilder("lens");
  const o = outline();
  const backUv = (p: Vec3): [number, number] => [
    BACK_UV.u0 + ((p[0] + W / 2) / W) * (BACK_UV.u1 - BACK_UV.u0),
    BACK_UV.v0 + ((H - p[1]) / H) * (BACK_UV.v1 - BACK_UV.v0),
  ];
  shell.fan(o.map(([x, y]) => [x, y, D / 2] as Vec3), [0, 0, 1], backUv);
  // screen side: reversed outline faces -Z
  shell.fan([...o].reverse().map(([x, y]) => [x, y, -D / 2] as Vec3), [0, 0, -1], () => [0.98, 0.98]);
  // side walls, one quad per outline edge, normals outward
  for (let i = 0; i < o.length; i++) {
    const [x0, y0] = o[i];
    const [x1, y1] = o[(i + 1) % o.length];
    const n: Vec3 = [y1 - y0, -(x1 - x0), 0];
    const a = shell.vertex([x0, y0, D / 2], n, [DEAD_UV.u0, DEAD_UV.v0]);
    const b = shell.vertex([x1, y1, D / 2], n, [DEAD_UV.u1, DEAD_UV.v0]);
    const c = shell.vertex([x0, y0, -D / 2], n, [DEAD_UV.u0, DEAD_UV.v1]);
    const d = shell.vertex([x1, y1, -D / 2], n, [DEAD_UV.u1, DEAD_UV.v1]);
    shell.tri(a, c, b);
    shell.tri(b, c, d);
  }
  // camera bump: a dark square near the top left of the back (as seen from behind the phone)
  const s = 0.03;
  const x0 = -W / 2 + 0.006;
  const y1 = H - 0.006;
  lens.fan(
    [[x0, y1 - s, D / 2 + 0.0015], [x0 + s, y1 - s, D / 2 + 0.0015], [x0 + s, y1, D / 2 + 0.0015], [x0, y1, D / 2 + 0.0015]],
    [0, 0, 1],
    () => [0.98, 0.98],
  );
  return buildDocument("phonecase", [shell, lens], [
    { name: "case", color: linear("#FFFFFF"), roughness: 0.45 },
    { name: "lens", color: linear("#1A1A1A"), roughness: 0.15, metallic: 0.3 },
  ]);
}
