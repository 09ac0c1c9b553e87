/**
 * Which pattern panel holds each print area: the UV island of the vertex nearest (in UV) to the centre of the
 * area's UV rectangle. Each pattern panel is its own UV island (vertices are split at seams), so this names the
 * panels of a garment mesh; flat-measures.ts and construction/construct.ts both need it.
 */
import type { ModelInfo } from "../contracts/model-info";

/** Index of the vertex whose UV (pairs in `uv`) lies nearest to (u, v); -1 when there is no vertex. */
export function nearestUvVertex(uv: ArrayLike<number>, u: number, v: number): number {
  let best = -1, bd = Infinity;
  for (let i = 0; i < uv.length / 2; i++) {
    const d = Math.hypot(uv[2 * i] - u, uv[2 * i + 1] - v);
    if (d < bd) [bd, best] = [d, i];
  }
  return best;
}

/** Island id (from `island`, one per vertex) of each print area, by the area's name. */
export function printAreaIslands(uv: ArrayLike<number>, island: ArrayLike<number>, printAreas: ModelInfo["printAreas"]): Map<string, number> {
  const out = new Map<string, number>();
  for (const a of printAreas) {
    out.set(a.name, island[nearestUvVertex(uv, (a.uv.u0 + a.uv.u1) / 2, (a.uv.v0 + a.uv.v1) / 2)]);
  }
  return out;
}
