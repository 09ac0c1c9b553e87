/** Print resolution of a design placed in a print area: pixels per inch at its printed size. */
import type { PrintArea } from "../models/types";
import { mockupPlacementSchema, printedRect, type MockupPlacementInput } from "../mockups/compose/placement";

export const MIN_PRINT_DPI = 150;

export interface PrintDpi {
  dpi: number;
  printedWidthCm: number;
  printedHeightCm: number;
  /** true below MIN_PRINT_DPI (or the given minimum): the print will look soft */
  low: boolean;
}

export function printDpi(width: number, height: number, area: PrintArea, placement: MockupPlacementInput = {}, minDpi = MIN_PRINT_DPI): PrintDpi {
  const rect = printedRect(mockupPlacementSchema.parse(placement), area, width, height);
  // a design taller than the area is clipped; its resolution is still pixels per printed inch
  const dpi = width / (rect.widthCm / 2.54);
  return { dpi: Math.round(dpi * 10) / 10, printedWidthCm: rect.widthCm, printedHeightCm: rect.heightCm, low: dpi < minDpi };
}
