import type { ActionFunctionArgs } from "@remix-run/node";
import { authenticate } from "../shopify.server";
import { routeDb } from "../shopify/deps.server";
import { answerDataRequest, customerPayloadSchema, parseWith } from "../shopify/privacy.server";
import { processDelivery, verifyWebhook, webhookResponse } from "../shopify/webhook-deliveries.server";

// The merchant answers the customer; we tell the merchant (a notification) what we hold.
export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, topicName, webhookId, payload } = await verifyWebhook(authenticate.webhook, request);
  const db = routeDb();
  return webhookResponse(
    await processDelivery(db, { shop, topic: topicName, webhookId }, () => parseWith(customerPayloadSchema, payload, "customers/data_request"), async (p) => {
      const s = await answerDataRequest(db, shop, p);
      return { outcome: `designs:${s.designs.length}` };
    }),
  );
};
