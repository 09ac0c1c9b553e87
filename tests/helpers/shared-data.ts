/**
 * The one way tests and benchmarks find the shared test data (third-party sample models and images, the
 * pinned Admin GraphQL schema), which lives outside the repository: MOCKUP_SHARED_DIR, else `../shared`
 * beside the repository root. Both are resolved from the repository root, never from the working
 * directory, so a test reads the same files whichever folder vitest or a benchmark was started from.
 *
 * Only node: built-ins here, so scripts/test.mjs can import this file directly (Node strips the types).
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (this file is tests/helpers/shared-data.ts). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** The environment variable naming the shared folder (absolute, or relative to the repository root). */
export const SHARED_DIR_ENV = "MOCKUP_SHARED_DIR";

/** The shared folder the environment points at (it may not exist). */
export function sharedDir(env: Record<string, string | undefined> = process.env): string {
  const configured = env[SHARED_DIR_ENV]?.trim();
  return path.resolve(REPO_ROOT, configured || "../shared");
}

/** The one message for missing shared data: what was looked for, where, and how to point elsewhere. */
export function missingSharedMessage(relative: string, env: Record<string, string | undefined> = process.env): string {
  const from = env[SHARED_DIR_ENV]?.trim() ? SHARED_DIR_ENV : "the default, ../shared beside the repository";
  return (
    `shared test data not found: ${relative} (looked in ${sharedDir(env)}, from ${from}); ` +
    `set ${SHARED_DIR_ENV} to the folder that holds samples/ and shopify/`
  );
}

export class SharedDataMissingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SharedDataMissingError";
  }
}

/**
 * The absolute path of a file or folder inside the shared data, e.g. sharedPath("samples/models").
 * Throws SharedDataMissingError (with the message above) when it is not there.
 */
export function sharedPath(relative: string, env: Record<string, string | undefined> = process.env): string {
  const root = sharedDir(env);
  const file = path.resolve(root, relative);
  if (file !== root && !file.startsWith(root + path.sep)) throw new Error(`sharedPath: "${relative}" leaves the shared folder`);
  if (!existsSync(file)) throw new SharedDataMissingError(missingSharedMessage(relative, env));
  return file;
}
