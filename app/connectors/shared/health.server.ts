/**
 * A connector's health check for the admin's "Check connection" button: the cheapest authenticated call of each
 * vendor (Mockey.ai: the template list; VirtualThreads.io: the garment list), under the connector's policy, so a
 * vendor that is down shows the same fault class and breaker the jobs see. The answer carries no secret.
 */
import { MockeyClient } from "../mockey/client";
import { VirtualThreadsClient } from "../virtualthreads/client";
import type { ConnectorKit } from "./connector";
import { isConnectorFault } from "./faults";

export interface HealthResult {
  ok: boolean;
  ms: number;
  /** what the vendor answered ("12 templates") or why it failed (a fault class and a message without secrets) */
  detail: string;
  fault?: string;
}

export async function checkConnector(kit: ConnectorKit, shop: string, service: "mockey" | "virtualthreads"): Promise<HealthResult> {
  const t0 = performance.now();
  try {
    if (service === "mockey") {
      const list = await new MockeyClient(kit, { templateCacheMs: 0 }).listTemplates({ shop });
      return { ok: true, ms: Math.round(performance.now() - t0), detail: `${list.length} templates` };
    }
    const { garments } = await new VirtualThreadsClient(kit).garments({ shop });
    return { ok: true, ms: Math.round(performance.now() - t0), detail: `${garments.length} garments` };
  } catch (err) {
    if (!isConnectorFault(err)) throw err;
    return { ok: false, ms: Math.round(performance.now() - t0), detail: err.message, fault: err.fault };
  }
}
