/**
 * Print units: centimetres, inches and pixels at a resolution, and the two resolutions every part judges a print
 * by. No imports, so the storefront editor (a browser bundle without zod) uses the same numbers as design intake,
 * the DPI contract (dpi.ts), print files and the CLI.
 */
export const CM_PER_INCH = 2.54;

export const PRINT_DPI = {
  /** the print shops' ideal: print files are made at it, and a design at or above it prints sharp */
  good: 300,
  /** below this a print looks soft at arm's length (the print shops' usual floor) */
  min: 150,
} as const;

/** Pixels per inch of `px` pixels printed across `cm` centimetres. */
export function pixelsPerInch(px: number, cm: number): number {
  return px / (cm / CM_PER_INCH);
}

/** Pixels across `cm` centimetres at `dpi` (unrounded). */
export function pixelsAt(cm: number, dpi: number): number {
  return (cm / CM_PER_INCH) * dpi;
}

/** Centimetres `px` pixels cover at `dpi`. */
export function cmAt(px: number, dpi: number): number {
  return (px / dpi) * CM_PER_INCH;
}
