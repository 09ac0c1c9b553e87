/** ProviderHealth rows per shop (the admin's service status), written only when a provider's status or breaker state changes. */
import type { Db } from "../db/client.server";
import type { ProviderRegistry } from "./registry";
import type { Provider } from "./types";

export class ProviderHealthRecorder {
  /** last written "status|breaker" per shop × capability × provider: most outcomes change nothing and write nothing */
  private readonly seen = new Map<string, string>();

  constructor(
    private readonly db: Db,
    private readonly registry: ProviderRegistry,
  ) {}

  record(shop: string, p: Provider, ok: boolean, ms: number, error?: string): void {
    const breakerState = this.registry.breakerState(p.capability, p.name);
    const status = ok ? (p.degraded ? "degraded" : "up") : "down";
    const k = `${shop}\u0000${p.capability}\u0000${p.name}`;
    const sig = `${status}|${breakerState}`;
    if (this.seen.get(k) === sig) return;
    this.seen.set(k, sig);
    const data = { status, breakerState, latencyMs: Math.round(ms), lastError: ok ? null : (error ?? null), checkedAt: new Date() };
    void this.db.providerHealth
      .upsert({
        where: { shop_provider_capability: { shop, provider: p.name, capability: p.capability } },
        create: { shop, provider: p.name, capability: p.capability, ...data },
        update: data,
      })
      .catch(() => this.seen.delete(k));
  }
}
