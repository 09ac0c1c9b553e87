/**
 * Which `mockup.live` provider answers a shopper: the shop's order (admin → Settings → Services, local first by
 * default), VirtualThreads.io only when the merchant switched it on for the storefront and set its key. A vendor's
 * fault (ConnectorFault: down, slow, breaker open) falls through to the next provider, so a shopper always gets
 * previews; the local provider's own errors are the shopper's answer, as before.
 */
import type { Db } from "../db/client.server";
import { isConfigured } from "../connectors/shared/connector";
import { resolveKit, type KitSource } from "../connectors/shared/default-kit.server";
import { isConnectorFault } from "../connectors/shared/faults";
import { virtualThreadsLiveProvider } from "../connectors/virtualthreads/live";
import { logger } from "../monitoring/logger.server";
import { getConnectorCredentials, providerOrder } from "../shopify/settings.server";
import { localLiveProvider, type LiveMockupProvider } from "./live-provider";

export interface LiveChainOptions {
  kit: KitSource;
  /** the local provider (tests may pass their own) */
  local?: LiveMockupProvider;
  vendor?: LiveMockupProvider;
}

/** The providers for `shop`, in the order they are tried. */
export async function liveProvidersFor(db: Db, shop: string, o: LiveChainOptions): Promise<LiveMockupProvider[]> {
  const local = o.local ?? localLiveProvider();
  const creds = await getConnectorCredentials(db, shop, "virtualthreads").catch(() => null);
  const vendorOn = creds?.storefront === true && (await isConfigured(resolveKit(o.kit), shop, "virtualthreads"));
  const choice = await providerOrder(db, shop, "mockup.live");
  const byName: Record<string, LiveMockupProvider | undefined> = { local, virtualthreads: vendorOn ? (o.vendor ?? virtualThreadsLiveProvider(o.kit)) : undefined };
  const ordered = (choice?.order ?? ["local", "virtualthreads"]).map((n) => byName[n]).filter((p): p is LiveMockupProvider => !!p);
  // the local provider is never dropped: a shopper's preview must not depend on a vendor
  return ordered.includes(local) ? ordered : [...ordered, local];
}

/** One port that tries the shop's providers in order. */
export async function liveChain(db: Db, shop: string, o: LiveChainOptions): Promise<LiveMockupProvider & { lastServedBy?: string }> {
  const providers = await liveProvidersFor(db, shop, o);
  const chain: LiveMockupProvider & { lastServedBy?: string } = {
    name: "chain",
    capability: "mockup.live",
    async render(req) {
      let lastFault: unknown;
      for (const p of providers) {
        try {
          const out = await p.render({ ...req, shop });
          chain.lastServedBy = p.name;
          return out;
        } catch (err) {
          if (!isConnectorFault(err)) throw err;
          lastFault = err;
          logger.warn({ shop, provider: p.name, fault: err.fault, err: err.message }, "live mockup provider failed; trying the next");
        }
      }
      throw lastFault;
    },
  };
  return chain;
}
