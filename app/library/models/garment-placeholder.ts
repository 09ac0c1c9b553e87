/**
 * Stand-in garments used only when the Blender-draped GLBs (app/library/garments/) are absent: a flat
 * shirt outline, gently padded, with a front and a back UV island. Front faces +Z; the wearer's left
 * sleeve is at +X.
 */
import type { ModelInfo } from "../../contracts/model-info";
import { buildDocument, PartBuilder, type UvRect, type Vec3 } from "../mesh-builder";
import { printAreaSpec } from "../print-area-data";
import { linear } from "./colors";

type Pt = [number, number];

/** Right halves of the outlines (x ≥ 0), from the hem centre round to the neckline centre, metres. */
const OUTLINES: Record<"tee" | "hoodie", Pt[]> = {
  tee: [[0, 0], [0.26, 0], [0.26, 0.49], [0.4, 0.4], [0.46, 0.52], [0.21, 0.7], [0.085, 0.72], [0.04, 0.68], [0, 0.665]],
  hoodie: [[0, 0], [0.28, 0], [0.28, 0.47], [0.5, 0.04], [0.59, 0.09], [0.23, 0.68], [0.09, 0.72], [0.05, 0.69], [0, 0.68]],
};

const CELL = 0.02;
const PAD = 0.035; // how far the padded middle stands out from the seam

function fullOutline(kind: "tee" | "hoodie"): Pt[] {
  const right = OUTLINES[kind];
  const left = right.slice(1, -1).reverse().map(([x, y]) => [-x, y] as Pt);
  return [...right, ...left];
}

function inside(p: Pt, poly: Pt[]): boolean {
  let c = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [xi, yi] = poly[i];
    const [xj, yj] = poly[j];
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) c = !c;
  }
  return c;
}

function nearestOnOutline(p: Pt, poly: Pt[]): { q: Pt; d: number } {
  let best: Pt = poly[0];
  let bd = Infinity;
  for (let i = 0; i < poly.length; i++) {
    const a = poly[i];
    const b = poly[(i + 1) % poly.length];
    const abx = b[0] - a[0], aby = b[1] - a[1];
    const t = Math.max(0, Math.min(1, ((p[0] - a[0]) * abx + (p[1] - a[1]) * aby) / (abx * abx + aby * aby)));
    const q: Pt = [a[0] + t * abx, a[1] + t * aby];
    const d = Math.hypot(p[0] - q[0], p[1] - q[1]);
    if (d < bd) {
      bd = d;
      best = q;
    }
  }
  return { q: best, d: bd };
}

interface Layout {
  outline: Pt[];
  minX: number;
  maxX: number;
  maxY: number;
  scale: number;
  front: UvRect;
  back: UvRect;
}

function layout(kind: "tee" | "hoodie"): Layout {
  const outline = fullOutline(kind);
  const xs = outline.map((p) => p[0]);
  const ys = outline.map((p) => p[1]);
  const minX = Math.min(...xs), maxX = Math.max(...xs), maxY = Math.max(...ys), minY = Math.min(...ys);
  const scale = Math.min(0.46 / (maxX - minX), 0.96 / (maxY - minY));
  const front = { u0: 0.02, v0: 0.02, u1: 0.02 + (maxX - minX) * scale, v1: 0.02 + (maxY - minY) * scale };
  const back = { u0: 0.51, v0: 0.02, u1: 0.51 + (maxX - minX) * scale, v1: front.v1 };
  return { outline, minX, maxX, maxY, scale, front, back };
}

/** UV rect on the front (or back) island for a region given in garment metres. */
function areaUv(l: Layout, side: "front" | "back", x0: number, y0: number, x1: number, y1: number): ModelInfo["printAreas"][number]["uv"] {
  const v0 = l.front.v0 + (l.maxY - y1) * l.scale;
  const v1 = l.front.v0 + (l.maxY - y0) * l.scale;
  if (side === "front") return { u0: l.front.u0 + (x0 - l.minX) * l.scale, v0, u1: l.front.u0 + (x1 - l.minX) * l.scale, v1 };
  return { u0: l.back.u0 + (l.maxX - x1) * l.scale, v0, u1: l.back.u0 + (l.maxX - x0) * l.scale, v1 };
}

