import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { authenticate } from "../shopify.server";
import { routeDb } from "../shopify/deps.server";
import { parseWith } from "../shopify/privacy.server";
import { processDelivery, verifyWebhook, webhookResponse } from "../shopify/webhook-deliveries.server";

const payloadSchema = z.object({ current: z.array(z.string().max(100)).max(200) });

// Keeps the stored offline session's scope in step with what the merchant granted.
export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, topicName, webhookId, payload, session } = await verifyWebhook(authenticate.webhook, request);
  const db = routeDb();
  return webhookResponse(
    await processDelivery(db, { shop, topic: topicName, webhookId }, () => parseWith(payloadSchema, payload, "scopes_update"), async (p) => {
      if (session) await db.session.updateMany({ where: { id: session.id, shop }, data: { scope: p.current.join(",") } });
      return { outcome: session ? "scope-updated" : "no-session" };
    }),
  );
};
