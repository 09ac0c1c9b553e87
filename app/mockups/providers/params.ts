/** zod schemas for the mockup steps' params (contract: header of app/pipeline/pipelines/product.ts). */
import { z } from "zod";
import { colorSchema, hexSchema } from "../../contracts/colour";
import { placementSchema } from "../../contracts/placement";
import { viewSchema } from "../../contracts/view";
import type { StepInput, StepOutput } from "../../pipeline/types";

const assetKey = z.string().regex(/^[0-9a-f]{64}$/, "asset key must be sha256 hex");

export const composeParamsSchema = z.object({
  view: viewSchema,
  color: colorSchema,
  designKey: assetKey.nullish(),
  placement: placementSchema.prefault({}),
  size: z.union([z.literal(1024), z.literal(2048)]).default(1024),
  format: z.enum(["jpeg", "webp", "png"]).default("jpeg"),
  /** #RRGGBB, an asset key of a backdrop image, or "transparent" (PNG/WebP) */
  backdrop: z.union([hexSchema, assetKey, z.literal("transparent")]).optional(),
});
export type ComposeParams = z.infer<typeof composeParamsSchema>;

export const passesParamsSchema = z.object({
  view: viewSchema,
  size: z.union([z.literal(1024), z.literal(2048)]).default(2048),
});

export const heroParamsSchema = z.object({
  view: viewSchema,
  color: colorSchema,
  designKey: assetKey.nullish(),
  placement: placementSchema.prefault({}),
  size: z.number().int().min(256).max(4096).default(2048),
  samples: z.number().int().optional(),
  /** transparent background (PNG); false: white backdrop */
  transparent: z.boolean().default(true),
  format: z.enum(["jpeg", "webp", "png"]).default("png"),
});

/** The first input with all three passes. */
export function findPasses(input: StepInput): StepOutput | undefined {
  return Object.values(input.inputs).find((o) => o.assets.uv && o.assets.shading && o.assets.mask);
}
