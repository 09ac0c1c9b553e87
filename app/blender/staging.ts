/**
 * Files for Blender: the model and design of a job are staged at stable paths named by their asset key
 * (so the worker sees the same path for the same model and can keep its scene), outputs go to a temp
 * directory per job.
 */
import { mkdir, mkdtemp, rename, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import type { AssetStore } from "../assets/store/types";

export const STAGE_DIR = process.env.MOCKUP_BLENDER_STAGE ?? path.join(os.tmpdir(), "mockup-blender");

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

async function writeAtomic(file: string, data: Buffer | Uint8Array): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, file);
}

/** The model GLB at STAGE_DIR/models/KEY.glb (the key is a sha256: content never changes). */
export async function stageModel(assets: AssetStore, key: string): Promise<string> {
  const file = path.join(STAGE_DIR, "models", `${key}.glb`);
  if (!(await exists(file))) await writeAtomic(file, await assets.get(key));
  return file;
}

/** The design as a PNG (Blender reads PNG everywhere; uploads may be JPEG or WebP). */
export async function stageDesign(assets: AssetStore, key: string): Promise<string> {
  const file = path.join(STAGE_DIR, "designs", `${key}.png`);
  if (!(await exists(file))) await writeAtomic(file, await sharp(await assets.get(key)).png().toBuffer());
  return file;
}

export async function jobDir(prefix: string): Promise<string> {
  await mkdir(path.join(STAGE_DIR, "jobs"), { recursive: true });
  return mkdtemp(path.join(STAGE_DIR, "jobs", `${prefix}-`));
}
