/** ModelInfo (print areas, tint materials, licence; app/contracts/model-info.ts) travels inside the GLB as root extras.mockup. */
import type { Document } from "@gltf-transform/core";
import { modelInfoSchema, type ModelInfo } from "../contracts/model-info";

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
