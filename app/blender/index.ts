/** Blender automation: a pool of long-lived worker processes and the providers built on it. */
export { BlenderPool, type BlenderPoolOptions, type JobResult, type RunOptions } from "./pool";
export { BlenderProcess } from "./process";
export { BlenderError } from "./errors";
export { findBlender, WORKER_SCRIPT } from "./find";
export { blenderHealth, blenderVersion, type BlenderHealth } from "./health";
export { blenderProviders, blenderDrapeProvider, blenderPassesProvider, blenderHeroProvider, BLENDER_PROVIDER_VERSION, BLENDER_PASSES_VERSION, BLENDER_HERO_VERSION } from "./providers";

import { BlenderPool } from "./pool";

let shared: BlenderPool | undefined;
/** The process-wide pool (size: poolSizeFromEnv(), MOCKUP_BLENDER_POOL or POOL_DEFAULTS.size). */
export function sharedBlenderPool(): BlenderPool {
  shared ??= new BlenderPool();
  return shared;
}
