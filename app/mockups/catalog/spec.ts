/**
 * Job type `catalog`: designs × colours × views for many products. Per model: fetch it, render its passes per
 * view (cached, Blender or the degraded rasteriser), then one `mockup.catalog` batch step that fans the
 * mockups out over worker threads. One step per model (not per mockup) keeps a 1,000-mockup catalog to a
 * handful of database rows; each mockup is still cached by its own key.
 */
import { z } from "zod";
import { DEFAULTS as VIEW_DEFAULTS, viewsSchema } from "../../contracts/view";
import { colorSchema } from "../../contracts/colour";
import type { JobSpec, JsonObject, PriorityName, StepSpec } from "../../pipeline/types";
import { placementSchema } from "../../contracts/placement";

export const catalogDesignSchema = z.object({
  key: z.string().regex(/^[0-9a-f]{64}$/, "design key must be an asset key (sha256 hex)"),
  name: z.string().trim().min(1).max(100).optional(),
  placement: placementSchema.prefault({}),
});

export const catalogJobInputSchema = z.object({
  shop: z.string().min(1),
  models: z.array(z.string().regex(/^[a-z0-9_-]{1,40}$/, "model must be a library name like tee or hoodie")).min(1).max(50),
  designs: z.array(catalogDesignSchema).min(1).max(500),
  colors: z.array(colorSchema).min(1).max(50),
  views: viewsSchema.default(() => [...VIEW_DEFAULTS.views]),
  size: z.union([z.literal(1024), z.literal(2048)]).default(1024),
  format: z.enum(["jpeg", "webp", "png"]).default("jpeg"),
  priority: z.enum(["shopper", "merchant", "batch"]).default("batch"),
  dedupKey: z.string().max(200).optional(),
});
export type CatalogJobInput = z.input<typeof catalogJobInputSchema>;

export const catalogStepParamsSchema = z.object({
  model: z.string(),
  designs: z.array(catalogDesignSchema).min(1),
  colors: z.array(colorSchema).min(1),
  views: viewsSchema,
  size: z.union([z.literal(1024), z.literal(2048)]).default(1024),
  format: z.enum(["jpeg", "webp", "png"]).default("jpeg"),
});

export function catalogJobSpec(raw: CatalogJobInput): JobSpec {
  const input = catalogJobInputSchema.parse(raw);
  const steps: StepSpec[] = [];
  for (const model of input.models) {
    steps.push({ name: `model:${model}`, capability: "model.fetch", params: { model }, staleKey: `model/${model}` });
    for (const view of input.views) {
      steps.push({
        name: `passes:${model}:${view}`,
        capability: "render.passes",
        dependsOn: [`model:${model}`],
        params: { view },
        staleKey: `passes/${model}/${view}`,
      });
    }
    steps.push({
      name: `catalog:${model}`,
      capability: "mockup.catalog",
      dependsOn: [...input.views.map((v) => `passes:${model}:${v}`), `model:${model}`],
      params: {
        model,
        designs: input.designs as unknown as JsonObject[],
        colors: input.colors,
        views: input.views,
        size: input.size,
        format: input.format,
      } as JsonObject,
    });
  }
  return {
    shop: input.shop,
    type: "catalog",
    priority: input.priority as PriorityName,
    input: { models: input.models, designs: input.designs.length, colors: input.colors.length, views: input.views },
    steps,
    dedupKey: input.dedupKey,
  };
}
