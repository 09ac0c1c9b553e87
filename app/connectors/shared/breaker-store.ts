/**
 * Circuit breakers every process shares: the state is a ConnectorBreaker row, so when one worker finds a vendor
 * down the other workers and the admin see it at once. Every transition is a compare-and-set on the row's
 * `version`, so two workers racing to take the half-open trial (or to open the breaker) cannot both win.
 *
 * Scopes: shop "" is the provider-wide outage breaker; a shop's own row counts the faults only that shop causes
 * (FAULT_RULES scope "shop": a bad key, its rate limit). A call is allowed only when both are. Decision 141.
 *
 *   closed ──(threshold consecutive failures)──▶ open ──(halfOpenAfterMs)──▶ half-open ──success──▶ closed
 *                                                  ▲                            │
 *                                                  └────────────failure─────────┘
 */
import { randomUUID } from "node:crypto";
import type { Db } from "../../db/client.server";
import { Sql } from "../../pipeline/sql";

export type BreakerState = "closed" | "open" | "half-open";
export const PROVIDER_SCOPE = "";

export const DEFAULTS = {
  threshold: 5,
  halfOpenAfterMs: 30_000,
  trialLeaseMs: 30_000,
} as const;

/** Defaults: DEFAULTS. */
export interface BreakerOptions {
  /** consecutive failed attempts that open a breaker (default 5) */
  threshold?: number;
  /** ms an open breaker waits before one trial call may go through (default 30 000) */
  halfOpenAfterMs?: number;
  /** ms a half-open trial may take before another caller may try instead (its process may have died; default 30 000) */
  trialLeaseMs?: number;
  /** the clock (tests) */
  now?: () => number;
}

export interface BreakerRow {
  provider: string;
  shop: string;
  state: BreakerState;
  failures: number;
  retryAt: Date | null;
  outageId: string | null;
  outageSince: Date | null;
  lastFault: string | null;
  lastError: string | null;
  lastErrorAt: Date | null;
  version: number;
}

/** What a transition did, for alerts (outage.ts) and metrics. */
export type BreakerEvent =
  | { kind: "opened"; provider: string; shop: string; outageId: string; outageSince: Date; error: string }
  | { kind: "closed"; provider: string; shop: string; outageId: string | null; outageSince: Date | null }
  /** a call by `caller` was refused by `row` (the outage alerts decide whether it has lasted long enough to tell) */
  | { kind: "refused"; provider: string; caller: string; row: BreakerRow };

/** allowed: `trial` when this call is the half-open trial; `dirty` when a row has state to clear on success. */
export type Admission = { allowed: true; trial: boolean; dirty: boolean } | { allowed: false; row: BreakerRow };

export class SharedBreakers {
  private readonly o: Required<BreakerOptions>;
  private readonly listeners = new Set<(e: BreakerEvent) => void | Promise<void>>();
  // transitions are single UPDATE statements (raw SQL both dialects accept, as the job claim does: decision 013),
  // so a compare-and-set never spans a read and a write that two processes could interleave
  private readonly sql: Sql;

  constructor(
    private readonly db: Db,
    opts: BreakerOptions = {},
  ) {
    this.sql = new Sql(db);
    this.o = {
      threshold: opts.threshold ?? DEFAULTS.threshold,
      halfOpenAfterMs: opts.halfOpenAfterMs ?? DEFAULTS.halfOpenAfterMs,
      trialLeaseMs: opts.trialLeaseMs ?? DEFAULTS.trialLeaseMs,
      now: opts.now ?? Date.now,
    };
  }

  get options(): Readonly<Required<BreakerOptions>> {
    return this.o;
  }

