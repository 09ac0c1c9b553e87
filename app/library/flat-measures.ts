/**
 * Flat-lay measurements of a draped garment GLB, taken along the cloth: a knit that is not stretched measures
 * the same along its surface on the form as laid flat on a table (chest = half the cloth's girth, lengths =
 * surface paths). Panels are found as UV islands (each pattern panel is its own island: vertices are split at
 * seams), named by the print area whose UV rectangle they hold.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { NodeIO } from "@gltf-transform/core";
import type { ModelInfo } from "../contracts/model-info";
import { CM_PER_INCH } from "../contracts/print-units";
import { printAreaIslands } from "./print-area-islands";

/** A garment's triangles in Blender's axes (Z up, front = -Y), metres; UVs in glTF convention (v down). */
export interface Mesh {
  pos: Float64Array;
  uv: Float64Array;
  tri: Uint32Array;
}

/** Every primitive of a GLB as one Mesh (glTF Y-up turned to Blender's Z-up). */
export async function readGarmentMesh(file: string): Promise<Mesh> {
  const doc = await new NodeIO().read(file);
  const pos: number[] = [];
  const uv: number[] = [];
  const tri: number[] = [];
  for (const mesh of doc.getRoot().listMeshes()) {
    for (const prim of mesh.listPrimitives()) {
      const base = pos.length / 3;
      const p = prim.getAttribute("POSITION")!;
      const t = prim.getAttribute("TEXCOORD_0")!;
      for (let i = 0; i < p.getCount(); i++) {
        const [x, y, z] = p.getElement(i, [] as number[]);
        pos.push(x, -z, y);
        const [u, v] = t.getElement(i, [] as number[]);
        uv.push(u, v);
      }
      const idx = prim.getIndices()!;
      for (let i = 0; i < idx.getCount(); i++) tri.push(base + idx.getScalar(i));
    }
  }
  return { pos: Float64Array.from(pos), uv: Float64Array.from(uv), tri: Uint32Array.from(tri) };
}

// the chart is in inches
const INCH = CM_PER_INCH;
const CHART = JSON.parse(readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), "garments", "size-chart.json"), "utf8")) as Record<string, { sizes: Record<string, Record<string, number>> }>;

/** What the size chart (size-chart.json, decision 130) says a garment of a size measures, in cm. */
export function chartMeasures(garment: "tee" | "hoodie", size: string): FlatMeasures {
  const c = CHART[garment].sizes[size];
  return { chest: c.chest * INCH, length: c.length * INCH, shoulder: c.shoulder * INCH, sleeve: (c.sleeveCb - c.shoulder / 2) * INCH, ...(c.hood ? { hood: c.hood * INCH } : {}) };
}

/** The largest relative deviation from the chart over the measures both have (0.03 = 3 %). */
export function chartDeviation(got: FlatMeasures, want: FlatMeasures, skip: (keyof FlatMeasures)[] = []): number {
  let worst = 0;
  for (const k of Object.keys(want) as (keyof FlatMeasures)[]) {
    if (skip.includes(k) || got[k] === undefined || want[k] === undefined) continue;
    worst = Math.max(worst, Math.abs(got[k]! / want[k]! - 1));
  }
  return worst;
}

export interface FlatMeasures {
  /** cm, pit to pit: half the body's girth one inch below the underarm */
  chest: number;
  /** cm, high point of the shoulder to the hem, down the front */
  length: number;
  /** cm, shoulder point to shoulder point across the back, along the back's straight grain (its cut line) */
  shoulder: number;
  /** cm, shoulder seam to sleeve hem along the sleeve's top fold (mean of both) */
  sleeve: number;
  /** cm, hoodie only: neck seam straight up to the top of the hood laid flat (side panel to the crown, plus half
   * the centre strip, which lies over the top when the hood is folded flat) */
  hood?: number;
}

export type V3 = [number, number, number];

