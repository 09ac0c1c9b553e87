/**
 * Where each layer lands on the print canvas, in canvas pixels, and how sharp it will print. Pure arithmetic over
 * the shared placement (app/contracts/placement.ts), so the print file and the mockup agree on position.
 */
import { placementSchema, printedRect, type Placement, type PlacementInput } from "../../contracts/placement";
import type { PrintFileArea, PrintFileLayer } from "../../contracts/printfile";
import { pixelsAt, pixelsPerInch } from "../../contracts/print-units";

/** Canvas size of the whole print area at `dpi` (30 × 40 cm at 300 DPI → 3543 × 4724). */
export function canvasSize(area: PrintFileArea, dpi: number): { width: number; height: number } {
  return { width: Math.max(1, Math.round(pixelsAt(area.widthCm, dpi))), height: Math.max(1, Math.round(pixelsAt(area.heightCm, dpi))) };
}

export interface LayerBox {
  /** the layer resized to this many canvas pixels (before rotation) */
  width: number;
  height: number;
  /** top-left on the canvas; may be negative or beyond the canvas (the part outside is clipped) */
  left: number;
  top: number;
  rotationDeg: number;
  /** design pixels per printed inch */
  effectiveDpi: number;
}

/** `fit`: as large as the area allows, aspect kept, centred. */
export function resolvePlacement(placement: "fit" | PlacementInput | PrintFileLayer["placement"], area: PrintFileArea, w: number, h: number): Placement {
  if (placement !== "fit") return placementSchema.parse(placement);
  const widthCm = Math.min(area.widthCm, (area.heightCm * w) / h);
  return placementSchema.parse({ widthCm, offsetX: 0, offsetY: 0, rotationDeg: 0 });
}

export function layerBox(placement: Placement, area: PrintFileArea, designW: number, designH: number, dpi: number): LayerBox {
  // printedRect reads only the area's size
  const rect = printedRect(placement, { name: area.name, widthCm: area.widthCm, heightCm: area.heightCm, uv: { u0: 0, v0: 0, u1: 1, v1: 1 } }, designW, designH);
  const px = (cm: number) => pixelsAt(cm, dpi);
  const width = Math.max(1, Math.round(px(rect.widthCm)));
  const height = Math.max(1, Math.round(px(rect.heightCm)));
  return {
    width,
    height,
    left: Math.round(px(rect.centerXCm) - width / 2),
    top: Math.round(px(rect.centerYCm) - height / 2),
    rotationDeg: rect.rotationDeg,
    effectiveDpi: Math.round(pixelsPerInch(designW, rect.widthCm) * 10) / 10,
  };
}
