/** Process-wide caches shared by the providers, the CLI and catalog workers (one per thread). */
import { PassCache } from "./passes/cache";

let passCache: PassCache | undefined;

export function sharedPassCache(): PassCache {
  passCache ??= new PassCache({ maxBytes: Number(process.env.MOCKUP_PASS_CACHE_MB ?? 512) * 1024 * 1024 });
  return passCache;
}
