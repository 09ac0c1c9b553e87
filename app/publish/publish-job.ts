/**
 * The merchant's own "Publish" (one product, several, or a rollback) as a job: one `shopify.publish` step per
 * product, so it shows progress, survives a restart and shares the worker's limits like any job. The step's
 * params name the product (and the job or version to publish); the provider reads the plan from there.
 */
import type { JobSpec } from "../pipeline/types";
import { publishStandaloneParamsSchema, type PublishStandaloneParams } from "../contracts/shopify-publish";

export const standaloneParamsSchema = publishStandaloneParamsSchema;
export type StandaloneParams = PublishStandaloneParams;

export function publishJobSpec(shop: string, items: StandaloneParams[]): JobSpec {
  return {
    shop,
    type: "publish",
    priority: "merchant",
    input: { productIds: items.map((i) => i.productId) },
    steps: items.map((i) => ({
      name: `publish:${i.productId.split("/").pop()}`,
      capability: "shopify.publish",
      params: { productId: i.productId, fromJob: i.fromJob ?? null, versionId: i.versionId ?? null },
    })),
  };
}
