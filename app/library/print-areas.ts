/** Placing designs on print areas by centimetres, and the DPI a design gets when printed. */
import type { PrintArea } from "../models/types";

export interface CmPlacement {
  /** design centre, cm from the print area's left edge. Default: the area's centre. */
  xCm?: number;
  /** design centre, cm from the print area's top edge. Default: the area's centre. */
  yCm?: number;
  widthCm: number;
  heightCm: number;
}

export class PlacementError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PlacementError";
  }
}

export function findArea(areas: PrintArea[], name: string): PrintArea {
  const area = areas.find((a) => a.name === name);
  if (!area) throw new PlacementError(`no print area "${name}" (available: ${areas.map((a) => a.name).join(", ")})`);
  return area;
}

/** The UV rectangle (glTF convention, v down) a design placed in centimetres covers; refused if it leaves the area. */
export function placeByCm(area: PrintArea, p: CmPlacement): PrintArea["uv"] {
  const x = p.xCm ?? area.widthCm / 2;
  const y = p.yCm ?? area.heightCm / 2;
  const x0 = x - p.widthCm / 2, x1 = x + p.widthCm / 2, y0 = y - p.heightCm / 2, y1 = y + p.heightCm / 2;
  const eps = 1e-9;
  if (!(p.widthCm > 0 && p.heightCm > 0) || x0 < -eps || y0 < -eps || x1 > area.widthCm + eps || y1 > area.heightCm + eps) {
    throw new PlacementError(`a ${p.widthCm} × ${p.heightCm} cm design at (${x}, ${y}) cm does not fit the ${area.widthCm} × ${area.heightCm} cm "${area.name}" area`);
  }
  const du = (area.uv.u1 - area.uv.u0) / area.widthCm;
  const dv = (area.uv.v1 - area.uv.v0) / area.heightCm;
  return { u0: area.uv.u0 + x0 * du, v0: area.uv.v0 + y0 * dv, u1: area.uv.u0 + x1 * du, v1: area.uv.v0 + y1 * dv };
}

/** Print resolution of an image of widthPx × heightPx printed at widthCm × heightCm: the lower of the two axes. */
export function printDpi(widthPx: number, heightPx: number, widthCm: number, heightCm: number): number {
  return Math.min(widthPx / (widthCm / 2.54), heightPx / (heightCm / 2.54));
}

/** The largest size (cm) an image can take inside an area keeping its aspect ratio, and the DPI it prints at. */
export function fitToArea(area: PrintArea, widthPx: number, heightPx: number): { widthCm: number; heightCm: number; dpi: number } {
  const scale = Math.min(area.widthCm / widthPx, area.heightCm / heightPx);
  const widthCm = widthPx * scale;
  const heightCm = heightPx * scale;
  return { widthCm, heightCm, dpi: printDpi(widthPx, heightPx, widthCm, heightCm) };
}
