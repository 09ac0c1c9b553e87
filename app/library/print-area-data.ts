/**
 * The garments' print areas in centimetres (app/library/garments/print-areas.json): the one source that
 * blender/garment/pattern.py cuts the patterns with and the TypeScript reads. Blender derives each area's UV
 * rectangle from its panel and writes it into the garment's sidecar (NAME.json beside NAME.glb);
 * tests/library/print-area-data.test.ts checks the committed sidecars against this file.
 */
import { z } from "zod";
// the import attribute is required by Node's ESM loader (Playwright specs import the library through it)
import raw from "./garments/print-areas.json" with { type: "json" };

export const printAreaSpecSchema = z.object({
  /** the print area's name in ModelInfo.printAreas ("front", "back", "right_sleeve", "left_sleeve") */
  name: z.string().min(1),
  /** the pattern panel it sits on (blender/garment/pattern.py) */
  panel: z.string().min(1),
  widthCm: z.number().positive(),
  heightCm: z.number().positive(),
  /** top edge below the panel's reference line: the high point of the shoulder (body), the underarm line (sleeves) */
  topCm: z.number().nonnegative(),
});
export type PrintAreaSpec = z.infer<typeof printAreaSpecSchema>;

const fileSchema = z.object({ note: z.string(), tee: z.array(printAreaSpecSchema), hoodie: z.array(printAreaSpecSchema) });

export const GARMENT_PRINT_AREAS: Readonly<Record<"tee" | "hoodie", readonly PrintAreaSpec[]>> = fileSchema.parse(raw);

export function printAreaSpec(garment: "tee" | "hoodie", name: string): PrintAreaSpec {
  const spec = GARMENT_PRINT_AREAS[garment].find((a) => a.name === name);
  if (!spec) throw new Error(`no print area "${name}" on the ${garment}`);
  return spec;
}
