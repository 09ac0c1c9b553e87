/**
 * What the library and the asset processor know about a product model. It travels inside the GLB (root
 * extras.mockup, app/gltf/model-info.ts), in the sidecar JSON of each committed garment, and as a step's
 * `data.info` from model.fetch / garment.drape to the steps that render and compose.
 */
import { z } from "zod";
import { printAreaSchema } from "./print-area";

export const PRODUCT_TYPES = ["tshirt", "hoodie", "mug", "tote", "poster", "cap", "phonecase", "other"] as const;
export const productTypeSchema = z.enum(PRODUCT_TYPES);
export type ProductType = z.infer<typeof productTypeSchema>;

export const DEFAULTS = {
  /** a model whose type nobody said: generic size and triangle budget */
  productType: "other" as ProductType,
  /** an upstream info without tint materials: the colour applies to nothing (the model keeps its own colours) */
  tintMaterials: [] as readonly string[],
} as const;

/** The full record, as written into a GLB or a sidecar: every field required. */
export const modelInfoSchema = z.object({
  /** library name, e.g. "tee", "hoodie", "mug" */
  name: z.string().regex(/^[a-z0-9_-]{1,40}$/),
  title: z.string().min(1).max(200),
  productType: productTypeSchema,
  licence: z.string().min(1).max(200),
  author: z.string().max(200),
  printAreas: z.array(printAreaSchema).max(20),
  /** names of the materials that take the fabric/base colour (garment body, mug body...) */
  tintMaterials: z.array(z.string().max(200)).max(50),
});
export type ModelInfo = z.infer<typeof modelInfoSchema>;

/**
 * What a step reads from an upstream step's `data.info`: the name and print areas, tint materials when known.
 * Looser than the full record so a connector (or a test) that knows only these still composes; other fields
 * pass through untouched.
 */
export const stepModelInfoSchema = z.looseObject({
  name: z.string().min(1),
  printAreas: z.array(printAreaSchema).max(20),
  tintMaterials: z.array(z.string().max(200)).max(50).default(() => [...DEFAULTS.tintMaterials]),
});
export type StepModelInfo = z.infer<typeof stepModelInfoSchema>;

