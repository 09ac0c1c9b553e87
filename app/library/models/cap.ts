/** A baseball cap: 19 cm wide six-panel crown with a 7 cm brim facing +Z; "front" print area (11 × 5.5 cm). */
import type { ModelInfo } from "../../contracts/model-info";
import { buildDocument, DEAD_UV, PartBuilder } from "../mesh-builder";
import { linear } from "./colors";

const RX = 0.095;
const RZ = 0.105;
const HT = 0.11;
/** crown UVs: u around (0.75 faces the viewer), v from the apex (0) to the band (0.95) */
const CROWN_UV = { u0: 0, v0: 0, u1: 1, v1: 0.95 };

// front panel: ±(5.5 cm / circumference) around u = 0.75; elevation 15°..45° (v from the band upward)
const circ = Math.PI * (3 * (RX + RZ) - Math.sqrt((3 * RX + RZ) * (RX + 3 * RZ))); // Ramanujan
export const capInfo: ModelInfo = {
  name: "cap",
  title: "Baseball cap",
  productType: "cap",
  licence: "built-in",
  author: "Mockup Pipeline",
  tintMaterials: ["cap_fabric"],
  printAreas: [{ name: "front", uv: { u0: 0.75 - 5.5 / (circ * 100), v0: 0.95 * (45 / 90), u1: 0.75 + 5.5 / (circ * 100), v1: 0.95 * (75 / 90) }, widthCm: 11, heightCm: 5.5 }],
};

export function buildCap() {
  const fabric = new PartBuilder("cap_fabric");
  const brimPart = new PartBuilder("cap_fabric");
  // crown: a squashed dome; t = 0 at the apex, 1 at the band
  const dome = (s: number, t: number, inset: number): [number, number, number] => {
    const th = 2 * Math.PI * s;
    const el = (Math.PI / 2) * (0.002 + 0.998 * t); // never exactly at the pole: normals stay defined
    const ring = Math.sin(el);
    return [(RX - inset) * ring * Math.cos(th), 0.012 + (HT - inset) * Math.cos(el), -(RZ - inset) * ring * Math.sin(th)];
  };
  fabric.surface(48, 16, (s, t) => dome(s, t, 0), CROWN_UV);
  fabric.surface(48, 16, (s, t) => dome(s, t, 0.002), DEAD_UV, true);
  // brim: a gently curved visor on +Z, top and underside
  const brim = (s: number, t: number, dy: number): [number, number, number] => {
    const th = Math.PI * (1.22 + 0.56 * s); // front arc around +Z
    const r = 1 + t * 0.7 * Math.pow(Math.sin(Math.PI * (0.12 + 0.76 * s)), 0.6); // longest at the centre
    const x = RX * r * Math.cos(th);
    const z = -RZ * r * Math.sin(th);
    return [x, 0.012 + dy - 0.01 * t * t - 0.006 * t * Math.abs(Math.cos(th)), z]; // inner edge on the band
  };
  brimPart.surface(32, 6, (s, t) => brim(1 - s, 1 - t, 0.002), DEAD_UV);
  brimPart.surface(32, 6, (s, t) => brim(1 - s, 1 - t, 0), DEAD_UV, true);
  return buildDocument("cap", [fabric, brimPart], [{ name: "cap_fabric", color: linear("#2B2B2B"), roughness: 0.85 }]);
}
