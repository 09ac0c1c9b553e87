/**
 * `mockup.live`: a shopper's design on a product, while they wait: one mockup image per view in a colour, and the
 * design GLB (the model with the design on its decal layer). The storefront calls the providers directly
 * (app/storefront/live-chain.server.ts); as a job capability it runs the same providers under the orchestrator.
 */
import { z } from "zod";
import { assetKeySchema } from "./asset-key";
import { colorSchema } from "./colour";
import { placementSchema } from "./placement";
import { viewSchema } from "./view";

export const DEFAULTS = { size: 1024, format: "jpeg" } as const;

export const mockupLiveParamsSchema = z.object({
  /** the library model (tee, hoodie, or an imported model's library name) */
  model: z.string().min(1).max(100),
  color: colorSchema,
  views: z.array(viewSchema).min(1).max(4),
  designKey: assetKeySchema,
  placement: placementSchema.prefault({}),
  size: z.number().int().min(256).max(2048).default(DEFAULTS.size),
  format: z.enum(["jpeg", "png", "webp"]).default(DEFAULTS.format),
});
export type MockupLiveParams = z.infer<typeof mockupLiveParamsSchema>;

/** Output assets: `image_<view>` per view and `glb`. */
export const mockupLiveOutputSchema = z.looseObject({ views: z.array(viewSchema), glbBytes: z.number().int().positive() });
export const mockupLiveAsset = (view: string) => `image_${view}`;
