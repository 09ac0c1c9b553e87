/**
 * Placing designs on library print areas by centimetres, and the DPI a design gets when printed. The shapes and
 * the maths are app/contracts/ (print-area.ts, placement.ts, dpi.ts); this is the library's cm-first helper.
 */
import { cmRectToUv } from "../contracts/placement";
import type { PrintArea, UvRect } from "../contracts/print-area";

export { findArea } from "../contracts/print-area";
export { fitToArea, printDpi } from "../contracts/dpi";

/**
 * The UV rectangle (glTF convention, v down) a widthCm × heightCm design covers with its centre at (xCm, yCm)
 * from the area's top-left (default: the area's centre); refused if it leaves the area.
 */
export function placeByCm(area: PrintArea, p: { xCm?: number; yCm?: number; widthCm: number; heightCm: number }): UvRect {
  const x = p.xCm ?? area.widthCm / 2;
  const y = p.yCm ?? area.heightCm / 2;
  return cmRectToUv(area, { xCm: x - p.widthCm / 2, yCm: y - p.heightCm / 2, widthCm: p.widthCm, heightCm: p.heightCm });
}
