/**
 * The design document's geometry and limits without zod (the storefront editor bundle imports this, the
 * contract app/contracts/design-document.ts re-exports it): a layer's box, its effective DPI, its corners and
 * whether it lies inside a rectangle.
 */
import type { ImageLayer, Layer } from "../../contracts/design-document";
import { pixelsPerInch, PRINT_DPI } from "../../contracts/print-units";

export const DOCUMENT_DEFAULTS = {
  /** layers per print area a shopper may add (merchants may lower it) */
  maxLayers: 8,
  /** characters per text layer */
  maxTextLength: 80,
  /** effective DPI at or above which a print is sharp */
  goodDpi: PRINT_DPI.good,
  /** effective DPI below which the print will look soft (the meter warns) */
  fairDpi: PRINT_DPI.min,
  /** text colour of a new text layer */
  textColor: "#111111",
  /** font of a new text layer */
  font: "inter-700",
} as const;

/** Height / width of a layer's box. */
export function layerAspect(l: Layer): number {
  if (l.kind === "image") return l.heightPx / l.widthPx;
  return l.outline ? l.outline.height / l.outline.width : 0.25;
}

export type DpiState = "good" | "fair" | "low";

/** Effective DPI of an image layer at its printed width, and the meter's state. */
export function layerDpi(l: ImageLayer, good: number = DOCUMENT_DEFAULTS.goodDpi, fair: number = DOCUMENT_DEFAULTS.fairDpi): { dpi: number; state: DpiState } {
  const dpi = pixelsPerInch(l.widthPx, l.widthCm);
  return { dpi: Math.round(dpi), state: dpi >= good ? "good" : dpi >= fair ? "fair" : "low" };
}

/** The four corners of a layer's box on the print (cm from the area's top-left), clockwise from top-left. */
export function layerCorners(l: Layer): Array<[number, number]> {
  const w = l.widthCm / 2;
  const h = (l.widthCm * layerAspect(l)) / 2;
  const t = (l.rotationDeg * Math.PI) / 180;
  const c = Math.cos(t), s = Math.sin(t);
  return ([[-w, -h], [w, -h], [w, h], [-w, h]] as Array<[number, number]>).map(([x, y]) => [l.xCm + c * x - s * y, l.yCm + s * x + c * y]);
}

/** A rectangle in cm inside a print area (the safe area), measured from its top-left. */
export interface SafeRect {
  xCm: number;
  yCm: number;
  widthCm: number;
  heightCm: number;
}

/** Whether the whole layer lies inside the rectangle (a little tolerance for rounding). */
export function layerInside(l: Layer, r: SafeRect, eps = 1e-6): boolean {
  return layerCorners(l).every(([x, y]) => x >= r.xCm - eps && y >= r.yCm - eps && x <= r.xCm + r.widthCm + eps && y <= r.yCm + r.heightCm + eps);
}