  /** Subscribe to transitions (open, close); returns an unsubscribe function. */
  onEvent(listener: (e: BreakerEvent) => void | Promise<void>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The rows that govern a call by `shop` to `provider`: the provider-wide one first. */
  async read(provider: string, shop: string): Promise<BreakerRow[]> {
    const rows = await this.db.connectorBreaker.findMany({ where: { provider, shop: { in: [PROVIDER_SCOPE, shop] } } });
    return (rows as BreakerRow[]).sort((a, b) => (a.shop === PROVIDER_SCOPE ? -1 : b.shop === PROVIDER_SCOPE ? 1 : 0));
  }

  /** Every row (admin health page, /healthz). */
  async list(filter: { provider?: string; shop?: string } = {}): Promise<BreakerRow[]> {
    const where = { ...(filter.provider ? { provider: filter.provider } : {}), ...(filter.shop !== undefined ? { shop: { in: [PROVIDER_SCOPE, filter.shop] } } : {}) };
    return (await this.db.connectorBreaker.findMany({ where, orderBy: [{ provider: "asc" }, { shop: "asc" }] })) as BreakerRow[];
  }

  /**
   * May `shop` call `provider` now? An open breaker past its cool-down lets exactly one caller through as the
   * half-open trial (the compare-and-set decides who); everyone else is refused until the trial reports.
   */
  async admit(provider: string, shop: string): Promise<Admission> {
    let trial = false;
    let dirty = false;
    for (const row of await this.read(provider, shop)) {
      const now = this.o.now();
      if (row.failures > 0) dirty = true;
      if (row.state === "closed") continue;
      dirty = true;
      const due = row.retryAt !== null && row.retryAt.getTime() <= now;
      if (!due) return this.refuse(provider, shop, row);
      // open past its cool-down, or half-open whose trial lease ran out: try to become the trial
      const won = await this.sql.exec(
        `UPDATE {ConnectorBreaker} SET "state" = 'half-open', "retryAt" = ?, "version" = "version" + 1, "updatedAt" = ?
         WHERE "provider" = ? AND "shop" = ? AND "version" = ?`,
        new Date(now + this.o.trialLeaseMs),
        new Date(now),
        provider,
        row.shop,
        row.version,
      );
      if (won === 0) return this.refuse(provider, shop, { ...row, state: "half-open" });
      trial = true;
    }
    return { allowed: true, trial, dirty };
  }

  /** A call succeeded: both scopes close (a half-open trial's success ends the outage). */
  async success(provider: string, shop: string): Promise<void> {
    for (const row of await this.read(provider, shop)) {
      if (row.state === "closed" && row.failures === 0) continue;
      const closed = await this.sql.exec(
        `UPDATE {ConnectorBreaker} SET "state" = 'closed', "failures" = 0, "retryAt" = NULL, "outageId" = NULL, "outageSince" = NULL,
           "version" = "version" + 1, "updatedAt" = ?
         WHERE "provider" = ? AND "shop" = ? AND "version" = ?`,
        new Date(this.o.now()),
        provider,
        row.shop,
        row.version,
      );
      if (closed === 1 && row.state !== "closed") {
        await this.emit({ kind: "closed", provider, shop: row.shop, outageId: row.outageId, outageSince: row.outageSince });
      }
    }
  }

  /**
   * A failed attempt counted toward `scope` ("provider": the outage breaker; "shop": this shop's own). Opens the
   * breaker at the threshold, and again at once when a half-open trial fails.
   */
  async failure(provider: string, shop: string, scope: "provider" | "shop", fault: string, error: string): Promise<BreakerRow> {
    const key = { provider, shop: scope === "provider" ? PROVIDER_SCOPE : shop };
    const now = new Date(this.o.now());
    const lastError = error.slice(0, 500);
    await this.sql.exec(
      `INSERT INTO {ConnectorBreaker} ("provider", "shop", "state", "failures", "lastFault", "lastError", "lastErrorAt", "version", "updatedAt")
       VALUES (?, ?, 'closed', 1, ?, ?, ?, 0, ?)
       ON CONFLICT ("provider", "shop") DO UPDATE SET "failures" = {ConnectorBreaker}."failures" + 1, "lastFault" = excluded."lastFault",
         "lastError" = excluded."lastError", "lastErrorAt" = excluded."lastErrorAt", "updatedAt" = excluded."updatedAt"`,
      key.provider,
      key.shop,
      fault,
      lastError,
      now,
      now,
    );
    const row = (await this.db.connectorBreaker.findUniqueOrThrow({ where: { provider_shop: key } })) as BreakerRow;
    const reopen = row.state === "half-open";
    if (!(reopen || (row.state === "closed" && row.failures >= this.o.threshold))) return row;
    const outageId = row.outageId ?? randomUUID();
    const outageSince = row.outageSince ?? now;
    const opened = await this.sql.exec(
      `UPDATE {ConnectorBreaker} SET "state" = 'open', "retryAt" = ?, "outageId" = ?, "outageSince" = ?, "version" = "version" + 1, "updatedAt" = ?
       WHERE "provider" = ? AND "shop" = ? AND "version" = ?`,
      new Date(now.getTime() + this.o.halfOpenAfterMs),
      outageId,
      outageSince,
      now,
      key.provider,
      key.shop,
      row.version,
    );
    if (opened === 1 && !reopen) await this.emit({ kind: "opened", provider, shop: key.shop, outageId, outageSince, error: lastError });
    return { ...row, state: opened === 1 ? "open" : row.state, outageId, outageSince };
  }

  private async refuse(provider: string, caller: string, row: BreakerRow): Promise<Admission> {
    await this.emit({ kind: "refused", provider, caller, row });
    return { allowed: false, row };
  }

  private async emit(e: BreakerEvent) {
    for (const l of this.listeners) {
      try {
        await l(e);
      } catch {
        // an alert that fails to send must not fail the job that noticed the outage
      }
    }
  }
}
