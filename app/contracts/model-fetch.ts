/**
 * `model.fetch`: a product's base model: a built-in library model, a model imported into the shop's library (served
 * by the local provider from its library entry), or, with `source`, an import from a marketplace (CGTrader).
 */
import { z } from "zod";
import { modelNameSchema } from "./asset-key";
import { stepModelInfoSchema } from "./model-info";

/** An import from a marketplace: which model, and which of its files (default: the best importable one). */
export const modelSourceSchema = z.object({
  vendor: z.literal("cgtrader"),
  id: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/),
  fileId: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/).optional(),
});
export type ModelSource = z.infer<typeof modelSourceSchema>;

export const modelFetchParamsSchema = z.object({
  model: modelNameSchema,
  /** set by an import job: fetch the model from this marketplace (the local provider does not serve it) */
  source: modelSourceSchema.optional(),
  /**
   * an imported model's revision (its print areas changed → a new revision), so a product job never gets an
   * earlier revision from the step cache
   */
  revision: z.string().regex(/^[0-9a-f]{8,64}$/).optional(),
  /**
   * "flat": the built-in garment laid flat on a table (decision 160), for the flat-lay view; only where one is
   * committed (`hasFlatLay`). Default: the garment on the form.
   */
  pose: z.enum(["form", "flat"]).optional(),
});
export type ModelFetchParams = z.infer<typeof modelFetchParamsSchema>;

export const modelFetchOutputSchema = z.looseObject({ info: stepModelInfoSchema });
export const MODEL_FETCH_ASSETS = ["glb"] as const;

export const DEFAULTS = {} as const;
