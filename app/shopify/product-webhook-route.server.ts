/**
 * The one action behind webhooks.products.create and webhooks.products.update: both topics carry the same
 * product payload and go through the same job inference (product-webhook.server.ts); the topic recorded
 * is the one in the delivery's header.
 */
import type { ActionFunctionArgs } from "@remix-run/node";
import { authenticate } from "../shopify.server";
import { routeDb } from "./deps.server";
import { handleProductWebhook, parseProductPayload } from "./product-webhook.server";
import { processDelivery, verifyWebhook, webhookResponse } from "./webhook-deliveries.server";

// authenticate.webhook throws a 401 Response for a bad HMAC before anything is read or written
export async function productWebhookAction({ request }: ActionFunctionArgs): Promise<Response> {
  const { shop, topicName, webhookId, payload } = await verifyWebhook(authenticate.webhook, request);
  const db = routeDb();
  const meta = { shop, topic: topicName, webhookId };
  return webhookResponse(
    await processDelivery(db, meta, () => parseProductPayload(payload), (product) => handleProductWebhook(db, meta, product)),
  );
}
