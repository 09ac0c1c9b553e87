/**
 * The request path of products/create and products/update (decision 153, made cheaper by 154): the shop header,
 * the body read with a size limit, the signature (node:crypto, webhook-signature.ts), the payload validated, and
 * one insert into the webhook inbox. It takes the delivery as headers and a body reader, not as a Fetch Request,
 * so the Remix route (product-webhook-route.server.ts) and the web server's direct route for these two topics
 * (app/server/app.ts, which skips Remix's routing and the Request conversion) answer with the same code.
 */
import type { Db } from "../db/client.server";
import { logger } from "../monitoring/logger.server";
import { BodyTooLargeError } from "../server/read-limited";
import { parseProductPayload } from "./product-webhook.server";
import { describeRefusedShop, shopDomain } from "./shop-domain";
import { recordDelivery } from "./webhook-inbox.server";
import { WEBHOOK_DEFAULTS, WebhookPayloadError, type WebhookResult } from "./webhook-deliveries.server";
import { checkWebhookSignature, WEBHOOK_HEADERS } from "./webhook-signature";

/** A delivery as the edge sees it. */
export interface WebhookInput {
  method: string;
  /** a request header by its lower-case name; null or undefined when absent */
  header(name: string): string | null | undefined;
  /** the body, at most `max` bytes: rejects with BodyTooLargeError past it (from Content-Length or while reading) */
  body(max: number): Promise<Buffer>;
}

export interface AcceptDeps {
  db: Db;
  /** the app's API secret (SHOPIFY_API_SECRET): the key of every webhook's HMAC */
  secret: string;
}

const refuse = (status: number, error: string): WebhookResult => ({ status, body: { ok: false, error } });
const SHOP_ERROR = "X-Shopify-Shop-Domain is not a shop domain";

export async function acceptProductWebhook(input: WebhookInput, deps: AcceptDeps): Promise<WebhookResult> {
  if (input.method !== "POST") return refuse(405, "method not allowed");
  const topic = input.header(WEBHOOK_HEADERS.topic)?.slice(0, 60);
  // the shop first: a value that is not a shop domain never reaches the database or a log line keyed by it
  const header = input.header(WEBHOOK_HEADERS.shop);
  const shop = shopDomain(header);
  if (!shop) {
    logger.warn({ topic, shop: describeRefusedShop(header) }, "webhook refused: bad shop domain");
    return refuse(400, SHOP_ERROR);
  }
  let raw: Buffer;
  try {
    raw = await input.body(WEBHOOK_DEFAULTS.maxBodyBytes);
  } catch (err) {
    if (!(err instanceof BodyTooLargeError)) throw err;
    logger.warn({ topic, shop, err: err.message }, "webhook refused: body too large");
    return refuse(413, `webhook body larger than ${WEBHOOK_DEFAULTS.maxBodyBytes} bytes`);
  }
  const check = checkWebhookSignature(input.header, raw, deps.secret);
  if (!check.ok) {
    // the library's answers: 401 without a body for a bad signature, 400 for missing headers
    if (check.status === 401) return { status: 401, body: { ok: false, error: "invalid webhook signature" } };
    return refuse(400, check.reason === "missing_body" ? "webhook body is empty" : `missing headers: ${check.missing.join(", ")}`);
  }
  if (check.shop !== shop) return refuse(400, SHOP_ERROR);
  let payload: unknown;
  try {
    payload = JSON.parse(raw.toString("utf8"));
  } catch {
    return refuse(400, "webhook body is not valid JSON");
  }
  const webhookId = check.webhookId;
  let product: ReturnType<typeof parseProductPayload>;
  try {
    product = parseProductPayload(payload);
  } catch (err) {
    if (!(err instanceof WebhookPayloadError)) throw err;
    logger.warn({ webhookId, shop, topic: check.topic, err: err.message }, "webhook payload rejected");
    return refuse(400, err.message);
  }
  // Shopify's own spelling of the topic (products/update), as every delivery row records it
  const recorded = await recordDelivery(deps.db, { shop, topic: check.topic, webhookId }, product);
  // on one machine the web process's worker takes the delivery at once (decision 153)
  globalThis.__mockupWorker?.then((w) => w.wakeInbox()).catch(() => undefined);
  return { status: 200, body: recorded === "queued" ? { ok: true, queued: true } : { ok: true, duplicate: true } };
}