export function islands(m: Mesh): Int32Array {
  const n = m.pos.length / 3;
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const root = (i: number): number => (parent[i] === i ? i : (parent[i] = root(parent[i])));
  for (let t = 0; t < m.tri.length; t += 3) {
    const a = root(m.tri[t]);
    for (const k of [1, 2]) {
      const b = root(m.tri[t + k]);
      if (a !== b) parent[b] = a;
    }
  }
  return Int32Array.from({ length: n }, (_, i) => root(i));
}

export const P = (m: Mesh, i: number): V3 => [m.pos[3 * i], m.pos[3 * i + 1], m.pos[3 * i + 2]];
const dist = (a: V3, b: V3) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

/** Panel islands by name: front, back, right_sleeve, left_sleeve (the print area each contains). */
export function panels(m: Mesh, info: ModelInfo): Record<string, Set<number>> {
  const isl = islands(m);
  const out: Record<string, Set<number>> = {};
  for (const [name, id] of printAreaIslands(m.uv, isl, info.printAreas)) {
    out[name] = new Set(Array.from(isl.keys()).filter((i) => isl[i] === id));
  }
  return out;
}

/** Total length (cm) of the cut of the triangles of `set` by the plane n·p = d. */
function sectionLength(m: Mesh, set: Set<number>, n: V3, d: number, keep: (p: V3) => boolean = () => true): number {
  let total = 0;
  for (let t = 0; t < m.tri.length; t += 3) {
    const ids = [m.tri[t], m.tri[t + 1], m.tri[t + 2]];
    if (!set.has(ids[0])) continue;
    const p = ids.map((i) => P(m, i));
    const s = p.map((q) => q[0] * n[0] + q[1] * n[1] + q[2] * n[2] - d);
    const cut: V3[] = [];
    for (const [a, b] of [[0, 1], [1, 2], [2, 0]]) {
      if ((s[a] < 0) === (s[b] < 0)) continue;
      const f = s[a] / (s[a] - s[b]);
      cut.push([p[a][0] + (p[b][0] - p[a][0]) * f, p[a][1] + (p[b][1] - p[a][1]) * f, p[a][2] + (p[b][2] - p[a][2]) * f]);
    }
    if (cut.length === 2 && keep(cut[0]) && keep(cut[1])) total += dist(cut[0], cut[1]);
  }
  return total * 100;
}

/** Vertices of `a` that sit on a vertex of `b` (a seam between the two panels). */
export function seamVerts(m: Mesh, a: Set<number>, b: Set<number>): number[] {
  const key = (i: number) => P(m, i).map((c) => Math.round(c * 2000)).join(",");
  const inB = new Set(Array.from(b, key));
  return Array.from(a).filter((i) => inB.has(key(i)));
}

/** Length (cm) of the path on the surface of `set` where UV coordinate `axis` (0 = u, 1 = v) equals `c` (a
 * straight grain line of the cut panel); `planar`: of its shadow on the XY plane (a tape laid along it on a table). */
export function isoLength(m: Mesh, set: Set<number>, axis: 0 | 1, c: number, planar = false): number {
  let total = 0;
  for (let t = 0; t < m.tri.length; t += 3) {
    const ids = [m.tri[t], m.tri[t + 1], m.tri[t + 2]];
    if (!set.has(ids[0])) continue;
    const s = ids.map((i) => m.uv[2 * i + axis] - c);
    const cut: V3[] = [];
    for (const [a, b] of [[0, 1], [1, 2], [2, 0]]) {
      if ((s[a] < 0) === (s[b] < 0)) continue;
      const f = s[a] / (s[a] - s[b]);
      const pa = P(m, ids[a]), pb = P(m, ids[b]);
      cut.push([pa[0] + (pb[0] - pa[0]) * f, pa[1] + (pb[1] - pa[1]) * f, planar ? 0 : pa[2] + (pb[2] - pa[2]) * f]);
    }
    if (cut.length === 2) total += dist(cut[0], cut[1]);
  }
  return total * 100;
}

const isoULength = (m: Mesh, set: Set<number>, u: number) => isoLength(m, set, 0, u);

