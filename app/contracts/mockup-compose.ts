/** `mockup.compose`: one mockup (a colour × a view × a design) from a model's passes, in tens of milliseconds. */
import { z } from "zod";
import { assetKeySchema } from "./asset-key";
import { colorSchema, hexSchema } from "./colour";
import { DEFAULTS as IMAGE_DEFAULTS, imageFormatSchema, mockupSizeSchema } from "./image-format";
import { placementSchema } from "./placement";
import { viewSchema } from "./view";

export const DEFAULTS = {
  size: IMAGE_DEFAULTS.mockupSize,
  format: IMAGE_DEFAULTS.mockupFormat,
} as const;

export const mockupComposeParamsSchema = z.object({
  view: viewSchema,
  color: colorSchema,
  designKey: assetKeySchema.nullish(),
  placement: placementSchema.prefault({}),
  size: mockupSizeSchema.default(DEFAULTS.size),
  format: imageFormatSchema.default(DEFAULTS.format),
  /** #RRGGBB, an asset key of a backdrop image, or "transparent" (PNG/WebP); absent: white */
  backdrop: z.union([hexSchema, assetKeySchema, z.literal("transparent")]).optional(),
});
export type MockupComposeParams = z.infer<typeof mockupComposeParamsSchema>;

export const mockupComposeOutputSchema = z.looseObject({
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  view: viewSchema,
  color: hexSchema,
  degraded: z.boolean(),
});
export type MockupComposeOutput = z.infer<typeof mockupComposeOutputSchema>;
export const MOCKUP_COMPOSE_ASSETS = ["image"] as const;
