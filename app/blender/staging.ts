/**
 * Files for Blender: the model and design of a job are staged at stable paths named by their asset key
 * (so the worker sees the same path for the same model and can keep its scene), outputs go to a temp
 * directory per job. A staged file's atime is its last use (set here, not left to the mount's atime policy);
 * `pruneStaged` removes the ones not used for a day.
 */
import { mkdir, mkdtemp, readdir, rename, rm, stat, utimes, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { AssetStore } from "../assets/store/types";

export const STAGE_DIR = process.env.MOCKUP_BLENDER_STAGE ?? path.join(os.tmpdir(), "mockup-blender");

/** true when the file is there; its atime then becomes now, so pruning sees it as used. The mtime stays:
 * the Blender worker keys its kept scene on the model's mtime, and a touch must not make it reload. */
async function touchIfExists(file: string): Promise<boolean> {
  const st = await stat(file).catch(() => null);
  if (!st) return false;
  await utimes(file, new Date(), st.mtime).catch(() => undefined);
  return true;
}

async function writeAtomic(file: string, data: Buffer | Uint8Array): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, file);
}

/** The model GLB at STAGE_DIR/models/KEY.glb (the key is a sha256: content never changes). */
export async function stageModel(assets: AssetStore, key: string, dir = STAGE_DIR): Promise<string> {
  const file = path.join(dir, "models", `${key}.glb`);
  if (!(await touchIfExists(file))) await writeAtomic(file, await assets.get(key));
  return file;
}

/** The design as a PNG (Blender reads PNG everywhere; uploads may be JPEG or WebP). */
export async function stageDesign(assets: AssetStore, key: string, dir = STAGE_DIR): Promise<string> {
  const file = path.join(dir, "designs", `${key}.png`);
  if (await touchIfExists(file)) return file;
  // imported here: the runtime imports this module for pruneStaged, and job-listing commands must not load sharp
  const { default: sharp } = await import("sharp");
  await writeAtomic(file, await sharp(await assets.get(key)).png().toBuffer());
  return file;
}

export async function jobDir(prefix: string): Promise<string> {
  await mkdir(path.join(STAGE_DIR, "jobs"), { recursive: true });
  return mkdtemp(path.join(STAGE_DIR, "jobs", `${prefix}-`));
}

export const PRUNE_DEFAULTS = {
  /** staged files and job directories unused for longer than this are removed, ms */
  maxAgeMs: 24 * 60 * 60 * 1000,
} as const;

export interface PruneStagedOptions {
  /** staged files and job directories unused for longer than this are removed, ms (default PRUNE_DEFAULTS.maxAgeMs: 24 h) */
  maxAgeMs?: number;
  /** only count what would be removed (default false) */
  dryRun?: boolean;
  /** the staging directory (default STAGE_DIR) */
  dir?: string;
  /** clock for tests (default now) */
  now?: Date;
}

/**
 * Removes staged models and designs not used within maxAgeMs, and job directories a killed worker left behind.
 * Staged files are copies of assets (the asset store keeps the originals), so removing one costs a re-stage at most.
 */
export async function pruneStaged(opts: PruneStagedOptions = {}): Promise<{ removed: number; bytes: number }> {
  const dir = opts.dir ?? STAGE_DIR;
  const cutoff = (opts.now ?? new Date()).getTime() - (opts.maxAgeMs ?? PRUNE_DEFAULTS.maxAgeMs);
  const out = { removed: 0, bytes: 0 };
  for (const sub of ["models", "designs", "jobs"]) {
    const names = await readdir(path.join(dir, sub)).catch(() => [] as string[]);
    for (const name of names) {
      const entry = path.join(dir, sub, name);
      const st = await stat(entry).catch(() => null);
      if (!st || Math.max(st.atimeMs, st.mtimeMs) >= cutoff) continue;
      if (!opts.dryRun) {
        // a job may have staged this key since the first look: check again right before removing (the window left
        // is one stat; losing it makes that one job fail to open its model and fall back to the next provider)
        const again = await stat(entry).catch(() => null);
        if (!again || Math.max(again.atimeMs, again.mtimeMs) >= cutoff) continue;
        await rm(entry, { recursive: true, force: true });
      }
      out.removed++;
      out.bytes += st.isFile() ? st.size : 0;
    }
  }
  return out;
}