/** The hood's panels (islands holding no print area): the two side panels (largest) and the centre strip. */
export function hoodPanels(m: Mesh, named: Set<number>[]): { sides: Set<number>[]; strip: Set<number> } | null {
  const isl = islands(m);
  const taken = new Set<number>();
  for (const s of named) for (const i of s) taken.add(i);
  const groups = new Map<number, Set<number>>();
  for (let i = 0; i < isl.length; i++) if (!taken.has(i)) (groups.get(isl[i]) ?? groups.set(isl[i], new Set()).get(isl[i])!).add(i);
  const big = [...groups.values()].filter((g) => g.size > 20).sort((a, b) => b.size - a.size);
  if (big.length < 3) return null;
  return { sides: big.slice(0, 2), strip: big[2] };
}

function hoodHeight(m: Mesh, hood: { sides: Set<number>[]; strip: Set<number> }): number {
  // side panel: the straight grain (iso-u) line through the crown's highest point (glTF v is down: least v)
  const side = hood.sides.map((s) => {
    const top = [...s].reduce((a, b) => (m.uv[2 * b + 1] < m.uv[2 * a + 1] ? b : a));
    return isoULength(m, s, m.uv[2 * top]);
  });
  // centre strip: its width across the middle of its length (iso-v), half of it over the top
  let lo = Infinity, hi = -Infinity;
  for (const i of hood.strip) [lo, hi] = [Math.min(lo, m.uv[2 * i + 1]), Math.max(hi, m.uv[2 * i + 1])];
  const strip = isoLength(m, hood.strip, 1, (lo + hi) / 2);
  return (side[0] + side[1]) / 2 + strip / 2;
}

export function flatMeasures(m: Mesh, info: ModelInfo): FlatMeasures {
  const p = panels(m, info);
  const body = new Set([...p.front, ...p.back]);
  const sleeves = new Set([...p.right_sleeve, ...p.left_sleeve]);
  // underarm: the lowest point of the armhole seams
  const arm = seamVerts(m, body, sleeves);
  const zUnder = Math.min(...arm.map((i) => P(m, i)[2]));
  const chest = sectionLength(m, body, [0, 0, 1], zUnder - 0.0254) / 2;
  // shoulder seams: front vertices on back vertices above the underarm; HPS = the neck end (smallest |x|),
  // shoulder point = the outer end (largest |x|)
  const shoulderSeam = seamVerts(m, p.front, p.back).filter((i) => P(m, i)[2] > zUnder + 0.05);
  const hps = shoulderSeam.reduce((a, b) => (Math.abs(P(m, b)[0]) < Math.abs(P(m, a)[0]) ? b : a));
  const [xh] = P(m, hps);
  const length = sectionLength(m, p.front, [1, 0, 0], xh);
  // shoulder: the back's straight grain across at the shoulder points (the line the chart's shoulder is cut
  // along: a horizontal plane cut follows the back's wrap round the form instead, decision 132)
  const spBack = seamVerts(m, p.back, p.front).filter((i) => P(m, i)[2] > zUnder + 0.05);
  const outer = spBack.reduce((a, b) => (Math.abs(P(m, b)[0]) > Math.abs(P(m, a)[0]) ? b : a));
  const shoulder = isoLength(m, p.back, 1, m.uv[2 * outer + 1]);
  // sleeve top fold: the sleeve's centre line in UV (the pattern's s = w / 2)
  const sleeveLen = (s: Set<number>) => {
    let lo = Infinity, hi = -Infinity;
    for (const i of s) [lo, hi] = [Math.min(lo, m.uv[2 * i]), Math.max(hi, m.uv[2 * i])];
    return isoULength(m, s, (lo + hi) / 2);
  };
  const sleeve = (sleeveLen(p.right_sleeve) + sleeveLen(p.left_sleeve)) / 2;
  const hood = hoodPanels(m, Object.values(p));
  return { chest, length, shoulder, sleeve, ...(hood ? { hood: hoodHeight(m, hood) } : {}) };
}
