/**
 * Hoodie trims laid out on the pattern and lifted onto the drape: the kangaroo pocket (a patch over the front
 * with open, slanted hand openings), the hood's lining (a second layer inside the hood, so its opening shows
 * a thick, rolled edge), and the drawcord (two eyelets at the foot of the hood opening, a cord out of each
 * hanging down the chest).
 */
import { add, cross, normalize, sub, type GarmentMesh, type Locator, type V2, type V3 } from "./garment-mesh";
import type { Piece } from "./bands";

export interface PocketOptions {
  /** front panel's centre u, and the v of the pocket's bottom edge (glTF v, grows downwards) */
  centreU: number;
  bottomV: number;
  /** cm */
  bottomWidth: number;
  topWidth: number;
  height: number;
  /** mm the pocket stands off the body */
  lift: number;
}

/** The pocket: a grid over its trapezoid, lifted `lift` mm off the front, sunk to 0.6 mm at its sewn edges. */
export function pocket(m: GarmentMesh, loc: Locator, island: number, o: PocketOptions, piece: Piece): Piece {
  const cm = m.cmPerUv;
  const rows = Math.max(4, Math.round(o.height / 2));
  const cols = Math.max(6, Math.round(o.bottomWidth / 2));
  const base = piece.pos.length / 3;
  for (let r = 0; r <= rows; r++) {
    const t = r / rows; // 0 bottom .. 1 top
    const half = (o.bottomWidth + (o.topWidth - o.bottomWidth) * t) / 2;
    for (let c = 0; c <= cols; c++) {
      const s = c / cols;
      const u = o.centreU + ((s - 0.5) * 2 * half) / cm;
      const v = o.bottomV - (t * o.height) / cm;
      const surf = loc.locate(u, v, island, 1e-3);
      if (!surf) throw new Error("pocket: off the front panel");
      // sewn along the bottom, the top and across the middle (the kangaroo's centre line is open only at the sides)
      const edge = Math.min(t, 1 - t) * o.height;
      const sew = Math.min(1, edge / 1.2);
      const lift = (0.6 + (o.lift - 0.6) * sew) / 1000;
      piece.pos.push(...add(surf.position, surf.normal, lift));
      piece.nrm.push(...surf.normal);
      piece.uv.push(u, v);
    }
  }
  const W = cols + 1;
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) {
    const a = base + r * W + c;
    piece.idx.push(a, a + 1, a + W + 1, a, a + W + 1, a + W);
  }
  orientTo(piece, base, loc, island, [o.centreU, o.bottomV - o.height / 2 / cm]);
  return piece;
}

/** The hood lining: every hood triangle again, `depth` mm inside, facing in. */
export function lining(m: GarmentMesh, islands: Set<number>, depth: number, piece: Piece): Piece {
  const map = new Map<number, number>();
  for (let t = 0; t < m.tri.length; t += 3) {
    if (!islands.has(m.island[m.tri[t]])) continue;
    const ids = [m.tri[t], m.tri[t + 2], m.tri[t + 1]]; // reversed: faces the inside
    for (const i of ids) {
      if (!map.has(i)) {
        map.set(i, piece.pos.length / 3);
        const n: V3 = [m.nrm[3 * i], m.nrm[3 * i + 1], m.nrm[3 * i + 2]];
        piece.pos.push(...add([m.pos[3 * i], m.pos[3 * i + 1], m.pos[3 * i + 2]], n, -depth / 1000));
        piece.nrm.push(-n[0], -n[1], -n[2]);
        piece.uv.push(m.uv[2 * i], m.uv[2 * i + 1]);
      }
    }
    piece.idx.push(...ids.map((i) => map.get(i)!));
  }
  return piece;
}

