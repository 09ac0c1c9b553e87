/** `design.cutout`: a design with its background removed ("imgly" ML when installed, "flood" degraded). */
import { z } from "zod";
import { assetKeySchema } from "./asset-key";

export const DEFAULTS = {} as const;

export const designCutoutParamsSchema = z.object({
  designKey: assetKeySchema,
  /** flood only: colour tolerance (ΔE); absent: the flood fill's own default */
  tolerance: z.number().min(1).max(60).optional(),
});
export type DesignCutoutParams = z.infer<typeof designCutoutParamsSchema>;

export const designCutoutOutputSchema = z.looseObject({ method: z.string(), width: z.number().int().positive(), height: z.number().int().positive() });
export const DESIGN_CUTOUT_ASSETS = ["design"] as const;
