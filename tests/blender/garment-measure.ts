/**
 * Flat-lay measurements of a draped garment GLB, taken along the cloth: a knit that is not stretched measures
 * the same along its surface on the form as laid flat on a table (chest = half the cloth's girth, lengths =
 * surface paths). Panels are found as UV islands (each pattern panel is its own island: vertices are split at
 * seams), named by the print area whose UV rectangle they hold.
 */
import type { ModelInfo } from "../../app/models/types";
import type { Mesh } from "./helpers";

export interface FlatMeasures {
  /** cm, pit to pit: half the body's girth 2.54 cm below the underarm */
  chest: number;
  /** cm, high point of the shoulder to the hem, down the front */
  length: number;
  /** cm, shoulder point to shoulder point across the back */
  shoulder: number;
  /** cm, shoulder seam to sleeve hem along the sleeve's top fold (mean of both) */
  sleeve: number;
}

type V3 = [number, number, number];

function islands(m: Mesh): Int32Array {
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

const P = (m: Mesh, i: number): V3 => [m.pos[3 * i], m.pos[3 * i + 1], m.pos[3 * i + 2]];
const dist = (a: V3, b: V3) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

/** Panel islands by name: front, back, right_sleeve, left_sleeve (the print area each contains). */
export function panels(m: Mesh, info: ModelInfo): Record<string, Set<number>> {
  const isl = islands(m);
  const out: Record<string, Set<number>> = {};
  for (const a of info.printAreas) {
    const cu = (a.uv.u0 + a.uv.u1) / 2, cv = (a.uv.v0 + a.uv.v1) / 2;
    let best = -1, bd = Infinity;
    for (let i = 0; i < m.uv.length / 2; i++) {
      const d = Math.hypot(m.uv[2 * i] - cu, m.uv[2 * i + 1] - cv);
      if (d < bd) [bd, best] = [d, i];
    }
    const id = isl[best];
    out[a.name] = new Set(Array.from(isl.keys()).filter((i) => isl[i] === id));
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
function seamVerts(m: Mesh, a: Set<number>, b: Set<number>): number[] {
  const key = (i: number) => P(m, i).map((c) => Math.round(c * 2000)).join(",");
  const inB = new Set(Array.from(b, key));
  return Array.from(a).filter((i) => inB.has(key(i)));
}

/** Length (cm) of the path on the surface of `set` where the UV coordinate u equals `u` (a straight grain line). */
function isoULength(m: Mesh, set: Set<number>, u: number): number {
  let total = 0;
  for (let t = 0; t < m.tri.length; t += 3) {
    const ids = [m.tri[t], m.tri[t + 1], m.tri[t + 2]];
    if (!set.has(ids[0])) continue;
    const s = ids.map((i) => m.uv[2 * i] - u);
    const cut: V3[] = [];
    for (const [a, b] of [[0, 1], [1, 2], [2, 0]]) {
      if ((s[a] < 0) === (s[b] < 0)) continue;
      const f = s[a] / (s[a] - s[b]);
      const pa = P(m, ids[a]), pb = P(m, ids[b]);
      cut.push([pa[0] + (pb[0] - pa[0]) * f, pa[1] + (pb[1] - pa[1]) * f, pa[2] + (pb[2] - pa[2]) * f]);
    }
    if (cut.length === 2) total += dist(cut[0], cut[1]);
  }
  return total * 100;
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
  const sp = shoulderSeam.reduce((a, b) => (Math.abs(P(m, b)[0]) > Math.abs(P(m, a)[0]) ? b : a));
  const [xh] = P(m, hps);
  const length = sectionLength(m, p.front, [1, 0, 0], xh);
  const zs = P(m, sp)[2];
  const xs = Math.abs(P(m, sp)[0]);
  const shoulder = sectionLength(m, p.back, [0, 0, 1], zs, (q) => Math.abs(q[0]) <= xs + 1e-4);
  // sleeve top fold: the sleeve's centre line in UV (the pattern's s = w / 2)
  const sleeveLen = (s: Set<number>) => {
    let lo = Infinity, hi = -Infinity;
    for (const i of s) [lo, hi] = [Math.min(lo, m.uv[2 * i]), Math.max(hi, m.uv[2 * i])];
    return isoULength(m, s, (lo + hi) / 2);
  };
  const sleeve = (sleeveLen(p.right_sleeve) + sleeveLen(p.left_sleeve)) / 2;
  return { chest, length, shoulder, sleeve };
}
