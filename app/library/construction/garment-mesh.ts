/**
 * A draped garment's mesh as construction reads it: positions (metres, glTF Y-up), normals and UVs of one
 * primitive, its pattern panels (UV islands: vertices are split at seams, so every panel is its own island)
 * and the open edges of each panel (hems, cuffs, neck, the hood's face opening) as ordered UV chains.
 * Because the UVs are the flat pattern at one scale (cm per UV unit), a distance in UV is a distance on the
 * cloth: construction lays bands, pockets and stitch lines out in UV and lifts them onto the drape with
 * `locate`.
 */
export type V3 = [number, number, number];
export type V2 = [number, number];

export interface GarmentMesh {
  pos: Float32Array;
  nrm: Float32Array;
  uv: Float32Array;
  tri: Uint32Array;
  /** island id per vertex */
  island: Int32Array;
  /** cm of cloth per UV unit */
  cmPerUv: number;
}

export interface Surface {
  position: V3;
  normal: V3;
}

export function garmentMesh(pos: Float32Array, nrm: Float32Array, uv: Float32Array, tri: Uint32Array, cmPerUv: number): GarmentMesh {
  const n = pos.length / 3;
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const root = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]];
    return i;
  };
  for (let t = 0; t < tri.length; t += 3) {
    const a = root(tri[t]);
    for (const k of [1, 2]) {
      const b = root(tri[t + k]);
      if (a !== b) parent[b] = a;
    }
  }
  return { pos, nrm, uv, tri, island: Int32Array.from({ length: n }, (_, i) => root(i)), cmPerUv };
}

const posKey = (m: GarmentMesh, i: number) => `${Math.round(m.pos[3 * i] * 2e4)},${Math.round(m.pos[3 * i + 1] * 2e4)},${Math.round(m.pos[3 * i + 2] * 2e4)}`;

/**
 * Open edges of the garment (used by one triangle even after the seams are welded by position), chained
 * per island into ordered vertex lists. Seams (UV borders that are stitched in 3D) are not open.
 */
export function openChains(m: GarmentMesh): { island: number; verts: number[] }[] {
  const byPos = new Map<string, number>();
  const weld = new Int32Array(m.pos.length / 3);
  for (let i = 0; i < weld.length; i++) {
    const k = posKey(m, i);
    if (!byPos.has(k)) byPos.set(k, i);
    weld[i] = byPos.get(k)!;
  }
  const welded = new Map<string, number>();
  const ek = (a: number, b: number) => (a < b ? `${a},${b}` : `${b},${a}`);
  for (let t = 0; t < m.tri.length; t += 3) {
    for (const [a, b] of [[0, 1], [1, 2], [2, 0]]) {
      const k = ek(weld[m.tri[t + a]], weld[m.tri[t + b]]);
      welded.set(k, (welded.get(k) ?? 0) + 1);
    }
  }
  const next = new Map<number, number[]>();
  for (let t = 0; t < m.tri.length; t += 3) {
    for (const [a, b] of [[0, 1], [1, 2], [2, 0]]) {
      const i = m.tri[t + a];
      const j = m.tri[t + b];
      if (welded.get(ek(weld[i], weld[j])) !== 1) continue;
      next.set(i, [...(next.get(i) ?? []), j]);
      next.set(j, [...(next.get(j) ?? []), i]);
    }
  }
  const seen = new Set<number>();
  const chains: { island: number; verts: number[] }[] = [];
  for (const start of next.keys()) {
    if (seen.has(start)) continue;
    // walk to one end first (a chain of a panel ends where the opening crosses a seam)
    let end = start;
    const guard = new Set<number>([start]);
    for (;;) {
      const nb = (next.get(end) ?? []).filter((x) => !guard.has(x));
      if (!nb.length || (next.get(end) ?? []).length !== 2) break;
      end = nb[0];
      guard.add(end);
      if (guard.size > 100000) break;
    }
    const verts = [end];
    seen.add(end);
    for (;;) {
      const nb = (next.get(verts[verts.length - 1]) ?? []).filter((x) => !seen.has(x));
      if (!nb.length) break;
      verts.push(nb[0]);
      seen.add(nb[0]);
    }
    if (verts.length > 1) chains.push({ island: m.island[verts[0]], verts });
  }
  return chains;
}

