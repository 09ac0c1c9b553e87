/**
 * Job type `catalog`: designs × colours × views for many products. Per model: fetch it, render its passes per
 * view (cached, Blender or the degraded rasteriser), then one `mockup.catalog` batch step that fans the
 * mockups out over worker threads. One step per model (not per mockup) keeps a 1,000-mockup catalog to a
 * handful of database rows; each mockup is still cached by its own key.
 */
import { z } from "zod";
import { DEFAULTS as VIEW_DEFAULTS, viewsSchema } from "../../contracts/view";
import { colorSchema } from "../../contracts/colour";
import { DEFAULTS as IMAGE_DEFAULTS, imageFormatSchema, mockupSizeSchema } from "../../contracts/image-format";
import { catalogDesignSchema } from "../../contracts/mockup-catalog";
import { modelNameSchema } from "../../contracts/asset-key";
import type { JobSpec, JsonObject, PriorityName, StepSpec } from "../../pipeline/types";

export const catalogJobInputSchema = z.object({
  shop: z.string().min(1),
  models: z.array(modelNameSchema).min(1).max(50),
  designs: z.array(catalogDesignSchema).min(1).max(500),
  colors: z.array(colorSchema).min(1).max(50),
  views: viewsSchema.default(() => [...VIEW_DEFAULTS.views]),
  size: mockupSizeSchema.default(IMAGE_DEFAULTS.mockupSize),
  format: imageFormatSchema.default(IMAGE_DEFAULTS.mockupFormat),
  priority: z.enum(["shopper", "merchant", "batch"]).default("batch"),
  dedupKey: z.string().max(200).optional(),
});
export type CatalogJobInput = z.input<typeof catalogJobInputSchema>;

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
