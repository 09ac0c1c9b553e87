/**
 * `garment.drape`: sew a garment from its panels and drape it on the body form (Blender cloth), or serve the
 * committed size-M garment when Blender is missing ("library", degraded).
 */
import { z } from "zod";
import { stepModelInfoSchema } from "./model-info";

export const GARMENTS = ["tee", "hoodie"] as const;
export const GARMENT_SIZES = ["S", "M", "L"] as const;

export const DEFAULTS = {
  size: "M" as (typeof GARMENT_SIZES)[number],
  /** simulated frames at 24 fps: enough for the cloth to settle on the form */
  frames: 70,
} as const;

export const garmentDrapeParamsSchema = z.object({
  garment: z.enum(GARMENTS),
  size: z.enum(GARMENT_SIZES).default(DEFAULTS.size),
  /** simulated frames (default DEFAULTS.frames): fewer is faster and rougher; the committed garment ignores it */
  frames: z.number().int().min(2).max(400).optional(),
});
export type GarmentDrapeParams = z.infer<typeof garmentDrapeParamsSchema>;

export const garmentDrapeOutputSchema = z.looseObject({ info: stepModelInfoSchema });
export const GARMENT_DRAPE_ASSETS = ["glb"] as const;
