/**
 * The shopper's design: layers (images and text) placed on a product's print areas, in centimetres on the print.
 * One shape for the storefront editor (it builds and posts it), the server renderer (flattened print areas,
 * mockups, the design GLB), the cart line and the print file. Geometry is physical, so the print-quality meter,
 * the safe-area check and the print file all read the same numbers the shopper saw.
 *
 * A layer's box: centre (xCm, yCm) from the print area's top-left, width widthCm, height from its aspect ratio
 * (an image's pixels, a text's outline box), rotated clockwise by rotationDeg about its centre.
 */
import { z } from "zod";
import { DOCUMENT_DEFAULTS } from "../designs/document/geometry";

/** Limits and defaults (kept zod-free in geometry.ts so the storefront editor bundle needs no zod). */
export const DEFAULTS = DOCUMENT_DEFAULTS;
export { layerAspect, layerDpi, layerCorners, layerInside, type DpiState, type SafeRect } from "../designs/document/geometry";

const id = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, "ids are 1–40 letters, digits, _ or -");
const hex = z.string().regex(/^#[0-9A-Fa-f]{6}$/, "colours are #RRGGBB");

const layerBase = {
  id,
  /** centre, cm from the print area's left edge */
  xCm: z.number().min(-100).max(300),
  /** centre, cm from the print area's top edge */
  yCm: z.number().min(-100).max(300),
  /** printed width in cm (the height follows the layer's aspect ratio) */
  widthCm: z.number().gt(0.2).max(200),
  /** clockwise, degrees */
  rotationDeg: z.number().min(-360).max(360),
};

export const imageLayerSchema = z.object({
  ...layerBase,
  kind: z.literal("image"),
  /** the uploaded image this layer shows: its content hash (sha256 hex) from design intake */
  image: z.string().regex(/^[0-9a-f]{64}$/, "image is the sha256 of an uploaded design"),
  /** the image's own pixel size (after intake): the DPI meter reads it */
  widthPx: z.number().int().min(1).max(20000),
  heightPx: z.number().int().min(1).max(20000),
});
export type ImageLayer = z.infer<typeof imageLayerSchema>;

/** Text turned into outlines (app/designs/text/outline.ts): an SVG path in outline units and its box. */
export const outlineSchema = z.object({
  d: z.string().max(400_000),
  /** box of the path (the path starts at 0,0 top-left) */
  width: z.number().gt(0),
  height: z.number().gt(0),
});
export type Outline = z.infer<typeof outlineSchema>;

export const textLayerSchema = z.object({
  ...layerBase,
  kind: z.literal("text"),
  text: z
    .string()
    .min(1)
    .max(DEFAULTS.maxTextLength)
    // no control characters (a line break is not supported: one line per layer)
    .refine((s) => ![...s].some((c) => c.charCodeAt(0) < 0x20 || (c.charCodeAt(0) >= 0x7f && c.charCodeAt(0) <= 0x9f)), "text must be one line without control characters"),
  /** a font id from app/designs/text/fonts.ts */
  font: id,
  color: hex,
  /** the outlines the editor drew; the server draws its own from text + font with the same code */
  outline: outlineSchema.optional(),
});
export type TextLayer = z.infer<typeof textLayerSchema>;

export const layerSchema = z.discriminatedUnion("kind", [imageLayerSchema, textLayerSchema]);
export type Layer = z.infer<typeof layerSchema>;

export const areaDesignSchema = z.object({
  /** the print area's name ("front", "back", "left_sleeve", ...) */
  area: z.string().min(1).max(40),
  /** bottom first: later layers are drawn over earlier ones */
  layers: z.array(layerSchema).max(50),
});
export type AreaDesign = z.infer<typeof areaDesignSchema>;

export const designDocumentSchema = z
  .object({
    version: z.literal(1),
    areas: z.array(areaDesignSchema).max(8),
  })
  .refine((d) => new Set(d.areas.map((a) => a.area)).size === d.areas.length, "each print area appears once")
  .refine((d) => new Set(d.areas.flatMap((a) => a.layers.map((l) => l.id))).size === d.areas.reduce((n, a) => n + a.layers.length, 0), "layer ids are unique");
export type DesignDocument = z.infer<typeof designDocumentSchema>;
