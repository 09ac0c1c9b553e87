/**
 * `shopify.publish` params, in one of two shapes (provider: app/publish/provider.ts):
 * - **the product pipeline's last step** names which of its steps produced what (step names are the job's, fixed
 *   by productJobSpec): `{ productId, colors, views, glbStep, infoStep, images[], inputsKey }`;
 * - **a publish job** (the merchant's Publish, bulk Publish or a roll-back, app/publish/publish-job.ts) names a
 *   product and optionally the product job to publish or the version to publish again:
 *   `{ productId, fromJob?, versionId? }`.
 * Output data: { status, versionId, media counts, model source, notices }.
 */
import { z } from "zod";
import { colorListSchema, DEFAULTS as COLOR_DEFAULTS } from "./colour";
import { posterViewSchema } from "./storefront-metafield";

export const DEFAULTS = {
  /** colours one product publishes (the colour contract's limit) */
  maxColors: COLOR_DEFAULTS.maxColors,
  /** views per colour */
  maxViews: 4,
} as const;

export const productGidSchema = z.string().regex(/^gid:\/\/shopify\/Product\/\d+$/, "product id must be a Shopify product gid");
const stepName = z.string().min(1).max(200);
const jobOrVersionId = z.string().regex(/^[a-z0-9]{1,64}$/i);

export const publishColorsSchema = colorListSchema;
export const publishViewsSchema = z.array(posterViewSchema).min(1).max(DEFAULTS.maxViews);

/** The product pipeline's publish step. */
export const publishStepParamsSchema = z.object({
  productId: productGidSchema,
  colors: publishColorsSchema,
  views: publishViewsSchema,
  /** step producing the colour-variant GLB (assets.glb, data.variants) */
  glbStep: stepName,
  /** step producing data.info (print areas) */
  infoStep: stepName,
  images: z
    .array(z.object({ step: stepName, view: posterViewSchema, color: z.string().min(1).max(64), source: z.enum(["mockup", "hero"]) }))
    .max(DEFAULTS.maxColors * 2 * DEFAULTS.maxViews),
  inputsKey: z.string().max(200).nullish(),
});
export type PublishStepParams = z.infer<typeof publishStepParamsSchema>;

/**
 * A publish job's step: one product, from a product job (default: its newest succeeded one) or a version. Strict,
 * so a malformed pipeline step (a `glbStep` with bad colours) is refused, not read as a manual publish.
 */
export const publishStandaloneParamsSchema = z.strictObject({
  productId: productGidSchema,
  /** the product job whose outputs to publish (default: the newest succeeded one) */
  fromJob: jobOrVersionId.nullish(),
  /** publish this version again (a rollback) */
  versionId: jobOrVersionId.nullish(),
});
export type PublishStandaloneParams = z.infer<typeof publishStandaloneParamsSchema>;

/** Either shape: the pipeline step is recognised by its `glbStep`. */
export const shopifyPublishParamsSchema = z.union([publishStepParamsSchema, publishStandaloneParamsSchema]);
export type ShopifyPublishParams = z.infer<typeof shopifyPublishParamsSchema>;