/** A print area of the data file's size whose bottom edge is at y0 (m), centred at x (m). */
function area(l: Layout, kind: "tee" | "hoodie", name: string, side: "front" | "back", y0: number, x = 0): ModelInfo["printAreas"][number] {
  const { widthCm, heightCm } = printAreaSpec(kind, name);
  const w = widthCm / 200, h = heightCm / 100;
  return { name, uv: areaUv(l, side, x - w, y0, x + w, y0 + h), widthCm, heightCm };
}

export function placeholderInfo(kind: "tee" | "hoodie"): ModelInfo {
  const l = layout(kind);
  const tee = kind === "tee";
  return {
    name: kind,
    title: tee ? "T-shirt (built-in shape)" : "Hoodie (built-in shape)",
    productType: tee ? "tshirt" : "hoodie",
    licence: "built-in",
    author: "Mockup Pipeline",
    tintMaterials: ["fabric"],
    // the same centimetre sizes as the draped garments (print-areas.json), placed on this flat shape
    printAreas: tee
      ? [area(l, kind, "front", "front", 0.2), area(l, kind, "back", "back", 0.24), area(l, kind, "left_sleeve", "front", 0.48, 0.36)]
      : [area(l, kind, "front", "front", 0.24), area(l, kind, "back", "back", 0.22)],
  };
}

export function buildPlaceholderGarment(kind: "tee" | "hoodie") {
  const l = layout(kind);
  const part = new PartBuilder("fabric");
  const nx = Math.ceil((l.maxX - l.minX) / CELL);
  const ny = Math.ceil(l.maxY / CELL);
  const cellIn = (i: number, j: number) => i >= 0 && j >= 0 && i < nx && j < ny && inside([l.minX + (i + 0.5) * CELL, (j + 0.5) * CELL], l.outline);
  // grid corners: boundary corners snap onto the outline (z = 0 there, so front and back meet at the seam)
  const corner = new Map<string, { p: Pt; pad: number }>();
  const cornerAt = (i: number, j: number) => {
    const key = `${i},${j}`;
    let c = corner.get(key);
    if (!c) {
      const p: Pt = [l.minX + i * CELL, j * CELL];
      const boundary = !(cellIn(i - 1, j - 1) && cellIn(i, j - 1) && cellIn(i - 1, j) && cellIn(i, j));
      const near = nearestOnOutline(p, l.outline);
      c = boundary ? { p: near.q, pad: 0 } : { p, pad: PAD * Math.sqrt(Math.min(1, near.d / 0.12)) };
      corner.set(key, c);
    }
    return c;
  };
  for (const side of [1, -1] as const) {
    const ids = new Map<string, number>();
    const vid = (i: number, j: number) => {
      const key = `${i},${j}`;
      let id = ids.get(key);
      if (id === undefined) {
        const { p, pad } = cornerAt(i, j);
        const uv: [number, number] = side > 0
          ? [l.front.u0 + (p[0] - l.minX) * l.scale, l.front.v0 + (l.maxY - p[1]) * l.scale]
          : [l.back.u0 + (l.maxX - p[0]) * l.scale, l.back.v0 + (l.maxY - p[1]) * l.scale];
        id = part.vertex([p[0], p[1], side * pad] as Vec3, [0, 0, side], uv);
        ids.set(key, id);
      }
      return id;
    };
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        if (!cellIn(i, j)) continue;
        const a = vid(i, j + 1), b = vid(i + 1, j + 1), c = vid(i, j), d = vid(i + 1, j);
        // counter-clockwise seen from the side the panel faces; snapping can fold a seam triangle: drop it
        const tri = (x: number, y: number, z: number) => {
          const P = part.positions;
          const ux = P[y * 3] - P[x * 3], uy = P[y * 3 + 1] - P[x * 3 + 1];
          const vx = P[z * 3] - P[x * 3], vy = P[z * 3 + 1] - P[x * 3 + 1];
          if ((ux * vy - uy * vx) * side > 1e-9) part.tri(x, y, z);
        };
        if (side > 0) {
          tri(a, c, b);
          tri(b, c, d);
        } else {
          tri(a, b, c);
          tri(b, d, c);
        }
      }
    }
  }
  part.dropDegenerate();
  part.computeNormals();
  return buildDocument(kind, [part], [{ name: "fabric", color: linear("#FFFFFF"), roughness: 0.9 }]);
}
