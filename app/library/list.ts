/**
 * What the built-in models are, without building them: their infos (garments from their committed sidecars) and
 * names. Cheap to import (the catalogue and the sidecars; glTF-Transform's core types only), so the admin's
 * pages and the webhooks read the library without loading sharp or glTF-Transform's functions; building a model is
 * `loadModel` in app/library/index.ts.
 */
import type { ModelInfo } from "../contracts/model-info";
import { CATALOG } from "./catalog";
import { garmentInfoSync, GARMENTS_DIR } from "./garments";

export interface ListOptions {
  /** folder with committed garment GLBs and sidecars. Default app/library/garments (env MOCKUP_GARMENTS_DIR). */
  garmentsDir?: string;
}

export function modelNames(): string[] {
  return CATALOG.map((e) => e.info.name);
}

/** Infos of the built-in models; garments report their committed sidecar's info when one is present. */
export function listModels(options: ListOptions = {}): ModelInfo[] {
  const dir = options.garmentsDir ?? GARMENTS_DIR;
  return CATALOG.map((e) => (e.garment ? garmentInfoSync(e.info.name, dir) : undefined) ?? structuredClone(e.info));
}
