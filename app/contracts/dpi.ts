/**
 * Print resolution: the pixels per inch a design gets at its printed size. Design intake flags a design below
 * DEFAULTS.minDpi; print files (orders) and the storefront warn from the same numbers.
 */
import { z } from "zod";
import { placementSchema, printedRect, type PlacementInput } from "./placement";
import type { PrintArea } from "./print-area";
import { pixelsPerInch, PRINT_DPI } from "./print-units";

export const DEFAULTS = {
  /** below this a print looks soft at arm's length (print-units.ts PRINT_DPI.min) */
  minDpi: PRINT_DPI.min,
} as const;

/** Print resolution of an image of widthPx × heightPx printed at widthCm × heightCm: the lower of the two axes. */
export function printDpi(widthPx: number, heightPx: number, widthCm: number, heightCm: number): number {
  return Math.min(pixelsPerInch(widthPx, widthCm), pixelsPerInch(heightPx, heightCm));
}

/** The largest size (cm) an image can take inside an area keeping its aspect ratio, and the DPI it prints at. */
export function fitToArea(area: PrintArea, widthPx: number, heightPx: number): { widthCm: number; heightCm: number; dpi: number } {
  const scale = Math.min(area.widthCm / widthPx, area.heightCm / heightPx);
  const widthCm = widthPx * scale;
  const heightCm = heightPx * scale;
  return { widthCm, heightCm, dpi: printDpi(widthPx, heightPx, widthCm, heightCm) };
}

export const designDpiSchema = z.object({
  /** pixels per printed inch, one decimal */
  dpi: z.number().nonnegative(),
  printedWidthCm: z.number().positive(),
  printedHeightCm: z.number().positive(),
  /** true below the minimum DPI: the print will look soft */
  low: z.boolean(),
});
export type DesignDpi = z.infer<typeof designDpiSchema>;

/** The DPI of a width × height design placed in an area (a design taller than the area is clipped, not shrunk). */
export function designDpi(width: number, height: number, area: PrintArea, placement: PlacementInput = {}, minDpi: number = DEFAULTS.minDpi): DesignDpi {
  const rect = printedRect(placementSchema.parse(placement), area, width, height);
  // a design taller than the area is clipped; its resolution is still pixels per printed inch across
  const dpi = pixelsPerInch(width, rect.widthCm);
  return { dpi: Math.round(dpi * 10) / 10, printedWidthCm: rect.widthCm, printedHeightCm: rect.heightCm, low: dpi < minDpi };
}