/** A flat ring (an embroidered eyelet) of outer/inner radius in mm, raised `lift` mm, around surface point uv. */
export function eyelet(m: GarmentMesh, loc: Locator, island: number, at: V2, outer: number, inner: number, lift: number, piece: Piece): V3 {
  const s = loc.locate(at[0], at[1], island, 1e-3);
  if (!s) throw new Error("eyelet: off the hood");
  const n = s.normal;
  const e1 = normalize(cross(n, Math.abs(n[1]) < 0.9 ? [0, 1, 0] : [1, 0, 0]));
  const e2 = cross(n, e1);
  const seg = 12;
  const base = piece.pos.length / 3;
  for (let k = 0; k < seg; k++) {
    const a = (2 * Math.PI * k) / seg;
    for (const [r, h] of [[outer, lift * 0.4], [(outer + inner) / 2, lift], [inner, lift * 0.3]] as const) {
      const d = add(e1, e2, 0).map((_, q) => (Math.cos(a) * e1[q] + Math.sin(a) * e2[q]) * (r / 1000)) as V3;
      piece.pos.push(...add(add(s.position, d), n, h / 1000));
      piece.nrm.push(...n);
      piece.uv.push(at[0], at[1]);
    }
  }
  for (let k = 0; k < seg; k++) {
    const a = base + k * 3;
    const b = base + ((k + 1) % seg) * 3;
    for (let r = 0; r < 2; r++) piece.idx.push(a + r, b + r, b + r + 1, a + r, b + r + 1, a + r + 1);
  }
  return add(s.position, n, lift / 1000);
}

/** A round cord of radius `radius` mm through the points (metres), capped, with UVs along a hood strip. */
export function cord(path: V3[], radius: number, uvAt: V2, piece: Piece): Piece {
  const sides = 8;
  const base = piece.pos.length / 3;
  let prevE1: V3 | undefined;
  for (let i = 0; i < path.length; i++) {
    const t = normalize(sub(path[Math.min(path.length - 1, i + 1)], path[Math.max(0, i - 1)]));
    let e1 = prevE1 ? normalize(sub(prevE1, t.map((x) => x * (prevE1![0] * t[0] + prevE1![1] * t[1] + prevE1![2] * t[2])) as V3)) : normalize(cross(t, [0, 0, 1]));
    if (!Number.isFinite(e1[0])) e1 = [1, 0, 0];
    const e2 = cross(t, e1);
    prevE1 = e1;
    // the aglet: the last 1.5 cm is a little thicker
    const r = (i >= path.length - 2 ? radius * 1.25 : radius) / 1000;
    for (let k = 0; k < sides; k++) {
      const a = (2 * Math.PI * k) / sides;
      const d: V3 = [0, 1, 2].map((q) => Math.cos(a) * e1[q] + Math.sin(a) * e2[q]) as V3;
      piece.pos.push(...add(path[i], d, r));
      piece.nrm.push(...d);
      piece.uv.push(uvAt[0] + k * 1e-4, uvAt[1] + i * 2e-4);
    }
  }
  for (let i = 0; i + 1 < path.length; i++) for (let k = 0; k < sides; k++) {
    const a = base + i * sides + k;
    const b = base + i * sides + ((k + 1) % sides);
    piece.idx.push(a, b, b + sides, a, b + sides, a + sides);
  }
  // end cap
  const end = path.length - 1;
  for (let k = 1; k + 1 < sides; k++) piece.idx.push(base + end * sides, base + end * sides + k + 1, base + end * sides + k);
  return piece;
}

/** Flip the triangles added since `base` when they face into the body at a probe point. */
function orientTo(piece: Piece, base: number, loc: Locator, island: number, probe: V2) {
  const s = loc.locate(probe[0], probe[1], island, 1e-3);
  if (!s) return;
  const first = piece.idx.findIndex((x, i) => i % 3 === 0 && x >= base);
  if (first < 0) return;
  const P = (j: number): V3 => [piece.pos[3 * j], piece.pos[3 * j + 1], piece.pos[3 * j + 2]];
  const [a, b, c] = [piece.idx[first], piece.idx[first + 1], piece.idx[first + 2]];
  const fn = cross(sub(P(b), P(a)), sub(P(c), P(a)));
  if (fn[0] * s.normal[0] + fn[1] * s.normal[1] + fn[2] * s.normal[2] >= 0) return;
  for (let t = first; t < piece.idx.length; t += 3) {
    const x = piece.idx[t + 1];
    piece.idx[t + 1] = piece.idx[t + 2];
    piece.idx[t + 2] = x;
  }
}
