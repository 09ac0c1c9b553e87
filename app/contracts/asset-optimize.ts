/** `asset.optimize`: a web-ready GLB (welded, simplified to budget, textures resized and compressed). */
import { z } from "zod";

export const DEFAULTS = {
  /** px: the storefront viewer never shows a texture larger than this on a phone */
  maxTexture: 1024 as 1024 | 2048,
  lowDetail: false,
} as const;

export const assetOptimizeParamsSchema = z.object({
  maxTexture: z.union([z.literal(1024), z.literal(2048)]).default(DEFAULTS.maxTexture),
  /** also write a low-detail GLB (assets.glbLow) */
  lowDetail: z.boolean().default(DEFAULTS.lowDetail),
});
export type AssetOptimizeParams = z.infer<typeof assetOptimizeParamsSchema>;

export const assetOptimizeOutputSchema = z.looseObject({ report: z.record(z.string(), z.unknown()) });
export const ASSET_OPTIMIZE_ASSETS = ["glb"] as const;
