/**
 * A merchant's setup of one Shopify product (the ProductSetup row): the base model, which colour each
 * colour-option value is, and the designs placed per view and print area. The admin writes it; the
 * products/* webhooks and the product page's Generate turn it into the same product job.
 */
import { z } from "zod";
import { colorListSchema } from "./colour";
import { placementSchema } from "./placement";
import { VIEWS, viewSchema } from "./view";

export const SETUP_VIEWS = VIEWS;
export const setupViewSchema = viewSchema;

/** One design on one print area as one view shows it. */
export const setupPlacementSchema = z.object({
  view: setupViewSchema,
  /** the shop's Design row */
  designId: z.string().min(1).max(64),
  placement: placementSchema,
});
export type SetupPlacement = z.infer<typeof setupPlacementSchema>;

export const productSetupSchema = z.object({
  modelName: z.string().regex(/^[a-z0-9_-]{1,40}$/, "model must be a library name like tee or hoodie"),
  /** option value → colour; the name is the product's colour option value as the shop spells it */
  colors: colorListSchema,
  views: z.array(setupViewSchema).min(1).max(4),
  /** at most one design per view and print area */
  placements: z
    .array(setupPlacementSchema)
    .max(16)
    .refine((ps) => new Set(ps.map((p) => `${p.view}/${p.placement.area}`)).size === ps.length, "one design per view and print area"),
  enabled: z.boolean(),
});
export type ProductSetupInput = z.input<typeof productSetupSchema>;
export type ProductSetupShape = z.infer<typeof productSetupSchema>;

/** The store's palette preset (our first customer's merino colours), offered for unmapped values. */
export const PALETTE_PRESET = [
  { name: "Forest Green", hex: "#2E8B57" },
  { name: "Beige", hex: "#F5DEB3" },
  { name: "Black", hex: "#000000" },
] as const;

export const DEFAULTS = {
  views: ["front"] as z.infer<typeof setupViewSchema>[],
  placements: [] as SetupPlacement[],
  enabled: true,
} as const;
