/** ModelInfo (print areas, tint materials, licence) travels inside the GLB as root extras.mockup. */
import type { Document } from "@gltf-transform/core";
import { z } from "zod";
import type { ModelInfo } from "../models/types";

const uvSchema = z.object({ u0: z.number().min(0).max(1), v0: z.number().min(0).max(1), u1: z.number().min(0).max(1), v1: z.number().min(0).max(1) })
  .refine((r) => r.u1 > r.u0 && r.v1 > r.v0, "uv rect must have u1 > u0 and v1 > v0");

export const modelInfoSchema = z.object({
  name: z.string().regex(/^[a-z0-9_-]{1,40}$/),
  title: z.string().min(1).max(200),
  productType: z.enum(["tshirt", "hoodie", "mug", "tote", "poster", "cap", "phonecase", "other"]),
  licence: z.string().min(1).max(200),
  author: z.string().max(200),
  printAreas: z.array(z.object({ name: z.string().min(1).max(40), uv: uvSchema, widthCm: z.number().positive().max(500), heightCm: z.number().positive().max(500) })).max(20),
  tintMaterials: z.array(z.string().max(200)).max(50),
});

export function writeModelInfo(doc: Document, info: ModelInfo): void {
  const root = doc.getRoot();
  root.setExtras({ ...root.getExtras(), mockup: modelInfoSchema.parse(info) });
}

export function readModelInfo(doc: Document): ModelInfo | undefined {
  const raw = (doc.getRoot().getExtras() as { mockup?: unknown }).mockup;
  if (raw === undefined) return undefined;
  const parsed = modelInfoSchema.safeParse(raw);
  return parsed.success ? (parsed.data as ModelInfo) : undefined;
}
