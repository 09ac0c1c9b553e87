/**
 * The provider registry for this deployment: every capability's providers in fallback order. Local providers
 * come first (they always work offline); degraded stand-ins last, so they only serve when the real one fails.
 * External services (app/connectors/) come after the local provider of their capability, and are skipped for a
 * shop that has not configured them.
 */
import { sharedBlenderPool, blenderProviders } from "./blender";
import { designProviders } from "./designs/providers";
import { gltfProviders } from "./gltf/providers";
import { decalProvider } from "./decal/provider";
import { committedDrapeProvider } from "./library/drape-fallback";
import { libraryProviders } from "./library/providers";
import { cgtraderProviderOn } from "./connectors/cgtrader/wiring.server";
import { mockupProviders } from "./mockups/providers";
import { orderProviders } from "./orders/printfile/providers";
import { ProviderRegistry, type RegistryOptions } from "./pipeline/registry";
import type { ConnectorKit, ConnectorKitOptions } from "./connectors/shared/connector";
import { defaultConnectorKit, resolveKit, type KitSource } from "./connectors/shared/default-kit.server";
import { mockeyProviders, type MockeyProviderOptions } from "./connectors/mockey/providers";
import { liveProviders } from "./connectors/virtualthreads/providers";
import type { TaskWaitOptions } from "./connectors/shared/task";
import { shopifyPublishProvider } from "./publish/provider";
import type { Provider } from "./pipeline/types";

export interface CreateRegistryOptions {
  /** resilience settings (timeouts, retries, breaker) */
  policy?: RegistryOptions;
  env?: NodeJS.ProcessEnv;
  /**
   * Vendor connectors: a kit to use (tests, the demo), or options for the process's default kit. Every connector
   * is skipped for a shop that has not set its base URL and key, so the default registry runs offline.
   */
  connectors?: { kit?: ConnectorKit; kitOptions?: ConnectorKitOptions; mockey?: MockeyProviderOptions; virtualthreads?: TaskWaitOptions };
}

export function createRegistry(opts: CreateRegistryOptions = {}): ProviderRegistry {
  const registry = new ProviderRegistry(opts.policy);
  for (const p of orderedProviders(opts.connectors)) registry.register(p);
  return registry;
}

/** Registration order is fallback order within a capability: real providers before degraded ones. */
export function orderedProviders(connectors: CreateRegistryOptions["connectors"] = {}): Provider[] {
  const kit: KitSource = connectors.kit ?? (() => defaultConnectorKit(connectors.kitOptions));
  const all = [
    ...libraryProviders(),
    // imports from CGTrader (params.source); the built-in and imported models are the library's
    cgtraderProviderOn(() => resolveKit(kit)),
    ...gltfProviders(),
    decalProvider,
    ...blenderProviders(sharedBlenderPool()),
    committedDrapeProvider,
    ...mockupProviders(),
    ...designProviders(),
    // vendors after the local providers: the merchant moves them up in admin → Settings (assumed contracts, see README)
    ...mockeyProviders(kit, connectors.mockey),
    // mockup.live as a job capability: "local" (the storefront's provider) first, VirtualThreads.io after
    ...liveProviders(kit, connectors.virtualthreads),
    ...orderProviders(),
    // loaded on first use: the Shopify library needs SHOPIFY_API_KEY etc., which only Shopify products' jobs need
    shopifyPublishProvider(async () => (await import("./publish/deps.server")).publishDepsFromEnv()),
  ];
  return [...all.filter((p) => !p.degraded), ...all.filter((p) => p.degraded)];
}
