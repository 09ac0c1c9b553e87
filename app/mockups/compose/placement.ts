/**
 * Where a design sits in a print area. Accepts the product job's placement (fractions, see placementSchema in
 * app/pipeline/pipelines/product.ts) and a superset with centimetres: `widthCm` overrides `scale`,
 * `offsetXCm`/`offsetYCm` override the fractional offsets.
 */
import { z } from "zod";
import type { PrintArea } from "../../models/types";

export const mockupPlacementSchema = z.object({
  area: z.string().min(1).max(40).default("front"),
  /** design width as a fraction of the print area's width (0..1] */
  scale: z.number().gt(0).max(1).default(0.8),
  /** centre offset as a fraction of the print area, -0.5..0.5 */
  offsetX: z.number().min(-0.5).max(0.5).default(0),
  offsetY: z.number().min(-0.5).max(0.5).default(0),
  /** clockwise on the print, degrees */
  rotationDeg: z.number().min(-180).max(180).default(0),
  /** design width in centimetres (overrides scale; clipped to the print area) */
  widthCm: z.number().gt(0).max(500).optional(),
  /** centre offset from the print area's centre in centimetres (override offsetX/offsetY) */
  offsetXCm: z.number().min(-250).max(250).optional(),
  offsetYCm: z.number().min(-250).max(250).optional(),
});
export type MockupPlacement = z.infer<typeof mockupPlacementSchema>;
export type MockupPlacementInput = z.input<typeof mockupPlacementSchema>;

/** Design width/height on the print, in cm, and its centre relative to the area's top-left. */
export interface PrintedRect {
  widthCm: number;
  heightCm: number;
  centerXCm: number;
  centerYCm: number;
  rotationDeg: number;
}

export function printedRect(p: MockupPlacement, area: PrintArea, designW: number, designH: number): PrintedRect {
  const widthCm = p.widthCm ?? p.scale * area.widthCm;
  const heightCm = (widthCm * designH) / designW;
  const centerXCm = area.widthCm / 2 + (p.offsetXCm ?? p.offsetX * area.widthCm);
  const centerYCm = area.heightCm / 2 + (p.offsetYCm ?? p.offsetY * area.heightCm);
  return { widthCm, heightCm, centerXCm, centerYCm, rotationDeg: p.rotationDeg };
}

/**
 * Affine map from 16-bit pass (u, v) to design pixel coordinates (pixel centres at integers):
 * px = ax·u + bx·v + cx, py = ay·u + by·v + cy.
 */
export interface UvToDesign {
  ax: number;
  bx: number;
  cx: number;
  ay: number;
  by: number;
  cy: number;
}

export function uvToDesignMap(rect: PrintedRect, area: PrintArea, designW: number, designH: number): UvToDesign {
  const { u0, v0, u1, v1 } = area.uv;
  // cm per 16-bit uv unit, and the cm position of uv 0
  const kx = area.widthCm / ((u1 - u0) * 65535);
  const ky = area.heightCm / ((v1 - v0) * 65535);
  const ox = (-u0 * area.widthCm) / (u1 - u0) - rect.centerXCm;
  const oy = (-v0 * area.heightCm) / (v1 - v0) - rect.centerYCm;
  // x = kx·u + ox, y = ky·v + oy (relative to the design centre); inverse-rotate by the design's rotation
  const t = (rect.rotationDeg * Math.PI) / 180;
  const c = Math.cos(t);
  const s = Math.sin(t);
  // rx = c·x + s·y ; ry = −s·x + c·y ; px = (rx / widthCm + 0.5)·W − 0.5
  const sx = designW / rect.widthCm;
  const sy = designH / rect.heightCm;
  return {
    ax: c * kx * sx,
    bx: s * ky * sx,
    cx: (c * ox + s * oy) * sx + designW / 2 - 0.5,
    ay: -s * kx * sy,
    by: c * ky * sy,
    cy: (-s * ox + c * oy) * sy + designH / 2 - 0.5,
  };
}

export function findArea(areas: PrintArea[], name: string): PrintArea {
  const area = areas.find((a) => a.name === name);
  if (!area) throw new Error(`print area "${name}" not found (model has: ${areas.map((a) => a.name).join(", ") || "none"})`);
  return area;
}
