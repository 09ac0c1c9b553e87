/**
 * Capability → the one params schema every provider of it uses (`Provider.params`). A new capability adds its
 * contract file and one line here; tests/contracts/capabilities.test.ts checks every registered provider.
 */
import type { z } from "zod";
import { assetDecalParamsSchema } from "./asset-decal";
import { assetOptimizeParamsSchema } from "./asset-optimize";
import { assetVariantsParamsSchema } from "./asset-variants";
import { designCutoutParamsSchema } from "./design-cutout";
import { garmentDrapeParamsSchema } from "./garment-drape";
import { mockupCatalogParamsSchema } from "./mockup-catalog";
import { mockupComposeParamsSchema } from "./mockup-compose";
import { mockupLiveParamsSchema } from "./mockup-live";
import { modelFetchParamsSchema } from "./model-fetch";
import { modelImportParamsSchema } from "./model-import";
import { printFileParamsSchema } from "./printfile";
import { renderHeroParamsSchema } from "./render-hero";
import { renderPassesParamsSchema } from "./render-passes";
import { shopifyPublishParamsSchema } from "./shopify-publish";

export const CAPABILITY_PARAMS = {
  "model.fetch": modelFetchParamsSchema,
  "model.import": modelImportParamsSchema,
  "garment.drape": garmentDrapeParamsSchema,
  "asset.optimize": assetOptimizeParamsSchema,
  "asset.variants": assetVariantsParamsSchema,
  "render.passes": renderPassesParamsSchema,
  "render.hero": renderHeroParamsSchema,
  "mockup.compose": mockupComposeParamsSchema,
  "mockup.catalog": mockupCatalogParamsSchema,
  "mockup.live": mockupLiveParamsSchema,
  "design.cutout": designCutoutParamsSchema,
  "order.printfile": printFileParamsSchema,
  "asset.decal": assetDecalParamsSchema,
  "shopify.publish": shopifyPublishParamsSchema,
} as const satisfies Record<string, z.ZodType>;

export type ContractCapability = keyof typeof CAPABILITY_PARAMS;

export const DEFAULTS = {} as const;
