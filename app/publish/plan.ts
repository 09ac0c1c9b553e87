/**
 * What a publish should leave on the product: the GLB, one image per colour × view, the views, the print areas
 * and the material variant names. Built from a product job's step outputs (the pipeline step, or a job read back
 * for a manual publish) and stored with every version, so a rollback publishes exactly the same thing again.
 */
import { z } from "zod";
import { productGidSchema, publishColorsSchema, publishStepParamsSchema, publishViewsSchema, type PublishStepParams } from "../contracts/shopify-publish";
import { metafieldPrintAreaSchema, posterViewSchema } from "../contracts/storefront-metafield";
import type { Db } from "../db/client.server";
import { productJobWhere } from "../pipeline/pipelines/product-jobs";
import type { JsonObject, StepOutput } from "../pipeline/types";
import { PublishNotFoundError } from "./errors";

const assetKey = z.string().regex(/^[0-9a-f]{64}$/);
/** the contract's (app/contracts/shopify-publish.ts), under the name the publish code uses */
export const productGid = productGidSchema;

export const planImageSchema = z.object({
  view: posterViewSchema,
  /** the colour's name (its option value on the product's variants) */
  color: z.string().min(1).max(64),
  assetKey,
  /** hero renders (Blender) win over composited mockups for the same colour and view */
  source: z.enum(["mockup", "hero"]),
});
export type PlanImage = z.infer<typeof planImageSchema>;

export const publishPlanSchema = z.object({
  productId: productGid,
  model: z.object({ assetKey }).nullable(),
  /** KHR_materials_variants names in the GLB, in order */
  materialVariants: z.array(z.string().min(1).max(64)).max(30),
  colors: publishColorsSchema,
  views: publishViewsSchema,
  images: z.array(planImageSchema).max(30 * 4),
  printAreas: z.array(metafieldPrintAreaSchema).max(16),
  /** the job inputs this plan came from (the product job's dedupKey): the loop guard's key */
  inputsKey: z.string().max(200).nullable(),
});
export type PublishPlan = z.infer<typeof publishPlanSchema>;

/** The publish step's params: which step produced what (step names are the job's, fixed by productJobSpec). */
export const publishParamsSchema = publishStepParamsSchema;
export type PublishParams = PublishStepParams;

const infoSchema = z.looseObject({ printAreas: z.array(metafieldPrintAreaSchema).default([]) });

/** One image per (view, colour): a hero beats a mockup; among mockups the first listed (the first design) wins. */
function pickImages(candidates: PlanImage[]): PlanImage[] {
  const out = new Map<string, PlanImage>();
  for (const c of candidates) {
    const k = `${c.view}\u0000${c.color}`;
    const prev = out.get(k);
    if (!prev || (prev.source === "mockup" && c.source === "hero")) out.set(k, c);
  }
  return [...out.values()];
}

/** The plan from the publish step's params and its dependencies' outputs (by step name). */
export function planFromOutputs(params: PublishParams, outputs: Record<string, StepOutput | undefined>): PublishPlan {
  const glb = outputs[params.glbStep];
  const info = infoSchema.safeParse(outputs[params.infoStep]?.data?.info);
  const variants = z.array(z.string()).safeParse(glb?.data?.variants);
  const images: PlanImage[] = [];
  for (const img of params.images) {
    const key = outputs[img.step]?.assets?.image;
    if (key) images.push({ view: img.view, color: img.color, assetKey: key, source: img.source });
  }
  return publishPlanSchema.parse({
    productId: params.productId,
    model: glb?.assets?.glb ? { assetKey: glb.assets.glb } : null,
    materialVariants: variants.success ? variants.data : params.colors.map((c) => c.name),
    colors: params.colors,
    views: params.views,
    images: pickImages(images),
    printAreas: info.success ? info.data.printAreas : [],
    inputsKey: params.inputsKey ?? null,
  });
}

function parseJson(text: string | null | undefined): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The plan from a finished product job of this shop: `jobId`, or the newest succeeded product job for the
 * product. A job with a publish step gives its params; an older job without one is read by capability.
 */
export async function planFromJob(db: Db, shop: string, productId: string, jobId?: string): Promise<{ plan: PublishPlan; jobId: string }> {
  const job = jobId
    ? await db.job.findFirst({ where: { id: jobId, shop, type: "product" }, include: { steps: true } })
    : await db.job.findFirst({
        where: { ...productJobWhere(shop, productId), status: "succeeded" },
        orderBy: { createdAt: "desc" },
        include: { steps: true },
      });
  if (!job) throw new PublishNotFoundError(jobId ? `job ${jobId.slice(0, 40)}` : `a finished product job for ${productId.slice(0, 60)}`);
  const input = parseJson(job.input) as JsonObject | undefined;
  if (input?.productId !== productId) throw new PublishNotFoundError(`job ${job.id} for product ${productId.slice(0, 60)}`);
  if (job.status !== "succeeded") throw new PublishNotFoundError(`a finished job ${job.id}`);
  const outputs: Record<string, StepOutput | undefined> = {};
  for (const s of job.steps) if (s.status === "succeeded" && s.output) outputs[s.name] = parseJson(s.output) as StepOutput;
  const publishStep = job.steps.find((s) => s.capability === "shopify.publish");
  const params = publishStep
    ? publishParamsSchema.parse(parseJson(publishStep.params))
    : publishParamsSchema.parse({
        productId,
        colors: input.colors,
        views: input.views ?? ["front"],
        // the design on the 3D model (asset.decal) when the job made one, else the colour variants
        glbStep: (job.steps.find((s) => s.capability === "asset.decal") ?? job.steps.find((s) => s.capability === "asset.variants"))?.name ?? "variants",
        infoStep: job.steps.find((s) => s.capability === "model.fetch")?.name ?? "model",
        images: job.steps
          .filter((s) => s.capability === "mockup.compose" || s.capability === "render.hero")
          .map((s) => {
            const p = parseJson(s.params) as { view?: string; color?: { name?: string } } | undefined;
            return { step: s.name, view: p?.view, color: p?.color?.name, source: s.capability === "render.hero" ? "hero" : "mockup" };
          }),
        inputsKey: job.dedupKey,
      });
  return { plan: planFromOutputs({ ...params, inputsKey: params.inputsKey ?? job.dedupKey }, outputs), jobId: job.id };
}
