/** Locating Blender and the worker script. */
import { accessSync, constants } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** blender/worker.py in this repository (Python that runs only inside Blender). */
export const WORKER_SCRIPT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../blender/worker.py");

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The Blender executable: env BLENDER_PATH if set (an empty or missing file means "no Blender"),
 * else the first `blender` on PATH, else /usr/bin/blender. Null when none is executable.
 */
export function findBlender(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.BLENDER_PATH !== undefined) return env.BLENDER_PATH && executable(env.BLENDER_PATH) ? env.BLENDER_PATH : null;
  for (const dir of (env.PATH ?? "").split(path.delimiter).filter(Boolean)) {
    const file = path.join(dir, "blender");
    if (executable(file)) return file;
  }
  return executable("/usr/bin/blender") ? "/usr/bin/blender" : null;
}

/**
 * The environment Blender runs with: a plain PATH (a pyenv python first on PATH breaks Blender's
 * bundled numpy lookup, see docs/decisions/040-blender-worker-protocol.md) and nothing secret.
 */
export function blenderEnv(blender: string, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return {
    NODE_ENV: env.NODE_ENV ?? "production",
    PATH: [path.dirname(blender), "/usr/local/bin", "/usr/bin", "/bin"].join(path.delimiter),
    HOME: env.HOME ?? "/tmp",
    LANG: "C.UTF-8",
    TMPDIR: env.TMPDIR ?? "/tmp",
  } as NodeJS.ProcessEnv;
}

export const BLENDER_ARGS = ["-b", "--factory-startup", "-noaudio", "--python-exit-code", "1", "--python", WORKER_SCRIPT];
