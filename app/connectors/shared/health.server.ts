/**
 * A connector's health check for the admin's "Check connection" button: the cheapest authenticated call of each
 * vendor (Mockey.ai: the template list; VirtualThreads.io: the garment list; CGTrader: a token and the category
 * list), under the connector's policy, so a vendor that is down shows the same fault class and breaker the jobs see.
 * The answer carries no secret: counts, a fault class and a message built from method, path and status only.
 */
import { MockeyClient } from "../mockey/client";
import { VirtualThreadsClient } from "../virtualthreads/client";
import type { ConnectorKit } from "./connector";
import { ConnectorFault, isConnectorFault, type FaultClass } from "./faults";

export const HEALTH_SERVICES = ["cgtrader", "mockey", "virtualthreads"] as const;
export type HealthService = (typeof HEALTH_SERVICES)[number];

export interface HealthResult {
  ok: boolean;
  ms: number;
  /** what the vendor listed, for the merchant's message ("8 templates": count and what it counted) */
  count?: number;
  unit?: "templates" | "garments" | "categories";
  /** why it failed: a message without secrets (English, for logs; the page shows `fault` in the merchant's language) */
  detail: string;
  fault?: FaultClass;
}

export async function checkConnector(kit: ConnectorKit, shop: string, service: HealthService): Promise<HealthResult> {
  const t0 = performance.now();
  const ok = (count: number, unit: HealthResult["unit"]): HealthResult => ({ ok: true, ms: Math.round(performance.now() - t0), count, unit, detail: `${count} ${unit}` });
  try {
    if (service === "mockey") return ok((await new MockeyClient(kit, { templateCacheMs: 0 }).listTemplates({ shop })).length, "templates");
    if (service === "virtualthreads") return ok((await new VirtualThreadsClient(kit).garments({ shop })).garments.length, "garments");
    // loaded here: CGTrader's wiring brings the import's provider (glTF-Transform), which no other check needs
    const [{ cgtraderAccessOn }, { CgtraderClient }] = await Promise.all([import("../cgtrader/wiring.server"), import("../cgtrader/client")]);
    const access = cgtraderAccessOn(kit);
    const creds = await access.credentials(shop);
    if (!creds) throw new ConnectorFault("not_configured", "cgtrader: no base URL, client id and secret set for this shop", { provider: "cgtrader" });
    const client = new CgtraderClient(creds, await access.clientOptions?.(shop));
    return ok((await client.categories()).categories.length, "categories");
  } catch (err) {
    if (!isConnectorFault(err)) throw err;
    return { ok: false, ms: Math.round(performance.now() - t0), detail: err.message, fault: err.fault };
  }
}
