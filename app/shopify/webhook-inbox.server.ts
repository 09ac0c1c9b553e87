/**
 * The webhook inbox (decision 153): products/create and products/update are recorded with their validated payload
 * and answered at once; a worker handles them afterwards (job inference, the product job). Shopify retries a
 * delivery that takes longer than 5 s, and a bulk import sends hundreds a second: the request path is one INSERT,
 * the same order of work as refusing a forged signature, so ingest keeps pace with the library's HMAC check
 * rather than with job creation (bench:scale's webhook figures).
 *
 * Recording and taking are raw SQL both dialects accept (app/pipeline/sql.ts): the model API compiles each query
 * in WebAssembly, which on this path cost more than everything else together.
 */
import type { Db } from "../db/client.server";
import { logger } from "../monitoring/logger.server";
import { Sql } from "../pipeline/sql";
import { errorText } from "../pipeline/run-step";
import type { DeliveryMeta, HandlerResult } from "./webhook-deliveries.server";

export const INBOX_DEFAULTS = {
  /** a delivery taken longer ago than this and not finished (its worker died) is taken again, ms */
  leaseMs: 60_000,
  /** deliveries one drain() handles before it returns (the worker calls again on its next poll) */
  batch: 50,
  /** attempts before a delivery whose handler keeps throwing is closed with outcome "failed" */
  maxAttempts: 5,
} as const;

export interface InboxOptions {
  /** default INBOX_DEFAULTS.leaseMs */
  leaseMs?: number;
  /** default INBOX_DEFAULTS.batch */
  batch?: number;
  /** default INBOX_DEFAULTS.maxAttempts */
  maxAttempts?: number;
}

/** How a taken delivery is handled: the topic's handler (product-webhook.server.ts for products/*). */
export type InboxHandler = (meta: DeliveryMeta, payload: unknown) => Promise<HandlerResult>;

const sqlFor = new WeakMap<Db, Sql>();
const sqlOf = (db: Db) => {
  let s = sqlFor.get(db);
  if (!s) sqlFor.set(db, (s = new Sql(db)));
  return s;
};

/**
 * Records a delivery for the inbox. "duplicate" when this webhook id is already recorded (a retry of one we hold:
 * the inbox handles the first copy, or already did).
 */
export async function recordDelivery(db: Db, meta: DeliveryMeta, payload: unknown): Promise<"queued" | "duplicate"> {
  const n = await sqlOf(db).exec(
    `INSERT INTO {WebhookDelivery} ("webhookId", "shop", "topic", "receivedAt", "payload", "attempts") VALUES (?, ?, ?, ?, ?, 0) ON CONFLICT ("webhookId") DO NOTHING`,
    meta.webhookId,
    meta.shop,
    meta.topic,
    new Date(),
    JSON.stringify(payload),
  );
  return n === 1 ? "queued" : "duplicate";
}

interface Taken {
  webhookId: string;
  shop: string;
  topic: string;
  payload: string;
  attempts: number;
}

/** Takes the oldest waiting delivery (compare-and-set on claimedAt, so two workers never take the same one). */
async function takeOne(sql: Sql, leaseMs: number): Promise<Taken | undefined> {
  const now = new Date();
  const expired = new Date(now.getTime() - leaseMs);
  const waiting = `"processedAt" IS NULL AND "payload" IS NOT NULL AND ("claimedAt" IS NULL OR "claimedAt" < ?)`;
  const [candidate] = await sql.query<{ webhookId: string }>(`SELECT "webhookId" FROM {WebhookDelivery} WHERE ${waiting} ORDER BY "receivedAt", "webhookId" LIMIT 1`, expired);
  if (!candidate) return undefined;
  const [row] = await sql.query<Taken>(
    `UPDATE {WebhookDelivery} SET "claimedAt" = ?, "attempts" = "attempts" + 1 WHERE "webhookId" = ? AND ${waiting} RETURNING "webhookId", "shop", "topic", "payload", "attempts"`,
    now,
    candidate.webhookId,
    expired,
  );
  // another worker took it between the two statements: look again
  return row ?? takeOne(sql, leaseMs);
}

async function finish(sql: Sql, webhookId: string, outcome: string, jobId: string | undefined) {
  await sql.exec(`UPDATE {WebhookDelivery} SET "processedAt" = ?, "outcome" = ?, "jobId" = ? WHERE "webhookId" = ?`, new Date(), outcome, jobId ?? null, webhookId);
}

/**
 * Handles waiting deliveries, oldest first, up to `batch`; returns how many it finished. A handler that throws
 * leaves the delivery for the next drain once its lease has passed (a database hiccup), and closes it as
 * "failed" after `maxAttempts` (a payload the handler cannot take would otherwise come back for ever).
 */
export async function drainInbox(db: Db, handlers: Record<string, InboxHandler>, opts: InboxOptions = {}): Promise<number> {
  const leaseMs = opts.leaseMs ?? INBOX_DEFAULTS.leaseMs;
  const batch = opts.batch ?? INBOX_DEFAULTS.batch;
  const maxAttempts = opts.maxAttempts ?? INBOX_DEFAULTS.maxAttempts;
  const sql = sqlOf(db);
  let done = 0;
  for (; done < batch; done++) {
    const d = await takeOne(sql, leaseMs);
    if (!d) break;
    const meta = { webhookId: d.webhookId, shop: d.shop, topic: d.topic };
    const log = logger.child(meta);
    const handle = handlers[d.topic];
    try {
      if (!handle) {
        await finish(sql, d.webhookId, "no-handler", undefined);
        continue;
      }
      const result = await handle(meta, JSON.parse(d.payload));
      await finish(sql, d.webhookId, result.outcome, result.jobId);
      log.info({ outcome: result.outcome, jobId: result.jobId }, "webhook processed");
    } catch (err) {
      log.error({ err: errorText(err), attempt: d.attempts }, "webhook handling failed");
      if (d.attempts >= maxAttempts) await finish(sql, d.webhookId, "failed", undefined);
    }
  }
  return done;
}
