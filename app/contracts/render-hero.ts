/**
 * `render.hero`: one photoreal render of a model in a view and colour, with an optional design. Providers:
 * "blender" (Cycles) and "compositor" (degraded 2D stand-in). Both read these params, so the fallback answers
 * the same question as the primary (decision 060: one default size, 1024).
 */
import { z } from "zod";
import { assetKeySchema } from "./asset-key";
import { colorSchema, hexSchema } from "./colour";
import { imageFormatSchema, type ImageFormat } from "./image-format";
import { placementSchema } from "./placement";
import { viewSchema } from "./view";

export const DEFAULTS = {
  /** px, square. Shopify shows product media at ≤ 1024 CSS px per column; 2048 costs Blender 4× the time */
  size: 1024,
  /** Cycles samples when neither the step nor MOCKUP_HERO_SAMPLES says (denoised: 32 is clean on fabric) */
  samples: 32,
  transparent: true,
  /** backdrop when not transparent: white, as a mockup's (so the compositor stand-in matches a mockup pixel for pixel) */
  backdrop: "#FFFFFF",
  format: "png" as ImageFormat,
} as const;

/** Hero sizes: 16 px (the health check's tiny scene) to 2048 px (the compositor's passes stop there, so more adds nothing). */
export const HERO_SIZE = { min: 16, max: 2048 } as const;
export const heroSizeSchema = z.number().int().min(HERO_SIZE.min).max(HERO_SIZE.max);
export const heroSamplesSchema = z.number().int().min(1).max(1024);

export const renderHeroParamsSchema = z.object({
  view: viewSchema,
  color: colorSchema,
  designKey: assetKeySchema.nullish(),
  placement: placementSchema.prefault({}),
  size: heroSizeSchema.default(DEFAULTS.size),
  /** Cycles samples; absent: MOCKUP_HERO_SAMPLES, else DEFAULTS.samples. The compositor has none to set. */
  samples: heroSamplesSchema.optional(),
  /** transparent background (PNG/WebP); false: the backdrop colour */
  transparent: z.boolean().default(DEFAULTS.transparent),
  backdrop: hexSchema.default(DEFAULTS.backdrop),
  format: imageFormatSchema.default(DEFAULTS.format),
});
export type RenderHeroParams = z.infer<typeof renderHeroParamsSchema>;
export type RenderHeroParamsInput = z.input<typeof renderHeroParamsSchema>;

/** What every render.hero provider returns: assets.image, and this data. */
export const renderHeroOutputSchema = z.looseObject({
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  view: viewSchema,
  renderer: z.string(),
  degraded: z.boolean().optional(),
});
export type RenderHeroOutput = z.infer<typeof renderHeroOutputSchema>;
export const RENDER_HERO_ASSETS = ["image"] as const;
