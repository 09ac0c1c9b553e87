/**
 * `asset.decal` params: the designs to put on the colour-variant GLB's decal layer (contracts/decal-layer.ts),
 * each with its placement in a print area, and the atlas size. No designs: the layer is published empty
 * (transparent), so the shopper's editor has a layer to paint on every product (decision 115). Output: assets.glb and data.variants (the
 * colour names, as asset.variants reports them). Provider: app/decal/provider.ts.
 */
import { z } from "zod";
import { assetKeySchema } from "./asset-key";
import { atlasSizeSchema, DEFAULTS as DECAL_LAYER } from "./decal-layer";
import { placementSchema } from "./placement";

export const DEFAULTS = {
  /** atlas size in pixels (the decal layer's: 1024² keeps the GLB with every colour within 2 MB) */
  atlasSize: DECAL_LAYER.atlasSize,
  /** designs one step may place (one per view and print area is the admin's rule; 20 covers every garment) */
  maxDesigns: 20,
} as const;

export const assetDecalParamsSchema = z.object({
  designs: z
    .array(z.object({ key: assetKeySchema, placement: placementSchema.prefault({}) }))
    .max(DEFAULTS.maxDesigns)
    .default([]),
  atlasSize: atlasSizeSchema.default(DEFAULTS.atlasSize),
});
export type AssetDecalParams = z.infer<typeof assetDecalParamsSchema>;
export type AssetDecalParamsInput = z.input<typeof assetDecalParamsSchema>;
