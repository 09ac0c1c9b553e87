/**
 * `render.passes`: the UV, shading and mask passes of a model in one view (format: docs/passes.md), from which
 * the compositor makes mockups. Providers: "blender" and "raster" (degraded, built-in rasteriser).
 */
import { z } from "zod";
import { viewSchema } from "./view";

export const DEFAULTS = {
  /** px, square: enough for a 2048² mockup; the product job asks for its mockup size instead */
  size: 2048,
  /** Blender's shading/mask samples when the step names none (noise-free shading for the compositor) */
  samples: 32,
} as const;

/** 16 px (tests) to 4096 px (print-size flat lays); the compositor samples whatever it gets */
export const PASS_SIZE = { min: 16, max: 4096 } as const;

export const renderPassesParamsSchema = z.object({
  view: viewSchema,
  size: z.number().int().min(PASS_SIZE.min).max(PASS_SIZE.max).default(DEFAULTS.size),
  /** samples of Blender's shading/mask render (the UV render is always 1); the rasteriser has none */
  samples: z.number().int().min(1).max(1024).optional(),
});
export type RenderPassesParams = z.infer<typeof renderPassesParamsSchema>;

export const renderPassesOutputSchema = z.looseObject({
  view: viewSchema,
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  renderer: z.string(),
  degraded: z.boolean().optional(),
});
export type RenderPassesOutput = z.infer<typeof renderPassesOutputSchema>;
export const RENDER_PASSES_ASSETS = ["uv", "shading", "mask"] as const;
