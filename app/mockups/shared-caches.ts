/** Process-wide caches shared by the providers, the CLI and catalog workers (one per thread). */
import { PassCache } from "./passes/cache";
import { passCacheMb } from "../config/env";

let passCache: PassCache | undefined;

export function sharedPassCache(): PassCache {
  passCache ??= new PassCache({ maxBytes: passCacheMb() * 1024 * 1024 });
  return passCache;
}
