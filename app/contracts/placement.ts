/**
 * Where a design sits in a print area: one shape for job specs, the compositor, the Blender hero, design intake,
 * the CLI and (later) the storefront and order lines. Fractions of the area by default; centimetres when given
 * (`widthCm` overrides `scale`, `offsetXCm`/`offsetYCm` override `offsetX`/`offsetY`). The design's height
 * always follows its aspect ratio.
 */
import { z } from "zod";
import { DEFAULTS as AREA_DEFAULTS, PrintAreaError, type CmRect, type PrintArea, type UvRect } from "./print-area";

export const DEFAULTS = {
  area: AREA_DEFAULTS.area,
  /** design width as a fraction of the print area's width */
  scale: 0.8,
  offsetX: 0,
  offsetY: 0,
  rotationDeg: 0,
} as const;

export const placementSchema = z.object({
  area: z.string().min(1).max(40).default(DEFAULTS.area),
  /** design width as a fraction of the print area's width (0..1]; height follows the aspect ratio */
  scale: z.number().gt(0).max(1).default(DEFAULTS.scale),
  /** centre offset as a fraction of the print area, -0.5..0.5 */
  offsetX: z.number().min(-0.5).max(0.5).default(DEFAULTS.offsetX),
  offsetY: z.number().min(-0.5).max(0.5).default(DEFAULTS.offsetY),
  /** clockwise on the print, degrees */
  rotationDeg: z.number().min(-180).max(180).default(DEFAULTS.rotationDeg),
  /** design width in centimetres (overrides scale) */
  widthCm: z.number().gt(0).max(500).optional(),
  /** centre offset from the print area's centre in centimetres (override offsetX/offsetY) */
  offsetXCm: z.number().min(-250).max(250).optional(),
  offsetYCm: z.number().min(-250).max(250).optional(),
});
/** A placement with its defaults applied (what code reads). */
export type Placement = z.infer<typeof placementSchema>;
/** A placement as callers write it (every field optional). */
export type PlacementInput = z.input<typeof placementSchema>;

/** A placed design on the print, in cm: its size and its centre measured from the area's top-left. */
export interface PrintedRect {
  widthCm: number;
  heightCm: number;
  centerXCm: number;
  centerYCm: number;
  rotationDeg: number;
}

/** The printed rectangle of a designW × designH image placed by `p` in `area`. */
export function printedRect(p: Placement, area: PrintArea, designW: number, designH: number): PrintedRect {
  const widthCm = p.widthCm ?? p.scale * area.widthCm;
  const heightCm = (widthCm * designH) / designW;
  const centerXCm = area.widthCm / 2 + (p.offsetXCm ?? p.offsetX * area.widthCm);
  const centerYCm = area.heightCm / 2 + (p.offsetYCm ?? p.offsetY * area.heightCm);
  return { widthCm, heightCm, centerXCm, centerYCm, rotationDeg: p.rotationDeg };
}

/**
 * The placement in fractions only (centimetres converted against the area), for renderers that take fractions
 * (the Blender hero). The scale is clipped to the area's width, as the print would be.
 */
export function placementFractions(p: Placement, area: PrintArea): Pick<Placement, "area" | "scale" | "offsetX" | "offsetY" | "rotationDeg"> {
  const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
  return {
    area: p.area,
    scale: p.widthCm === undefined ? p.scale : clamp(p.widthCm / area.widthCm, Number.EPSILON, 1),
    offsetX: p.offsetXCm === undefined ? p.offsetX : clamp(p.offsetXCm / area.widthCm, -0.5, 0.5),
    offsetY: p.offsetYCm === undefined ? p.offsetY : clamp(p.offsetYCm / area.heightCm, -0.5, 0.5),
    rotationDeg: p.rotationDeg,
  };
}

/** The UV rectangle (glTF convention, v down) an unrotated cm rectangle covers; refused if it leaves the area. */
export function cmRectToUv(area: PrintArea, r: CmRect): UvRect {
  const x0 = r.xCm, x1 = r.xCm + r.widthCm, y0 = r.yCm, y1 = r.yCm + r.heightCm;
  const eps = 1e-9;
  if (!(r.widthCm > 0 && r.heightCm > 0) || x0 < -eps || y0 < -eps || x1 > area.widthCm + eps || y1 > area.heightCm + eps) {
    const cx = x0 + r.widthCm / 2, cy = y0 + r.heightCm / 2;
    throw new PrintAreaError(`a ${r.widthCm} × ${r.heightCm} cm design at (${cx}, ${cy}) cm does not fit the ${area.widthCm} × ${area.heightCm} cm "${area.name}" area`);
  }
  const du = (area.uv.u1 - area.uv.u0) / area.widthCm;
  const dv = (area.uv.v1 - area.uv.v0) / area.heightCm;
  return { u0: area.uv.u0 + x0 * du, v0: area.uv.v0 + y0 * dv, u1: area.uv.u0 + x1 * du, v1: area.uv.v0 + y1 * dv };
}
