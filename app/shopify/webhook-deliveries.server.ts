/**
 * At-least-once webhook delivery made effectively-once: each X-Shopify-Webhook-Id is recorded in
 * WebhookDelivery (primary key), and a delivery already processed is acknowledged without running again.
 * A delivery recorded but not processed (crash mid-way) runs again; handlers are idempotent (job dedupKey).
 */
import type { Db } from "../db/client.server";
import { isUniqueViolation } from "../db/errors";
import { logger } from "../monitoring/logger.server";

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
  body: { ok: boolean; duplicate?: boolean; outcome?: string; jobId?: string; error?: string };
}

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

/**
 * Runs the library's webhook authentication (HMAC → 401, missing headers → 400) and turns a signed but
 * non-JSON body, which the library lets escape as a SyntaxError (a 500), into a clear 400.
 */
export async function verifyWebhook<T extends { topic: unknown }>(
  authenticateWebhook: (request: Request) => Promise<T>,
  request: Request,
): Promise<T & { topicName: string }> {
  try {
    const ctx = await authenticateWebhook(request);
    // the library normalises topics to PRODUCTS_CREATE; we record Shopify's own spelling, products/create
    return { ...ctx, topicName: request.headers.get("x-shopify-topic") ?? String(ctx.topic) };
  } catch (err) {
    if (err instanceof SyntaxError) {
      throw webhookResponse({ status: 400, body: { ok: false, error: "webhook body is not valid JSON" } });
    }
    throw err;
  }
}
