/**
 * At-least-once webhook delivery made effectively-once: each X-Shopify-Webhook-Id is recorded in
 * WebhookDelivery (primary key), and a delivery already processed is acknowledged without running again.
 * A delivery recorded but not processed (crash mid-way) runs again; handlers are idempotent (job dedupKey).
 */
import { InvalidShopError } from "@shopify/shopify-api";
import type { Db } from "../db/client.server";
import { isUniqueViolation } from "../db/errors";
import { logger } from "../monitoring/logger.server";
import { BodyTooLargeError, readLimitedBody } from "../server/read-limited";
import { describeRefusedShop, shopDomain } from "./shop-domain";
import { WEBHOOK_HEADERS } from "./webhook-signature";

export interface DeliveryMeta {
  webhookId: string;
  shop: string;
  topic: string;
}

export interface HandlerResult {
  /** the job started (or found by dedupKey) for this delivery */
  jobId?: string;
  /** short machine-readable note for logs and tests, e.g. "no-model", "job", "redacted" */
  outcome: string;
}

export interface WebhookResult {
  status: number;
  body: { ok: boolean; duplicate?: boolean; queued?: boolean; outcome?: string; jobId?: string; error?: string };
}

export const WEBHOOK_DEFAULTS = {
  /**
   * largest webhook body read, bytes: an order of 500 lines or a product of 2,048 variants is a few MB; anything
   * larger is refused (413) before the HMAC check reads it into memory
   */
  maxBodyBytes: 10 * 1024 * 1024,
} as const;

export class WebhookPayloadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WebhookPayloadError";
  }
}

/** Records the delivery; false when this webhook id was already processed. */
export async function beginDelivery(db: Db, meta: DeliveryMeta): Promise<boolean> {
  try {
    await db.webhookDelivery.create({ data: { webhookId: meta.webhookId, shop: meta.shop, topic: meta.topic } });
    return true;
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    const row = await db.webhookDelivery.findUnique({ where: { webhookId: meta.webhookId } });
    return !row?.processedAt;
  }
}

export async function finishDelivery(db: Db, webhookId: string, jobId?: string): Promise<void> {
  // updateMany: shop/redact may have deleted this very row, which is fine
  await db.webhookDelivery.updateMany({ where: { webhookId }, data: { processedAt: new Date(), jobId: jobId ?? null } });
}

/**
 * Validates the payload first (bad payload: 400, nothing recorded), then records the delivery, runs the
 * handler once per webhook id and marks it processed.
 */
export async function processDelivery<T>(
  db: Db,
  meta: DeliveryMeta,
  parse: () => T,
  handle: (payload: T) => Promise<HandlerResult>,
): Promise<WebhookResult> {
  const log = logger.child({ webhookId: meta.webhookId, shop: meta.shop, topic: meta.topic });
  let payload: T;
  try {
    payload = parse();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    log.warn({ err: message }, "webhook payload rejected");
    return { status: 400, body: { ok: false, error: message } };
  }
  if (!(await beginDelivery(db, meta))) {
    log.info("duplicate webhook delivery skipped");
    return { status: 200, body: { ok: true, duplicate: true } };
  }
  const result = await handle(payload);
  await finishDelivery(db, meta.webhookId, result.jobId);
  log.info({ outcome: result.outcome, jobId: result.jobId }, "webhook processed");
  return { status: 200, body: { ok: true, outcome: result.outcome, jobId: result.jobId } };
}

export function webhookResponse(result: WebhookResult): Response {
  return new Response(JSON.stringify(result.body), {
    status: result.status,
    headers: { "Content-Type": "application/json" },
  });
}

/** A delivery as the edge sees it: a Fetch Request (Remix routes) or a Node request (app/server/app.ts). */
export interface WebhookInput {
  method: string;
  /** a request header by its lower-case name; null or undefined when absent */
  header(name: string): string | null | undefined;
  /** the body, at most `max` bytes: rejects with BodyTooLargeError past it (from Content-Length or while reading) */
  body(max: number): Promise<Buffer>;
}

export function requestInput(request: Request): WebhookInput {
  return { method: request.method, header: (name) => request.headers.get(name), body: (max) => readLimitedBody(request, max) };
}

const SHOP_ERROR = "X-Shopify-Shop-Domain is not a shop domain";

/**
 * The edge of every webhook topic. First the shop: X-Shopify-Shop-Domain must be a shop domain (shop-domain.ts)
 * or the delivery is a 400 before the library, the database or a log line keyed by it sees the value. Then the
 * body, read with a size limit (413 past WEBHOOK_DEFAULTS.maxBodyBytes). A refusal comes back as the answer to send.
 */
export async function readDelivery(input: WebhookInput): Promise<{ shop: string; body: Buffer } | { refused: WebhookResult }> {
  const topic = input.header(WEBHOOK_HEADERS.topic)?.slice(0, 60);
  const header = input.header(WEBHOOK_HEADERS.shop);
  const shop = shopDomain(header);
  if (!shop) {
    logger.warn({ topic, shop: describeRefusedShop(header) }, "webhook refused: bad shop domain");
    return { refused: { status: 400, body: { ok: false, error: SHOP_ERROR } } };
  }
  try {
    return { shop, body: await input.body(WEBHOOK_DEFAULTS.maxBodyBytes) };
  } catch (err) {
    if (!(err instanceof BodyTooLargeError)) throw err;
    logger.warn({ topic, shop, err: err.message }, "webhook refused: body too large");
    return { refused: { status: 413, body: { ok: false, error: `webhook body larger than ${WEBHOOK_DEFAULTS.maxBodyBytes} bytes` } } };
  }
}

/**
 * The library's authentication after readDelivery (HMAC → 401, missing headers → 400). Two things it lets
 * escape as a 500 become clear 400s: a signed but non-JSON body (SyntaxError) and a shop it cannot use
 * (InvalidShopError, e.g. when a custom shop domain is not configured for it).
 */
export async function verifyWebhook<T extends { topic: unknown; shop: string }>(
  authenticateWebhook: (request: Request) => Promise<T>,
  request: Request,
): Promise<T & { topicName: string }> {
  const delivery = await readDelivery(requestInput(request));
  if ("refused" in delivery) throw webhookResponse(delivery.refused);
  const { shop, body } = delivery;
  let ctx: T;
  try {
    // the library reads the body again (HMAC over its bytes): hand it the bytes already read
    ctx = await authenticateWebhook(new Request(request.url, { method: request.method, headers: request.headers, body: new Uint8Array(body) }));
  } catch (err) {
    if (err instanceof SyntaxError) {
      throw webhookResponse({ status: 400, body: { ok: false, error: "webhook body is not valid JSON" } });
    }
    if (err instanceof InvalidShopError) {
      throw webhookResponse({ status: 400, body: { ok: false, error: SHOP_ERROR } });
    }
    throw err;
  }
  // the library reads the same header; never record a shop other than the one checked above
  if (ctx.shop !== shop) throw webhookResponse({ status: 400, body: { ok: false, error: SHOP_ERROR } });
  // the library normalises topics to PRODUCTS_CREATE; we record Shopify's own spelling, products/create
  return { ...ctx, shop, topicName: request.headers.get("x-shopify-topic") ?? String(ctx.topic) };
}
