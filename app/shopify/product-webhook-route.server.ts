/**
 * The one action behind webhooks.products.create and webhooks.products.update: the delivery checked and recorded
 * in the webhook inbox by acceptProductWebhook (product-webhook-accept.server.ts), answered 200 `{queued: true}`
 * (`{duplicate: true}` for a webhook id already recorded). A worker's inbox then runs the job inference
 * (product-webhook.server.ts): decision 153. The web server answers these two paths itself, before Remix, with
 * `productWebhook` below (exported by the build's entry, app/entry.server.tsx): decision 154.
 */
import type { ActionFunctionArgs } from "@remix-run/node";
import { apiSecret } from "../shopify.server";
import { routeDb } from "./deps.server";
import { acceptProductWebhook } from "./product-webhook-accept.server";
import { requestInput, webhookResponse, type WebhookInput, type WebhookResult } from "./webhook-deliveries.server";

/** The Remix route's action (what `shopify app dev` and the route tests call). */
export async function productWebhookAction({ request }: ActionFunctionArgs): Promise<Response> {
  return webhookResponse(await productWebhook(requestInput(request)));
}

/** The same answer for a delivery the web server read itself (app/server/app.ts). */
export function productWebhook(input: WebhookInput): Promise<WebhookResult> {
  return acceptProductWebhook(input, { db: routeDb(), secret: apiSecret() });
}
