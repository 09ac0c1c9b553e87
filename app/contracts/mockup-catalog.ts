/**
 * `mockup.catalog`: every design × colour × view of one model in one batch step, fanned out over worker
 * threads, each mockup cached by its own key (job type `catalog`, app/mockups/catalog/spec.ts).
 */
import { z } from "zod";
import { assetKeySchema } from "./asset-key";
import { colorSchema } from "./colour";
import { DEFAULTS as IMAGE_DEFAULTS, imageFormatSchema, mockupSizeSchema } from "./image-format";
import { placementSchema } from "./placement";
import { viewsSchema } from "./view";

export const DEFAULTS = {
  size: IMAGE_DEFAULTS.mockupSize,
  format: IMAGE_DEFAULTS.mockupFormat,
} as const;

export const catalogDesignSchema = z.object({
  key: assetKeySchema,
  name: z.string().trim().min(1).max(100).optional(),
  placement: placementSchema.prefault({}),
});
export type CatalogDesign = z.infer<typeof catalogDesignSchema>;

export const mockupCatalogParamsSchema = z.object({
  model: z.string(),
  designs: z.array(catalogDesignSchema).min(1),
  colors: z.array(colorSchema).min(1),
  views: viewsSchema,
  size: mockupSizeSchema.default(DEFAULTS.size),
  format: imageFormatSchema.default(DEFAULTS.format),
});
export type MockupCatalogParams = z.infer<typeof mockupCatalogParamsSchema>;

export const mockupCatalogOutputSchema = z.looseObject({
  model: z.string(),
  computed: z.number().int().nonnegative(),
  cached: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
});
export const MOCKUP_CATALOG_ASSETS = [] as const;
