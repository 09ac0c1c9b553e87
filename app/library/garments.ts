/**
 * Draped garments committed by the Blender scripts: app/library/garments/NAME.glb with a NAME.json
 * sidecar (ModelInfo). Read through the same hostile-input checks as any upload.
 */
import { access, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ModelInfo } from "../models/types";
import { modelInfoSchema } from "../gltf/model-info";

export const GARMENTS_DIR = process.env.MOCKUP_GARMENTS_DIR ?? path.join(path.dirname(fileURLToPath(import.meta.url)), "garments");

export interface CommittedGarment {
  glb: Uint8Array;
  info: ModelInfo;
  file: string;
}

/** The committed GLB and sidecar for `name`, or undefined when either is missing. */
export async function findGarment(name: string, dir = GARMENTS_DIR): Promise<CommittedGarment | undefined> {
  const file = path.join(dir, `${name}.glb`);
  const sidecar = path.join(dir, `${name}.json`);
  try {
    await access(file);
    await access(sidecar);
  } catch {
    return undefined;
  }
  const raw = JSON.parse(await readFile(sidecar, "utf8")) as Record<string, unknown>;
  // sidecars may omit library fields; fill them so the record matches ModelInfo
  const info = modelInfoSchema.parse({ licence: "built-in", author: "Mockup Pipeline (Blender drape)", title: name, ...raw, name }) as ModelInfo;
  return { glb: new Uint8Array(await readFile(file)), info, file };
}
