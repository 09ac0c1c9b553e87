import { productWebhookAction } from "../shopify/product-webhook-route.server";

// products/update: same handler as the other product topic (app/shopify/product-webhook-route.server.ts)
export const action = productWebhookAction;
