import type { ActionFunctionArgs } from "@remix-run/node";
import { authenticate } from "../shopify.server";
import { routeDb } from "../shopify/deps.server";
import { handleOrderCreated, parseOrderPayload } from "../orders/order-created.server";
import { processDelivery, verifyWebhook, webhookResponse } from "../shopify/webhook-deliveries.server";

// orders/create: HMAC (401) first, then record + dedup, resolve the design lines, enqueue the print files
export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, topicName, webhookId, payload } = await verifyWebhook(authenticate.webhook, request);
  const db = routeDb();
  const meta = { shop, topic: topicName, webhookId };
  return webhookResponse(await processDelivery(db, meta, () => parseOrderPayload(payload), (order) => handleOrderCreated(db, meta, order)));
};
