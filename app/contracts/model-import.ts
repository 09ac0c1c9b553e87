/** `model.import`: a merchant's uploaded model (GLB, glTF, OBJ, STL, FBX) made into a normalised, valid GLB. */
import { z } from "zod";
import { assetKeySchema, modelNameSchema } from "./asset-key";
import { DEFAULTS as MODEL_DEFAULTS, productTypeSchema, stepModelInfoSchema } from "./model-info";

export const DEFAULTS = {
  fileName: "model.glb",
  productType: MODEL_DEFAULTS.productType,
  name: "imported",
  title: "Imported model",
  licence: "merchant upload",
} as const;

export const modelImportParamsSchema = z.object({
  /** sha256 of the uploaded file in this shop's asset store */
  source: assetKeySchema,
  fileName: z.string().min(1).max(200).default(DEFAULTS.fileName),
  productType: productTypeSchema.default(DEFAULTS.productType),
  name: modelNameSchema.default(DEFAULTS.name),
  title: z.string().min(1).max(200).default(DEFAULTS.title),
  licence: z.string().min(1).max(200).default(DEFAULTS.licence),
});
export type ModelImportParams = z.infer<typeof modelImportParamsSchema>;

export const modelImportOutputSchema = z.looseObject({ info: stepModelInfoSchema, format: z.string() });
export const MODEL_IMPORT_ASSETS = ["glb"] as const;
