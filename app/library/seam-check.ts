/**
 * Seam checks of a draped garment mesh (used by tests/blender/garments.test.ts and `mockup blender drape`, which
 * refuses a drape whose seams tore): vertices welded within a tolerance, then the open boundary loops counted.
 */
import type { Mesh } from "./flat-measures";

/** Open boundary loops of a whole garment: tee neck, hem and two cuffs; hoodie hood opening, hem and two cuffs. */
export const OPENINGS = { tee: 4, hoodie: 4 } as const;

/** Union vertices closer than tol (m); returns a representative per vertex. */
export function weld(m: Mesh, tol: number): Int32Array {
  const n = m.pos.length / 3;
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  if (tol <= 0) return parent;
  const root = (i: number): number => (parent[i] === i ? i : (parent[i] = root(parent[i])));
  const grid = new Map<string, number[]>();
  const cell = (v: number) => Math.floor(v / tol);
  for (let i = 0; i < n; i++) {
    const [x, y, z] = [m.pos[3 * i], m.pos[3 * i + 1], m.pos[3 * i + 2]];
    for (let dx = -1; dx <= 1; dx++)
      for (let dy = -1; dy <= 1; dy++)
        for (let dz = -1; dz <= 1; dz++) {
          for (const j of grid.get(`${cell(x) + dx},${cell(y) + dy},${cell(z) + dz}`) ?? []) {
            if (Math.hypot(x - m.pos[3 * j], y - m.pos[3 * j + 1], z - m.pos[3 * j + 2]) < tol) parent[root(i)] = root(j);
          }
        }
    const k = `${cell(x)},${cell(y)},${cell(z)}`;
    grid.set(k, [...(grid.get(k) ?? []), i]);
  }
  return Int32Array.from({ length: n }, (_, i) => root(i));
}

/** Boundary loops (edges used by one triangle) after welding seams within tol. */
export function openLoops(m: Mesh, tol: number): { loops: number; nonManifold: number; boundaryEdges: number } {
  const r = weld(m, tol);
  const count = new Map<string, number>();
  for (let t = 0; t < m.tri.length; t += 3) {
    for (const [a, b] of [[0, 1], [1, 2], [2, 0]]) {
      const i = r[m.tri[t + a]];
      const j = r[m.tri[t + b]];
      if (i === j) continue;
      const k = i < j ? `${i},${j}` : `${j},${i}`;
      count.set(k, (count.get(k) ?? 0) + 1);
    }
  }
  const adj = new Map<number, number[]>();
  let nonManifold = 0;
  let boundaryEdges = 0;
  for (const [k, c] of count) {
    if (c === 1) boundaryEdges++;
    if (c > 2) nonManifold++;
    if (c !== 1) continue;
    const [i, j] = k.split(",").map(Number);
    adj.set(i, [...(adj.get(i) ?? []), j]);
    adj.set(j, [...(adj.get(j) ?? []), i]);
  }
  const seen = new Set<number>();
  let loops = 0;
  for (const start of adj.keys()) {
    if (seen.has(start)) continue;
    loops++;
    const stack = [start];
    while (stack.length) {
      const v = stack.pop()!;
      if (seen.has(v)) continue;
      seen.add(v);
      stack.push(...(adj.get(v) ?? []));
    }
  }
  return { loops, nonManifold, boundaryEdges };
}


/** Vertices at one place (within 0.01 mm): where the export split the panels at their seams. */
export function coincidentGroups(m: Mesh): number[][] {
  const at = new Map<string, number[]>();
  for (let i = 0; i < m.pos.length / 3; i++) {
    const k = [0, 1, 2].map((c) => Math.round(m.pos[3 * i + c] * 1e5)).join(",");
    (at.get(k) ?? at.set(k, []).get(k)!).push(i);
  }
  return [...at.values()].filter((g) => g.length > 1);
}

/** Seams of `drape` that `moved` (the same vertices re-posed, e.g. laid flat) no longer holds closed within tol (m):
 * on a flat lay the layers lie millimetres apart, so welding by distance (openLoops) would join them. */
export function seamsOpened(drape: Mesh, moved: Mesh, tol = 1e-4): number {
  const p = moved.pos;
  return coincidentGroups(drape).filter((g) => g.some((i) => Math.hypot(p[3 * i] - p[3 * g[0]], p[3 * i + 1] - p[3 * g[0] + 1], p[3 * i + 2] - p[3 * g[0] + 2]) >= tol)).length;
}
