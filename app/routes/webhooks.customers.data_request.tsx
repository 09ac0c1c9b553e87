import type { ActionFunctionArgs } from "@remix-run/node";
import { ShopAssetStore } from "../assets/store/asset-store.server";
import { authenticate } from "../shopify.server";
import { routeBlobs, routeDb } from "../shopify/deps.server";
import { answerDataRequest, customerPayloadSchema, parseWith } from "../shopify/privacy.server";
import { processDelivery, verifyWebhook, webhookResponse } from "../shopify/webhook-deliveries.server";

// The merchant answers the customer; we store a JSON export for them to download and tell them (a notification).
export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, topicName, webhookId, payload } = await verifyWebhook(authenticate.webhook, request);
  const db = routeDb();
  return webhookResponse(
    await processDelivery(db, { shop, topic: topicName, webhookId }, () => parseWith(customerPayloadSchema, payload, "customers/data_request"), async (p) => {
      const s = await answerDataRequest(db, shop, p, new ShopAssetStore(shop, db, routeBlobs()));
      return { outcome: `designs:${s.designs.length}` };
    }),
  );
};
