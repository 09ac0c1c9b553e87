/**
 * A persistent outage tells the merchant once, not once per job: when a shop's job meets a provider whose breaker
 * has been open longer than the shop's setting (admin → Settings → Alerts, default 10 minutes), one admin
 * notification and one POST to the shop's alert webhook (Slack-compatible JSON). When the breaker closes, one
 * "recovered" message to every shop that was told. "Once" is a ConnectorAlert row keyed by (shop, provider,
 * outage): whoever inserts it sends; whoever flips its recoveredAt sends the recovery. Several workers racing
 * on the same outage therefore send one message each way.
 */
import type { Logger } from "pino";
import type { Db } from "../../db/client.server";
import { isUniqueViolation } from "../../db/errors";
import { getAlertSettings } from "../../shopify/settings.server";
import type { BreakerEvent, BreakerRow, SharedBreakers } from "./breaker-store";
import { vendorRequest } from "./http";
import type { UrlGuardOptions } from "./url-guard";

export const DEFAULTS = {
  webhookTimeoutMs: 5_000,
} as const;

/** Defaults: DEFAULTS; the outage length comes from each shop's settings unless `outageAfterMs` is given. */
export interface OutageAlertOptions {
  /** overrides every shop's "outage minutes" (tests, the demo) */
  outageAfterMs?: number;
  /** deadline of the webhook POST (default 5 000 ms) */
  webhookTimeoutMs?: number;
  guard?: UrlGuardOptions;
  log?: Logger;
  /** provider name → the label the merchant knows */
  labels?: Record<string, string>;
  now?: () => number;
}

export interface AlertMessage {
  /** Slack shows `text`; the other fields are for receivers that parse JSON */
  text: string;
  event: "outage" | "recovered";
  provider: string;
  shop: string;
  since: string | null;
  lastError: string | null;
}

export class OutageAlerts {
  /** outages this process knows are told (shop|provider|outage): later refusals need no database round trip */
  private readonly told = new Set<string>();

  constructor(
    private readonly db: Db,
    private readonly opts: OutageAlertOptions = {},
  ) {}

  /** Wires the alerts to a breaker store: refusals may raise an alert, closes send recoveries. */
  attach(breakers: SharedBreakers): () => void {
    return breakers.onEvent((e) => this.onEvent(e));
  }

  private label(provider: string) {
    return this.opts.labels?.[provider] ?? provider;
  }

  private async onEvent(e: BreakerEvent): Promise<void> {
    if (e.kind === "refused") await this.noticed(e.caller, e.row);
    if (e.kind === "closed" && e.outageId) await this.recovered(e.provider, e.outageId);
  }

  /** A job of `shop` met the open breaker `row`: alert once when the outage is older than the shop's setting. */
  async noticed(shop: string, row: BreakerRow): Promise<boolean> {
    if (!row.outageId || !row.outageSince) return false;
    const key = `${shop}|${row.provider}|${row.outageId}`;
    if (this.told.has(key)) return false;
    const settings = await getAlertSettings(this.db, shop);
    const after = this.opts.outageAfterMs ?? settings.outageMinutes * 60_000;
    const now = this.opts.now?.() ?? Date.now();
    if (now - row.outageSince.getTime() < after) return false;
    try {
      await this.db.connectorAlert.create({ data: { shop, provider: row.provider, outageId: row.outageId } });
    } catch (err) {
      if (isUniqueViolation(err)) {
        this.told.add(key); // told already (by this worker or another)
        return false;
      }
      throw err;
    }
    this.told.add(key);
    const name = this.label(row.provider);
    const since = row.outageSince.toISOString();
    const text = `${name} has been failing since ${since}${row.lastError ? ` (last error: ${row.lastError})` : ""}. Jobs use the next provider or earlier results meanwhile.`;
    await this.db.notification.create({ data: { shop, level: "critical", message: text.slice(0, 4000) } });
    await this.post(shop, { text: `:rotating_light: ${text}`, event: "outage", provider: row.provider, shop, since, lastError: row.lastError }, settings.webhookUrl);
    return true;
  }

  /** The breaker of `provider` closed: one "recovered" to every shop told of this outage. */
  async recovered(provider: string, outageId: string): Promise<number> {
    const told = await this.db.connectorAlert.findMany({ where: { provider, outageId, recoveredAt: null } });
    let sent = 0;
    for (const a of told) {
      const flipped = await this.db.connectorAlert.updateMany({ where: { shop: a.shop, provider, outageId, recoveredAt: null }, data: { recoveredAt: new Date() } });
      if (flipped.count !== 1) continue;
      const text = `${this.label(provider)} works again.`;
      await this.db.notification.create({ data: { shop: a.shop, level: "info", message: text } });
      const { webhookUrl } = await getAlertSettings(this.db, a.shop);
      await this.post(a.shop, { text: `:white_check_mark: ${text}`, event: "recovered", provider, shop: a.shop, since: null, lastError: null }, webhookUrl);
      sent++;
    }
    return sent;
  }

  /** POSTs to the merchant's webhook through the URL guard; a failed alert is logged, never thrown into a job. */
  private async post(shop: string, message: AlertMessage, url: string | null): Promise<void> {
    if (!url) return;
    try {
      await vendorRequest({ provider: "alert-webhook", method: "POST", url, json: message, timeoutMs: this.opts.webhookTimeoutMs ?? DEFAULTS.webhookTimeoutMs, guard: this.opts.guard });
    } catch (err) {
      this.opts.log?.warn({ shop, err: (err as Error).message }, "outage alert webhook failed");
    }
  }
}
