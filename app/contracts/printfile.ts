/**
 * The `order.printfile` capability: per ordered line, one print-ready PNG per print area the design uses (the
 * flattened layers on a transparent canvas of the whole print area at `dpi`), plus the mockup the shopper saw.
 *
 * Step contract: params (printFileParamsSchema) → assets { "area:<name>": key, mockup?: key }, data (printFileDataSchema).
 * A design below `minDpi` effective at its printed size is still produced, and flagged (`lowDpi`).
 */
import { z } from "zod";
import { placementSchema } from "./placement";
import { PRINT_DPI } from "./print-units";

export const DEFAULTS = {
  /** print resolution of the canvas, pixels per inch */
  dpi: PRINT_DPI.good,
  /** below this effective resolution (design pixels per printed inch) the file is flagged */
  minDpi: PRINT_DPI.min,
} as const;

const assetKey = z.string().regex(/^[0-9a-f]{64}$/, "asset key must be sha256 hex");

/** The physical size of a print area; the canvas is the whole area, whatever part the design covers. */
export const printFileAreaSchema = z.object({
  name: z.string().min(1).max(40),
  widthCm: z.number().positive().max(500),
  heightCm: z.number().positive().max(500),
});
export type PrintFileArea = z.infer<typeof printFileAreaSchema>;

const layerPlacementSchema = z.union([z.literal("fit"), placementSchema]).default("fit");

/** One image layer of the design in that area. */
export const printFileImageLayerSchema = z.object({
  kind: z.literal("image").default("image"),
  assetKey,
  /** where it sits (the mockup placement: fractions or centimetres); `fit` places it as large as the area allows */
  placement: layerPlacementSchema,
});

/** A text layer as its outline (app/designs/text/outline.ts, drawn by the server): vector, so it prints at any DPI. */
export const printFileTextLayerSchema = z.object({
  kind: z.literal("text"),
  /** SVG path in outline units, starting at 0,0 top-left */
  d: z.string().min(1).max(400_000),
  outlineWidth: z.number().gt(0),
  outlineHeight: z.number().gt(0),
  color: z.string().regex(/^#[0-9A-Fa-f]{6}$/),
  placement: layerPlacementSchema,
});

/** Layers bottom first. */
export const printFileLayerSchema = z.union([printFileImageLayerSchema, printFileTextLayerSchema]);
export type PrintFileLayer = z.infer<typeof printFileLayerSchema>;

export const printFileParamsSchema = z.object({
  /** the Design row this line carries (for the asset metadata and the admin) */
  designId: z.string().min(1).max(64),
  /** Shopify order line item id (numeric string) */
  lineId: z.string().regex(/^\d{1,20}$/),
  areas: z
    .array(z.object({ area: printFileAreaSchema, layers: z.array(printFileLayerSchema).min(1).max(20) }))
    .min(1)
    .max(16),
  /**
   * the Design row's own asset (Design.assetKey): named in each print file's meta, so customers/redact, which
   * follows "made from" links, reaches print files of text-only documents too
   */
  sourceKey: assetKey.nullish(),
  /** the mockup the shopper saw, when the design has one */
  mockupKey: assetKey.nullish(),
  dpi: z.number().int().min(72).max(1200).default(DEFAULTS.dpi),
  minDpi: z.number().int().min(1).max(1200).default(DEFAULTS.minDpi),
});
export type PrintFileParams = z.infer<typeof printFileParamsSchema>;
export type PrintFileParamsInput = z.input<typeof printFileParamsSchema>;

export const printFileEntrySchema = z.object({
  area: z.string(),
  key: assetKey,
  width: z.number().int(),
  height: z.number().int(),
  bytes: z.number().int(),
  /** the canvas resolution written in the file (pHYs) */
  dpi: z.number(),
  /** the lowest design resolution at its printed size among the area's layers */
  effectiveDpi: z.number(),
  lowDpi: z.boolean(),
});
export type PrintFileEntry = z.infer<typeof printFileEntrySchema>;

export const printFileDataSchema = z.object({
  designId: z.string(),
  lineId: z.string(),
  files: z.array(printFileEntrySchema),
  mockupKey: assetKey.nullable(),
  /** any file below minDpi */
  lowDpi: z.boolean(),
});
export type PrintFileData = z.infer<typeof printFileDataSchema>;

/** The output asset name of an area's print file. */
export const printFileAssetName = (area: string) => `area:${area}`;
