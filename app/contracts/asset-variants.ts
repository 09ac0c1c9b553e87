/** `asset.variants`: one GLB carrying every colour of a product (KHR_materials_variants), in the order given. */
import { z } from "zod";
import { colorListSchema } from "./colour";

export const DEFAULTS = {} as const;

export const assetVariantsParamsSchema = z.object({
  colors: colorListSchema.refine((c) => new Set(c.map((x) => x.name)).size === c.length, "colour names must be unique"),
});
export type AssetVariantsParams = z.infer<typeof assetVariantsParamsSchema>;

export const assetVariantsOutputSchema = z.looseObject({ variants: z.array(z.string()), tinted: z.array(z.string()) });
export const ASSET_VARIANTS_ASSETS = ["glb"] as const;
