import type { ActionFunctionArgs } from "@remix-run/node";
import { authenticate } from "../shopify.server";
import { routeDb } from "../shopify/deps.server";
import { handleProductWebhook, parseProductPayload } from "../shopify/product-webhook.server";
import { processDelivery, verifyWebhook, webhookResponse } from "../shopify/webhook-deliveries.server";

// authenticate.webhook throws a 401 Response for a bad HMAC before anything is read or written
export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, topicName, webhookId, payload } = await verifyWebhook(authenticate.webhook, request);
  const db = routeDb();
  const meta = { shop, topic: topicName, webhookId };
  return webhookResponse(
    await processDelivery(db, meta, () => parseProductPayload(payload), (product) => handleProductWebhook(db, meta, product)),
  );
};
