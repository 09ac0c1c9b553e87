/**
 * Blender health: `blender --version`, and optionally a tiny scene rendered by the real worker (proves
 * Python, numpy, the glTF importer and Cycles work, not just that the binary starts).
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { blenderEnv, findBlender } from "./find";
import { BlenderPool } from "./pool";

export const BLENDER_HEALTH_DEFAULTS = {
  /** ms for each check */
  timeoutMs: 30_000,
} as const;

export interface BlenderHealthOptions {
  /** Blender executable (default: findBlender()) */
  blender?: string | null;
  /** also render a tiny scene through the worker (takes a few seconds; default false) */
  tinyScene?: boolean;
  /** ms for each check (default BLENDER_HEALTH_DEFAULTS.timeoutMs) */
  timeoutMs?: number;
}

export interface BlenderHealth {
  ok: boolean;
  /** "ok" | "missing" | "failing" */
  status: "ok" | "missing" | "failing";
  path: string | null;
  version?: string;
  /** ms the tiny scene took, when asked for */
  tinySceneMs?: number;
  detail?: string;
}

const TINY_MODEL = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../library/garments/tee.glb");

export function blenderVersion(blender: string, timeoutMs: number = BLENDER_HEALTH_DEFAULTS.timeoutMs): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(blender, ["--version"], { timeout: timeoutMs, env: blenderEnv(blender) }, (err, stdout) => {
      const version = /Blender\s+(\d+\.\d+(?:\.\d+)?)/.exec(String(stdout))?.[1];
      if (err || !version) reject(new Error(err ? `blender --version failed: ${err.message}` : "blender --version printed no version"));
      else resolve(version);
    });
  });
}

export async function blenderHealth(opts: BlenderHealthOptions = {}): Promise<BlenderHealth> {
  const blender = opts.blender === undefined ? findBlender() : opts.blender;
  if (!blender) return { ok: false, status: "missing", path: null, detail: "Blender not found: drape uses the committed garments, hero renders the compositor (degraded)" };
  let version: string;
  try {
    version = await blenderVersion(blender, opts.timeoutMs);
  } catch (err) {
    return { ok: false, status: "failing", path: blender, detail: (err as Error).message };
  }
  if (!opts.tinyScene) return { ok: true, status: "ok", path: blender, version };
  const pool = new BlenderPool({ blender, size: 1, deadlineMs: opts.timeoutMs ?? BLENDER_HEALTH_DEFAULTS.timeoutMs });
  const dir = await mkdtemp(path.join(os.tmpdir(), "mockup-blender-health-"));
  try {
    const t0 = Date.now();
    const out = path.join(dir, "tiny.png");
    await pool.run("hero", { model: TINY_MODEL, view: "front", size: 32, samples: 1, color: { name: "white", hex: "#ffffff" }, out });
    if ((await stat(out)).size < 50) throw new Error("the tiny scene wrote no image");
    return { ok: true, status: "ok", path: blender, version, tinySceneMs: Date.now() - t0 };
  } catch (err) {
    return { ok: false, status: "failing", path: blender, version, detail: `tiny scene failed: ${(err as Error).message}` };
  } finally {
    await pool.close();
    await rm(dir, { recursive: true, force: true });
  }
}
