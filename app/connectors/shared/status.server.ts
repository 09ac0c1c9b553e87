/**
 * What the admin shows per connector: the breaker state that governs this shop's calls (the worse of the
 * provider-wide row and the shop's own), its last error and since when. Read from ConnectorBreaker, the table every
 * worker writes, so the page shows what the workers see. Another shop's own rows are never read.
 */
import type { Db } from "../../db/client.server";
import { PROVIDER_SCOPE, type BreakerState } from "./breaker-store";

export const CONNECTORS = ["mockey", "virtualthreads", "cgtrader"] as const;

export interface ConnectorStatus {
  provider: string;
  state: BreakerState;
  /** "provider": an outage for every shop; "shop": this shop's own key or rate limit */
  scope: "provider" | "shop" | null;
  failures: number;
  lastFault: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
  since: string | null;
}

const RANK: Record<BreakerState, number> = { closed: 0, "half-open": 1, open: 2 };

export async function connectorStatus(db: Db, shop: string): Promise<ConnectorStatus[]> {
  const rows = await db.connectorBreaker.findMany({ where: { shop: { in: [PROVIDER_SCOPE, shop] } } });
  return CONNECTORS.map((provider) => {
    const mine = rows.filter((r) => r.provider === provider);
    const worst = mine.sort((a, b) => RANK[b.state as BreakerState] - RANK[a.state as BreakerState] || (b.lastErrorAt?.getTime() ?? 0) - (a.lastErrorAt?.getTime() ?? 0))[0];
    if (!worst) return { provider, state: "closed", scope: null, failures: 0, lastFault: null, lastError: null, lastErrorAt: null, since: null };
    return {
      provider,
      state: worst.state as BreakerState,
      scope: worst.state === "closed" ? null : worst.shop === PROVIDER_SCOPE ? "provider" : "shop",
      failures: worst.failures,
      lastFault: worst.lastFault,
      lastError: worst.lastError,
      lastErrorAt: worst.lastErrorAt?.toISOString() ?? null,
      since: worst.outageSince?.toISOString() ?? null,
    };
  });
}
