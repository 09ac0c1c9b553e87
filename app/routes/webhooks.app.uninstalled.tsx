import type { ActionFunctionArgs } from "@remix-run/node";
import { authenticate } from "../shopify.server";
import { routeDb } from "../shopify/deps.server";
import { deleteShopSessions } from "../shopify/privacy.server";
import { processDelivery, verifyWebhook, webhookResponse } from "../shopify/webhook-deliveries.server";

// Sessions go now (the tokens are revoked); the shop's data stays until shop/redact, 48 h later.
export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, topicName, webhookId } = await verifyWebhook(authenticate.webhook, request);
  const db = routeDb();
  return webhookResponse(
    await processDelivery(db, { shop, topic: topicName, webhookId }, () => null, async () => {
      const n = await deleteShopSessions(db, shop);
      return { outcome: `sessions-deleted:${n}` };
    }),
  );
};
