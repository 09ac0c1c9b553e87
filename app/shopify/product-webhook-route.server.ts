/**
 * The one action behind webhooks.products.create and webhooks.products.update: verify the signature and the shop,
 * validate the payload (bad payload: 400, nothing recorded), record it in the webhook inbox and answer 200
 * `{queued: true}` (`{duplicate: true}` for a webhook id already recorded). A worker's inbox then runs the job
 * inference (product-webhook.server.ts) with the topic from the delivery's header: decision 153.
 */
import type { ActionFunctionArgs } from "@remix-run/node";
import { authenticateWebhookSignature } from "../shopify.server";
import { routeDb } from "./deps.server";
import { logger } from "../monitoring/logger.server";
import { parseProductPayload } from "./product-webhook.server";
import { recordDelivery } from "./webhook-inbox.server";
import { verifyWebhook, webhookResponse, WebhookPayloadError } from "./webhook-deliveries.server";

// the signature check throws a 401 Response for a bad HMAC before anything is read or written (no session lookup:
// recording needs none)
export async function productWebhookAction({ request }: ActionFunctionArgs): Promise<Response> {
  const { shop, topicName, webhookId, payload } = await verifyWebhook(authenticateWebhookSignature, request);
  let product: ReturnType<typeof parseProductPayload>;
  try {
    product = parseProductPayload(payload);
  } catch (err) {
    if (!(err instanceof WebhookPayloadError)) throw err;
    logger.warn({ webhookId, shop, topic: topicName, err: err.message }, "webhook payload rejected");
    return webhookResponse({ status: 400, body: { ok: false, error: err.message } });
  }
  const recorded = await recordDelivery(routeDb(), { shop, topic: topicName, webhookId }, product);
  globalThis.__mockupWorker?.then((w) => w.wakeInbox()).catch(() => undefined);
  return webhookResponse({ status: 200, body: recorded === "queued" ? { ok: true, queued: true } : { ok: true, duplicate: true } });
}
