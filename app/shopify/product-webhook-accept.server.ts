/**
 * The request path of products/create and products/update (decision 153, made cheaper by 154): the shop header,
 * the body read with a size limit, the signature (node:crypto, webhook-signature.ts), the payload validated, and
 * one insert into the webhook inbox. It takes the delivery as headers and a body reader, not as a Fetch Request,
 * so the Remix route (product-webhook-route.server.ts) and the web server's direct route for these two topics
 * (app/server/app.ts, which skips Remix's routing and the Request conversion) answer with the same code.
 */
import type { Db } from "../db/client.server";
import { logger } from "../monitoring/logger.server";
import { parseProductPayload } from "./product-webhook.server";
import { recordDelivery } from "./webhook-inbox.server";
import { readDelivery, WebhookPayloadError, type WebhookInput, type WebhookResult } from "./webhook-deliveries.server";
import { checkWebhookSignature } from "./webhook-signature";

export interface AcceptDeps {
  db: Db;
  /** the app's API secret (SHOPIFY_API_SECRET): the key of every webhook's HMAC */
  secret: string;
}

const refuse = (status: number, error: string): WebhookResult => ({ status, body: { ok: false, error } });

export async function acceptProductWebhook(input: WebhookInput, deps: AcceptDeps): Promise<WebhookResult> {
  if (input.method !== "POST") return refuse(405, "method not allowed");
  // the shop header and the body with its limit, as every topic reads them (webhook-deliveries.server.ts)
  const delivery = await readDelivery(input);
  if ("refused" in delivery) return delivery.refused;
  const { shop, body } = delivery;
  // the shop header the signature check reads is the one readDelivery accepted
  const check = checkWebhookSignature(input.header, body, deps.secret);
  if (!check.ok) {
    if (check.status === 401) return refuse(401, "invalid webhook signature");
    return refuse(400, check.reason === "missing_body" ? "webhook body is empty" : `missing headers: ${check.missing.join(", ")}`);
  }
  let payload: unknown;
  try {
    payload = JSON.parse(body.toString("utf8"));
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
