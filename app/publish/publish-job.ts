/**
 * The merchant's own "Publish" (one product, several, or a rollback) as a job: one `shopify.publish` step per
 * product, so it shows progress, survives a restart and shares the worker's limits like any job. The step's
 * params name the product (and the job or version to publish); the provider reads the plan from there.
 */
import { z } from "zod";
import type { JobSpec } from "../pipeline/types";
import { productGid } from "./plan";

export const standaloneParamsSchema = z.object({
  productId: productGid,
  /** the product job whose outputs to publish (default: the newest succeeded one) */
  fromJob: z.string().regex(/^[a-z0-9]{1,64}$/i).nullish(),
  /** publish this version again (a rollback) */
  versionId: z.string().regex(/^[a-z0-9]{1,64}$/i).nullish(),
});
export type StandaloneParams = z.infer<typeof standaloneParamsSchema>;

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