/** UV → surface lookup through a bucket grid over the UV triangles. */
export class Locator {
  private grid = new Map<number, number[]>();
  private readonly cells = 256;

  constructor(private m: GarmentMesh) {
    for (let t = 0; t < m.tri.length; t += 3) {
      const us = [0, 1, 2].map((k) => m.uv[2 * m.tri[t + k]]);
      const vs = [0, 1, 2].map((k) => m.uv[2 * m.tri[t + k] + 1]);
      const [c0, c1] = [Math.floor(Math.min(...us) * this.cells), Math.floor(Math.max(...us) * this.cells)];
      const [r0, r1] = [Math.floor(Math.min(...vs) * this.cells), Math.floor(Math.max(...vs) * this.cells)];
      for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) {
        const k = r * 4096 + c;
        const list = this.grid.get(k);
        if (list) list.push(t);
        else this.grid.set(k, [t]);
      }
    }
  }

  /** The surface at (u, v) on `island` (or any), or undefined when the point is off the pattern. */
  locate(u: number, v: number, island?: number, tolerance = 1e-4): Surface | undefined {
    const m = this.m;
    const list = this.grid.get(Math.floor(v * this.cells) * 4096 + Math.floor(u * this.cells)) ?? [];
    for (const t of list) {
      const [a, b, c] = [m.tri[t], m.tri[t + 1], m.tri[t + 2]];
      if (island !== undefined && m.island[a] !== island) continue;
      const [ax, ay, bx, by, cx, cy] = [m.uv[2 * a], m.uv[2 * a + 1], m.uv[2 * b], m.uv[2 * b + 1], m.uv[2 * c], m.uv[2 * c + 1]];
      const d = (by - cy) * (ax - cx) + (cx - bx) * (ay - cy);
      if (Math.abs(d) < 1e-14) continue;
      const l1 = ((by - cy) * (u - cx) + (cx - bx) * (v - cy)) / d;
      const l2 = ((cy - ay) * (u - cx) + (ax - cx) * (v - cy)) / d;
      const l3 = 1 - l1 - l2;
      if (l1 < -tolerance || l2 < -tolerance || l3 < -tolerance) continue;
      const w = [l1, l2, l3];
      const ids = [a, b, c];
      const position: V3 = [0, 0, 0];
      const normal: V3 = [0, 0, 0];
      for (let k = 0; k < 3; k++) for (let q = 0; q < 3; q++) {
        position[q] += w[k] * m.pos[3 * ids[k] + q];
        normal[q] += w[k] * m.nrm[3 * ids[k] + q];
      }
      return { position, normal: normalize(normal) };
    }
    return undefined;
  }
}

export function normalize(v: V3): V3 {
  const l = Math.hypot(v[0], v[1], v[2]) || 1;
  return [v[0] / l, v[1] / l, v[2] / l];
}

export const add = (a: V3, b: V3, s = 1): V3 => [a[0] + b[0] * s, a[1] + b[1] * s, a[2] + b[2] * s];
export const sub = (a: V3, b: V3): V3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
export const cross = (a: V3, b: V3): V3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
export const dot = (a: V3, b: V3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];

/** A UV polyline resampled every `stepUv` (ends kept). */
export function resample(pts: V2[], stepUv: number): V2[] {
  const out: V2[] = [pts[0]];
  let carry = 0;
  for (let i = 1; i < pts.length; i++) {
    const [a, b] = [pts[i - 1], pts[i]];
    const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
    let s = stepUv - carry;
    while (s <= len) {
      out.push([a[0] + ((b[0] - a[0]) * s) / len, a[1] + ((b[1] - a[1]) * s) / len]);
      s += stepUv;
    }
    carry = len - (s - stepUv);
  }
  const last = pts[pts.length - 1];
  const tail = out[out.length - 1];
  if (Math.hypot(last[0] - tail[0], last[1] - tail[1]) > stepUv * 0.3) out.push(last);
  else out[out.length - 1] = last;
  return out;
}
