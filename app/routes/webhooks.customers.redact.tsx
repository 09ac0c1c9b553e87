import type { ActionFunctionArgs } from "@remix-run/node";
import { authenticate } from "../shopify.server";
import { routeDb } from "../shopify/deps.server";
import { customerPayloadSchema, parseWith, redactCustomer } from "../shopify/privacy.server";
import { processDelivery, verifyWebhook, webhookResponse } from "../shopify/webhook-deliveries.server";

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, topicName, webhookId, payload } = await verifyWebhook(authenticate.webhook, request);
  const db = routeDb();
  return webhookResponse(
    await processDelivery(db, { shop, topic: topicName, webhookId }, () => parseWith(customerPayloadSchema, payload, "customers/redact"), async (p) => {
      const r = await redactCustomer(db, shop, p.customer.id, p.orders_to_redact ?? []);
      return { outcome: `redacted:${r.designs}` };
    }),
  );
};
