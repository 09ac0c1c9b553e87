/**
 * What every connector adapter is built from: the shop's credentials, its policy (shared breakers + retry) and
 * the URL guard. One ConnectorKit per process is enough; adapters take it as a lazy dependency so building the
 * registry opens no database connection.
 */
import type { Db } from "../../db/client.server";
import { getConnectorCredentials, type ConnectorCredentials } from "../../shopify/settings.server";
import type { Service } from "../../shopify/settings-types";
import { SharedBreakers, type BreakerOptions } from "./breaker-store";
import { ConnectorFault } from "./faults";
import { ConnectorPolicy, type ConnectorPolicyOptions } from "./policy";
import type { UrlGuardOptions } from "./url-guard";

/** Defaults: each part's DEFAULTS (policy.ts, breaker-store.ts, url-guard.ts). */
export interface ConnectorKitOptions {
  policy?: ConnectorPolicyOptions;
  /** per provider name, overrides of `policy` (a slow vendor may need a longer attempt timeout) */
  perProvider?: Record<string, ConnectorPolicyOptions>;
  breakers?: BreakerOptions;
  guard?: UrlGuardOptions;
  /** where credentials come from (default: the shop's settings, app/shopify/settings.server.ts) */
  credentials?(db: Db, shop: string, service: Service): Promise<ConnectorCredentials>;
}

export interface ConnectorKit {
  db: Db;
  breakers: SharedBreakers;
  guard: UrlGuardOptions;
  /** the policy of one provider (one per provider name, created on first use) */
  policy(provider: string): ConnectorPolicy;
  /** the shop's credentials for `service`; throws ConnectorFault "not_configured" when there is no base URL or key */
  credentials(shop: string, service: Service, need?: { apiKey?: boolean; client?: boolean }): Promise<ConnectorCredentials & { baseUrl: string }>;
}

export function connectorKit(db: Db, opts: ConnectorKitOptions = {}): ConnectorKit {
  const breakers = new SharedBreakers(db, opts.breakers);
  const policies = new Map<string, ConnectorPolicy>();
  const read = opts.credentials ?? getConnectorCredentials;
  return {
    db,
    breakers,
    guard: opts.guard ?? {},
    policy(provider) {
      let p = policies.get(provider);
      if (!p) policies.set(provider, (p = new ConnectorPolicy(provider, breakers, { ...opts.policy, ...opts.perProvider?.[provider] })));
      return p;
    },
    async credentials(shop, service, need = { apiKey: true }) {
      const c = await read(db, shop, service);
      const missing = !c.baseUrl ? "base URL" : need.apiKey && !c.apiKey ? "API key" : need.client && (!c.clientId || !c.clientSecret) ? "client id and secret" : null;
      if (missing) throw new ConnectorFault("not_configured", `${service}: no ${missing} set for this shop (admin → Settings → Services)`, { provider: service });
      return c as ConnectorCredentials & { baseUrl: string };
    },
  };
}

/** True when the shop has what the service needs, for Provider.isAvailable (a missing key skips the provider). */
export async function isConfigured(kit: ConnectorKit, shop: string, service: Service, need?: { apiKey?: boolean; client?: boolean }): Promise<boolean> {
  try {
    await kit.credentials(shop, service, need);
    return true;
  } catch {
    return false;
  }
}
