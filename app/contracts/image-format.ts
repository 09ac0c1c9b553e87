/** Encoded image formats the compositor and the renderers write. */
import { z } from "zod";

export const IMAGE_FORMATS = ["jpeg", "webp", "png"] as const;
export const imageFormatSchema = z.enum(IMAGE_FORMATS);
export type ImageFormat = z.infer<typeof imageFormatSchema>;

/** Mockup sizes (square, px): the two the storefront and the admin show. */
export const mockupSizeSchema = z.union([z.literal(1024), z.literal(2048)]);
export type MockupSize = z.infer<typeof mockupSizeSchema>;

export const DEFAULTS = {
  /** mockups: small, photographic */
  mockupFormat: "jpeg" as ImageFormat,
  mockupSize: 1024 as MockupSize,
} as const;
