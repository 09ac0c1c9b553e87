/** `model.fetch`: a product's base model (the built-in library today; CGTrader and uploads later). */
import { z } from "zod";
import { modelNameSchema } from "./asset-key";
import { stepModelInfoSchema } from "./model-info";

export const modelFetchParamsSchema = z.object({ model: modelNameSchema });
export type ModelFetchParams = z.infer<typeof modelFetchParamsSchema>;

export const modelFetchOutputSchema = z.looseObject({ info: stepModelInfoSchema });
export const MODEL_FETCH_ASSETS = ["glb"] as const;

export const DEFAULTS = {} as const;
