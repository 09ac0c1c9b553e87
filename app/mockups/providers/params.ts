/** zod schemas for the mockup steps' params (contract: header of app/pipeline/pipelines/product.ts). */
import { z } from "zod";
import { colorSchema } from "../../pipeline/pipelines/product";
import type { ModelInfo } from "../../models/types";
import type { StepInput, StepOutput } from "../../pipeline/types";
import { MissingInputError } from "../../pipeline/inputs";
import { mockupPlacementSchema } from "../compose/placement";

export const viewSchema = z.enum(["front", "back", "three_quarter", "flat_lay"]);
const assetKey = z.string().regex(/^[0-9a-f]{64}$/, "asset key must be sha256 hex");

export const composeParamsSchema = z.object({
  view: viewSchema,
  color: colorSchema,
  designKey: assetKey.nullish(),
  placement: mockupPlacementSchema.prefault({}),
  size: z.union([z.literal(1024), z.literal(2048)]).default(1024),
  format: z.enum(["jpeg", "webp", "png"]).default("jpeg"),
  /** #RRGGBB, an asset key of a backdrop image, or "transparent" (PNG/WebP) */
  backdrop: z.union([z.string().regex(/^#[0-9a-fA-F]{6}$/), assetKey, z.literal("transparent")]).optional(),
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
  placement: mockupPlacementSchema.prefault({}),
  size: z.number().int().min(256).max(4096).default(2048),
  samples: z.number().int().optional(),
  /** transparent background (PNG); false: white backdrop */
  transparent: z.boolean().default(true),
  format: z.enum(["jpeg", "webp", "png"]).default("png"),
});

const printAreaSchema = z.object({
  name: z.string(),
  uv: z.object({ u0: z.number(), v0: z.number(), u1: z.number(), v1: z.number() }),
  widthCm: z.number().positive(),
  heightCm: z.number().positive(),
});
const modelInfoSchema = z.looseObject({
  name: z.string(),
  printAreas: z.array(printAreaSchema),
  tintMaterials: z.array(z.string()).default([]),
});

/** The first input carrying data.info (ModelInfo), validated. */
export function findModelInfo(input: StepInput): ModelInfo {
  const found = Object.values(input.inputs).find((o) => o.data && typeof o.data === "object" && "info" in o.data);
  if (!found) throw new MissingInputError("model info (data.info)");
  return modelInfoSchema.parse(found.data.info) as unknown as ModelInfo;
}

/** The first input with all three passes. */
export function findPasses(input: StepInput): StepOutput | undefined {
  return Object.values(input.inputs).find((o) => o.assets.uv && o.assets.shading && o.assets.mask);
}
