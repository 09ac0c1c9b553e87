/**
 * The provider registry for this deployment: every capability's providers in fallback order. Local providers
 * come first (they always work offline); degraded stand-ins last, so they only serve when the real one fails.
 * External services (CGTrader, Mockey.ai, VirtualThreads.io) are registered here when their connectors land.
 */
import { sharedBlenderPool, blenderProviders } from "./blender";
import { designProviders } from "./designs/providers";
import { gltfProviders } from "./gltf/providers";
import { decalProvider } from "./decal/provider";
import { committedDrapeProvider } from "./library/drape-fallback";
import { libraryProviders } from "./library/providers";
import { mockupProviders } from "./mockups/providers";
import { orderProviders } from "./orders/printfile/providers";
import { ProviderRegistry, type RegistryOptions } from "./pipeline/registry";
import { shopifyPublishProvider } from "./publish/provider";
import type { Provider } from "./pipeline/types";

export interface CreateRegistryOptions {
  /** resilience settings (timeouts, retries, breaker) */
  policy?: RegistryOptions;
  env?: NodeJS.ProcessEnv;
}

export function createRegistry(opts: CreateRegistryOptions = {}): ProviderRegistry {
  const registry = new ProviderRegistry(opts.policy);
  for (const p of orderedProviders()) registry.register(p);
  return registry;
}

/** Registration order is fallback order within a capability: real providers before degraded ones. */
export function orderedProviders(): Provider[] {
  const all = [
    ...libraryProviders(),
    ...gltfProviders(),
    decalProvider,
    ...blenderProviders(sharedBlenderPool()),
    committedDrapeProvider,
    ...mockupProviders(),
    ...designProviders(),
    ...orderProviders(),
    // loaded on first use: the Shopify library needs SHOPIFY_API_KEY etc., which only Shopify products' jobs need
    shopifyPublishProvider(async () => (await import("./publish/deps.server")).publishDepsFromEnv()),
  ];
  return [...all.filter((p) => !p.degraded), ...all.filter((p) => p.degraded)];
}
