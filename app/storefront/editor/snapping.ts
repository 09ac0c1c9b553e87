/**
 * Snapping while a layer is dragged: its centre to the area's centre lines, its (axis-aligned) edges to the safe
 * area's edges, within a threshold in cm. Returns the snapped centre and the guides to draw. Pure.
 */
import type { Layer } from "../../contracts/design-document";
import { layerCorners, type SafeRect } from "../../designs/document/geometry";

export const DEFAULTS = {
  /** how close (cm) a centre or an edge must come to snap */
  thresholdCm: 0.6,
} as const;

export interface Guide {
  axis: "x" | "y";
  /** cm from the area's left (x) or top (y) */
  at: number;
  kind: "centre" | "edge";
}

export function snapLayer(l: Layer, area: { widthCm: number; heightCm: number }, safe: SafeRect, thresholdCm: number = DEFAULTS.thresholdCm): { xCm: number; yCm: number; guides: Guide[] } {
  const corners = layerCorners(l);
  const xs = corners.map((c) => c[0]), ys = corners.map((c) => c[1]);
  const halfW = (Math.max(...xs) - Math.min(...xs)) / 2, halfH = (Math.max(...ys) - Math.min(...ys)) / 2;
  const guides: Guide[] = [];
  const snap = (v: number, half: number, centre: number, lo: number, hi: number, axis: "x" | "y"): number => {
    const candidates: Array<[number, Guide]> = [
      [centre, { axis, at: centre, kind: "centre" }],
      [lo + half, { axis, at: lo, kind: "edge" }],
      [hi - half, { axis, at: hi, kind: "edge" }],
    ];
    let best: [number, Guide] | null = null;
    let bestD = thresholdCm;
    for (const [target, g] of candidates) {
      const d = Math.abs(v - target);
      if (d <= bestD) {
        bestD = d;
        best = [target, g];
      }
    }
    if (!best) return v;
    guides.push(best[1]);
    return best[0];
  };
  const xCm = snap(l.xCm, halfW, area.widthCm / 2, safe.xCm, safe.xCm + safe.widthCm, "x");
  const yCm = snap(l.yCm, halfH, area.heightCm / 2, safe.yCm, safe.yCm + safe.heightCm, "y");
  return { xCm, yCm, guides };
}
