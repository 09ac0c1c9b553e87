/**
 * The job for one product: fetch its base model, optimise it, build the colour-variant GLB, render
 * compositing passes per view, and compose a mockup per colour × view × design.
 *
 * Step contracts (params → outputs); providers find inputs by asset name (app/pipeline/inputs.ts):
 *   model.fetch     { model }                          → assets.glb, data.info (ModelInfo)
 *   asset.optimize  { maxTexture?, lowDetail? }        → assets.glb (+ assets.glbLow), data.report
 *   asset.variants  { colors: [{name, hex}] }          → assets.glb, data.variants (names, in order)
 *   asset.decal     { designs: [{key, placement}] }    → assets.glb with the decal layer (empty without designs)
 *   render.passes   { view, size? }                    → assets.uv|shading|mask (docs/passes.md), data.view
 *   mockup.compose  { view, color, designKey, placement, size, format } → assets.image, data.{width,height}
 *   render.hero     { view, color, designKey?, placement?, size, samples, transparent } → assets.image
 *   shopify.publish { productId, colors, views, glbStep, infoStep, images[], inputsKey } → data.{status, versionId, ...}
 *
 * A Shopify product (productId is a gid) is published as the last step (app/publish/): the GLB, a mockup per
 * colour × view (a blank colour mockup when the product has no design) and the storefront metafield.
 */
import { z } from "zod";
import { modelNameSchema } from "../../contracts/asset-key";
import { colorListSchema, DEFAULTS as COLOR_DEFAULTS } from "../../contracts/colour";
import { DEFAULTS as IMAGE_DEFAULTS, imageFormatSchema, mockupSizeSchema } from "../../contracts/image-format";
import { DEFAULTS as HERO_DEFAULTS, heroSamplesSchema, heroSizeSchema } from "../../contracts/render-hero";
import { placementSchema } from "../../contracts/placement";
import { isVisible, DEFAULTS as VIEW_DEFAULTS, viewsSchema } from "../../contracts/view";
import { hasFlatLay } from "../../library/garments";
import type { JobSpec, JsonObject, PriorityName, StepSpec } from "../types";

/** Cycles samples of a product job's heroes unless the job says (render.hero alone defaults to 32). */
export const PRODUCT_HERO_SAMPLES = 16;

export const productJobInputSchema = z.object({
  shop: z.string().min(1),
  productId: z.string().min(1).max(100),
  model: modelNameSchema,
  /** an imported model's revision (app/library/imported.server.ts): new print areas → a new model step result */
  modelRevision: z.string().regex(/^[0-9a-f]{8,64}$/).optional(),
  colors: colorListSchema,
  views: viewsSchema.default(() => [...VIEW_DEFAULTS.views]),
  designs: z
    .array(
      z.object({
        key: z.string().regex(/^[0-9a-f]{64}$/),
        placement: placementSchema.prefault({}),
        /** the views this placement is for (a merchant places per view); omitted: every view that shows its area */
        views: viewsSchema.optional(),
      }),
    )
    .max(20)
    .default([]),
  mockupSize: mockupSizeSchema.default(IMAGE_DEFAULTS.mockupSize),
  format: imageFormatSchema.default(IMAGE_DEFAULTS.mockupFormat),
  /** Blender hero renders (slow): one per listed view × colour, with the first design if any */
  heroes: z
    .object({
      views: viewsSchema,
      colors: z.array(z.string().min(1).max(64)).max(COLOR_DEFAULTS.maxColors).optional(),
      size: heroSizeSchema.default(HERO_DEFAULTS.size),
      /** half the capability's default: a product job renders views × colours of them, and the denoiser copes */
      samples: heroSamplesSchema.default(PRODUCT_HERO_SAMPLES),
      transparent: z.boolean().default(HERO_DEFAULTS.transparent),
    })
    .optional(),
  priority: z.enum(["shopper", "merchant", "batch"]).default("merchant"),
  dedupKey: z.string().max(200).optional(),
  /** publish to the store as the last step (only for Shopify products: productId a gid) */
  publish: z.boolean().default(true),
});
export type ProductJobInput = z.input<typeof productJobInputSchema>;

const SHOPIFY_PRODUCT = /^gid:\/\/shopify\/Product\/\d+$/;

