/**
 * Draped garments committed by the Blender scripts: app/library/garments/NAME.glb with a NAME.json
 * sidecar (ModelInfo). Read through the same hostile-input checks as any upload.
 */
import { existsSync, readFileSync } from "node:fs";
import { access, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { modelInfoSchema, type ModelInfo } from "../contracts/model-info";

export const GARMENTS_DIR = process.env.MOCKUP_GARMENTS_DIR ?? path.join(path.dirname(fileURLToPath(import.meta.url)), "garments");

export interface CommittedGarment {
  glb: Uint8Array;
  info: ModelInfo;
  file: string;
}

/** The committed GLB and sidecar for `name` (the size-M drape; with pose "flat", its flat lay, flat/NAME-M.glb,
 * which keeps the drape's UVs and so its sidecar), or undefined when either is missing. */
export async function findGarment(name: string, dir = GARMENTS_DIR, pose: "form" | "flat" = "form"): Promise<CommittedGarment | undefined> {
  const file = pose === "flat" ? path.join(dir, "flat", `${name}-M.glb`) : path.join(dir, `${name}.glb`);
  const sidecar = path.join(dir, `${name}.json`);
  try {
    await access(file);
    await access(sidecar);
  } catch {
    return undefined;
  }
  const info = sidecarInfo(name, await readFile(sidecar, "utf8"));
  return { glb: new Uint8Array(await readFile(file)), info, file };
}

/** The sidecar's info when both files are present (listModels is synchronous). */
export function garmentInfoSync(name: string, dir = GARMENTS_DIR): ModelInfo | undefined {
  const sidecar = path.join(dir, `${name}.json`);
  if (!existsSync(path.join(dir, `${name}.glb`)) || !existsSync(sidecar)) return undefined;
  return sidecarInfo(name, readFileSync(sidecar, "utf8"));
}

function sidecarInfo(name: string, text: string): ModelInfo {
  const raw = JSON.parse(text) as Record<string, unknown>;
  // sidecars may omit library fields; fill them so the record matches ModelInfo
  return modelInfoSchema.parse({ licence: "built-in", author: "Mockup Pipeline (Blender drape)", title: name, ...raw, name }) as ModelInfo;
}

const flatLays = new Map<string, boolean>();

/** Whether a built-in garment has a committed flat lay (GARMENTS/flat/NAME-M.glb, decision 160). Asked for every
 * product job spec (webhooks included): the committed files do not change while the process runs, so looked up once. */
export function hasFlatLay(name: string, dir = GARMENTS_DIR): boolean {
  if (!/^[a-z0-9_-]+$/.test(name)) return false;
  const key = `${dir}:${name}`;
  let has = flatLays.get(key);
  if (has === undefined) flatLays.set(key, (has = existsSync(path.join(dir, "flat", `${name}-M.glb`)) && existsSync(path.join(dir, `${name}.json`))));
  return has;
}
