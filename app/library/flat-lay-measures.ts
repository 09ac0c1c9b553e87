/**
 * A size chart's measurements taken as a tape measure takes them on a garment laid flat on a table (the
 * flat-lay drape of blender/garment/flatten.py: table normal +Z in Blender's axes, collar towards +Y): straight
 * lines in the table's plane between landmarks found from the seams, not lengths along the cloth.
 */
import type { ModelInfo } from "../contracts/model-info";
import { CM_PER_INCH } from "../contracts/print-units";
import { hoodPanels, P, panels, seamVerts, type FlatMeasures, type Mesh, type V3 } from "./flat-measures";

const planar = (a: V3, b: V3) => Math.hypot(a[0] - b[0], a[1] - b[1]) * 100;

/** Where the triangles of `set` cross the line {p : p[axis] = c} in the table plane: the crossing points. */
function crossings(m: Mesh, set: Set<number>, axis: 0 | 1, c: number): V3[] {
  const out: V3[] = [];
  for (let t = 0; t < m.tri.length; t += 3) {
    const ids = [m.tri[t], m.tri[t + 1], m.tri[t + 2]];
    if (!set.has(ids[0])) continue;
    const p = ids.map((i) => P(m, i));
    for (const [a, b] of [[0, 1], [1, 2], [2, 0]]) {
      const sa = p[a][axis] - c, sb = p[b][axis] - c;
      if ((sa < 0) === (sb < 0)) continue;
      const f = sa / (sa - sb);
      out.push([p[a][0] + (p[b][0] - p[a][0]) * f, p[a][1] + (p[b][1] - p[a][1]) * f, p[a][2] + (p[b][2] - p[a][2]) * f]);
    }
  }
  return out;
}

/**
 * Length (cm) of a tape laid on the table along the line where UV coordinate `axis` equals `c` (a fold line of the
 * cut, such as a sleeve's top). Where a fold runs across the mesh's triangles its edge zig-zags by up to half a
 * triangle from one vertex to the next, and the shadow of that zig-zag on the table reads long (a hoodie sleeve's
 * top fold +8-14 %); a tape follows the fold's line. So the points where the line crosses the triangles are taken in
 * order along it (by the other UV coordinate) and each is averaged with `window` neighbours either side before the
 * lengths between them are added; the ends stay where they are. The result barely moves between windows 1 and 4.
 */
export function foldLength(m: Mesh, set: Set<number>, axis: 0 | 1, c: number, window = 2): number {
  const pts: [number, number, number][] = []; // [other UV coordinate, x, y]
  for (let t = 0; t < m.tri.length; t += 3) {
    const ids = [m.tri[t], m.tri[t + 1], m.tri[t + 2]];
    if (!set.has(ids[0])) continue;
    const s = ids.map((i) => m.uv[2 * i + axis] - c);
    for (const [a, b] of [[0, 1], [1, 2], [2, 0]]) {
      if ((s[a] < 0) === (s[b] < 0)) continue;
      const f = s[a] / (s[a] - s[b]);
      const pa = P(m, ids[a]), pb = P(m, ids[b]);
      const w = m.uv[2 * ids[a] + 1 - axis] + (m.uv[2 * ids[b] + 1 - axis] - m.uv[2 * ids[a] + 1 - axis]) * f;
      pts.push([w, pa[0] + (pb[0] - pa[0]) * f, pa[1] + (pb[1] - pa[1]) * f]);
    }
  }
  pts.sort((p, q) => p[0] - q[0]);
  // an edge's crossing is found from both triangles that share it: keep one
  const line = pts.filter((p, i) => i === 0 || Math.abs(p[0] - pts[i - 1][0]) > 1e-7);
  const smooth = line.map((p, i) => {
    const k = Math.min(window, i, line.length - 1 - i);
    const seg = line.slice(i - k, i + k + 1);
    return [p[0], seg.reduce((a, q) => a + q[1], 0) / seg.length, seg.reduce((a, q) => a + q[2], 0) / seg.length];
  });
  let total = 0;
  for (let i = 1; i < smooth.length; i++) total += Math.hypot(smooth[i][1] - smooth[i - 1][1], smooth[i][2] - smooth[i - 1][2]);
  return total * 100;
}

const extent = (pts: V3[], axis: 0 | 1) => (Math.max(...pts.map((p) => p[axis])) - Math.min(...pts.map((p) => p[axis]))) * 100;

/** Measures of a flat-lay GLB (read with readGarmentMesh), in cm, as FlatMeasures defines each. */
export function flatLayMeasures(m: Mesh, info: ModelInfo): FlatMeasures {
  const p = panels(m, info);
  const body = new Set([...p.front, ...p.back]);
  const sleeves = new Set([...p.right_sleeve, ...p.left_sleeve]);
  const armhole = seamVerts(m, body, sleeves);
  // the pits: each armhole's point furthest from the collar (least y)
  const pit = (side: number) => Math.min(...armhole.filter((i) => Math.sign(P(m, i)[0]) === side).map((i) => P(m, i)[1]));
  const yPit = (pit(1) + pit(-1)) / 2;
  // chest: straight across the body one inch below the pits
  const chest = extent(crossings(m, body, 1, yPit - CM_PER_INCH / 100), 0);
  // shoulder seams: front on back, above the pits; HPS = neck end (least |x|), shoulder point = outer end
  const seam = seamVerts(m, p.front, p.back).filter((i) => P(m, i)[1] > yPit + 0.05);
  const end = (side: number, outer: boolean) =>
    seam.filter((i) => Math.sign(P(m, i)[0]) === side).reduce((a, b) => ((Math.abs(P(m, b)[0]) > Math.abs(P(m, a)[0])) === outer ? b : a));
  const hps = [end(1, false), end(-1, false)].map((i) => P(m, i));
  const sp = [end(1, true), end(-1, true)].map((i) => P(m, i));
  // length: from the HPS straight down to the hem (the front's lowest crossing of the line through the HPS)
  const length = hps.map((h) => (h[1] - Math.min(...crossings(m, p.front, 0, h[0]).map((q) => q[1]))) * 100).reduce((a, b) => a + b) / 2;
  const shoulder = planar(sp[0], sp[1]);
  // sleeve: shoulder seam to cuff along the top fold, as a tape follows it on the table (the sleeve's centre
  // line in UV, the pattern's s = w / 2, runs from the crown at the shoulder point to the hem; foldLength)
  const sleeveLen = (s: Set<number>) => {
    let lo = Infinity, hi = -Infinity;
    for (const i of s) [lo, hi] = [Math.min(lo, m.uv[2 * i]), Math.max(hi, m.uv[2 * i])];
    return foldLength(m, s, 0, (lo + hi) / 2);
  };
  const sleeve = (sleeveLen(p.right_sleeve) + sleeveLen(p.left_sleeve)) / 2;
  const hood = hoodPanels(m, Object.values(p));
  return { chest, length, shoulder, sleeve, ...(hood ? { hood: hoodHeight(m, hood) } : {}) };
}

/** Hood laid flat above the collar: its extent from the neck seam (its lowest point) to its top. */
function hoodHeight(m: Mesh, hood: { sides: Set<number>[]; strip: Set<number> }): number {
  const ys = [...hood.sides[0], ...hood.sides[1], ...hood.strip].map((i) => P(m, i)[1]);
  return (Math.max(...ys) - Math.min(...ys)) * 100;
}
