/**
 * A printable region of a product model: a rectangle in glTF UV space (u right, v down, 0..1) and the physical
 * size it prints at. The compositor, the Blender hero, design intake (DPI) and print files all read this shape.
 */
import { z } from "zod";

export const uvRectSchema = z
  .object({ u0: z.number().min(0).max(1), v0: z.number().min(0).max(1), u1: z.number().min(0).max(1), v1: z.number().min(0).max(1) })
  .refine((r) => r.u1 > r.u0 && r.v1 > r.v0, "uv rect must have u1 > u0 and v1 > v0");
export type UvRect = z.infer<typeof uvRectSchema>;

/** A rectangle in centimetres inside a print area, measured from the area's top-left corner. */
export const cmRectSchema = z.object({
  xCm: z.number().min(0),
  yCm: z.number().min(0),
  widthCm: z.number().positive(),
  heightCm: z.number().positive(),
});
export type CmRect = z.infer<typeof cmRectSchema>;

export const printAreaSchema = z
  .object({
    /** "front", "back", "left_sleeve", "right_sleeve", "wrap", ... */
    name: z.string().min(1).max(40),
    uv: uvRectSchema,
    widthCm: z.number().positive().max(500),
    heightCm: z.number().positive().max(500),
    /** where the printer guarantees the print (away from seams and edges); absent: the whole area */
    safe: cmRectSchema.optional(),
  })
  .refine((a) => !a.safe || (a.safe.xCm + a.safe.widthCm <= a.widthCm + 1e-9 && a.safe.yCm + a.safe.heightCm <= a.heightCm + 1e-9), {
    message: "the safe area must lie inside the print area",
    path: ["safe"],
  });
export type PrintArea = z.infer<typeof printAreaSchema>;

export const DEFAULTS = {
  /** the area a placement uses when it names none */
  area: "front",
} as const;

export class PrintAreaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PrintAreaError";
  }
}

/** The named area of a model; throws PrintAreaError listing the areas it has. */
export function findArea(areas: readonly PrintArea[], name: string): PrintArea {
  const area = areas.find((a) => a.name === name);
  if (!area) throw new PrintAreaError(`no print area "${name}" (available: ${areas.map((a) => a.name).join(", ") || "none"})`);
  return area;
}

/** The safe rectangle of an area (the whole area when it declares none). */
export function safeRect(area: PrintArea): CmRect {
  return area.safe ?? { xCm: 0, yCm: 0, widthCm: area.widthCm, heightCm: area.heightCm };
}

/** Names a merchant may give a print area drawn on an imported model (each has an en/de label: `area.<name>`). */
export const DRAWN_AREA_NAMES = ["front", "back", "left_sleeve", "right_sleeve", "wrap", "chest_left", "chest_right", "neck"] as const;

/**
 * The print areas a merchant draws on an imported model's UV layout (Library): a rectangle in UV space and the
 * physical size it prints at, at most one area per name. An empty list makes the model 3D-only again.
 */
export const drawnPrintAreasSchema = z
  .array(printAreaSchema.and(z.object({ name: z.enum(DRAWN_AREA_NAMES), widthCm: z.number().min(1).max(200), heightCm: z.number().min(1).max(200) })))
  .max(DRAWN_AREA_NAMES.length)
  .refine((areas) => new Set(areas.map((a) => a.name)).size === areas.length, { message: "each print area name once", params: { code: "duplicate_area" } });
export type DrawnPrintAreas = z.infer<typeof drawnPrintAreasSchema>;