export function productJobSpec(raw: ProductJobInput): JobSpec {
  const input = productJobInputSchema.parse(raw);
  const publish = input.publish && SHOPIFY_PRODUCT.test(input.productId);
  const images: { step: string; view: string; color: string; source: "mockup" | "hero" }[] = [];
  const flatLay = input.views.includes("flat_lay") && !input.modelRevision && hasFlatLay(input.model);
  const modelFor = (view: string) => (flatLay && view === "flat_lay" ? "model:flat" : "model");
  const steps: StepSpec[] = [
    {
      name: "model",
      capability: "model.fetch",
      params: { model: input.model, ...(input.modelRevision ? { revision: input.modelRevision } : {}) },
      staleKey: `model/${input.model}`,
    },
    // the flat-lay view of a garment laid on a table where one is committed (decision 160): its own model step,
    // same UVs and print areas as the form drape; other views, the 3D model and the variants keep the form drape
    ...(flatLay
      ? [{ name: "model:flat", capability: "model.fetch", params: { model: input.model, pose: "flat" }, staleKey: `model/${input.model}/flat` }]
      : []),
    { name: "optimize", capability: "asset.optimize", dependsOn: ["model"], params: {} },
    {
      name: "variants",
      capability: "asset.variants",
      dependsOn: ["optimize", "model"],
      params: { colors: input.colors },
      staleKey: `variants/${input.productId}`,
    },
  ];
  // the design on the 3D model: one decal layer over the print areas (contracts/decal-layer.ts), on top of the
  // colour variants so the tint never touches it; the GLB later steps publish is this step's. Without designs the
  // layer is published empty: the shopper's editor paints its texture on every product (decision 115)
  steps.push({
    name: "decal",
    capability: "asset.decal",
    dependsOn: ["variants", "model"],
    params: { designs: input.designs.map((d) => ({ key: d.key, placement: d.placement as unknown as JsonObject })) },
  });
  for (const view of input.views) {
    steps.push({
      name: `passes:${view}`,
      capability: "render.passes",
      dependsOn: [modelFor(view)],
      // passes at the mockup size: a 1024² mockup gains nothing from 2048² passes, and Blender renders 4× faster
      params: { view, size: input.mockupSize },
      staleKey: `passes/${input.model}/${view}`,
    });
    // a product published without a design still gets a colour image per view (the blank garment)
    if (publish && input.designs.length === 0) {
      for (const color of input.colors) {
        const name = `mockup:${view}:blank:${color.name}`;
        steps.push({
          name,
          capability: "mockup.compose",
          dependsOn: [`passes:${view}`, "model"],
          params: { view, color, designKey: null, size: input.mockupSize, format: input.format },
        });
        images.push({ step: name, view, color: color.name, source: "mockup" });
      }
    }
    input.designs.forEach((design, d) => {
      // a design on the back is not composed onto the front view (it would come out blank)
      if (!isVisible(design.placement.area, view)) return;
      if (design.views && !design.views.includes(view)) return;
      for (const color of input.colors) {
        images.push({ step: `mockup:${view}:${d}:${color.name}`, view, color: color.name, source: "mockup" });
        steps.push({
          name: `mockup:${view}:${d}:${color.name}`,
          capability: "mockup.compose",
          dependsOn: [`passes:${view}`, "model"],
          params: {
            view,
            color,
            designKey: design.key,
            placement: design.placement as unknown as JsonObject,
            size: input.mockupSize,
            format: input.format,
          },
        });
      }
    });
  }
  if (input.heroes) {
    const h = input.heroes;
    const colors = h.colors ? input.colors.filter((c) => h.colors!.includes(c.name)) : input.colors;
    const design = input.designs[0];
    for (const view of h.views) {
      for (const color of colors) {
        images.push({ step: `hero:${view}:${color.name}`, view, color: color.name, source: "hero" });
        steps.push({
          name: `hero:${view}:${color.name}`,
          capability: "render.hero",
          dependsOn: [modelFor(view)],
          params: {
            view,
            color,
            size: h.size,
            samples: h.samples,
            transparent: h.transparent,
            ...(design ? { designKey: design.key, placement: design.placement as unknown as JsonObject } : {}),
          },
          staleKey: `hero/${input.productId}/${view}/${color.name}`,
        });
      }
    }
  }
  if (publish) {
    // the GLB to publish: with its decal layer (the designs on it, or empty for the shopper's editor)
    const glbStep = "decal";
    steps.push({
      name: "publish",
      capability: "shopify.publish",
      dependsOn: [glbStep, "model", ...images.map((i) => i.step)],
      params: {
        productId: input.productId,
        colors: input.colors,
        views: input.views,
        glbStep,
        infoStep: "model",
        images,
        inputsKey: input.dedupKey ?? null,
      },
    });
  }
  return {
    shop: input.shop,
    type: "product",
    priority: input.priority as PriorityName,
    input: { productId: input.productId, model: input.model, colors: input.colors, views: input.views },
    steps,
    dedupKey: input.dedupKey,
  };
}
