import type { ActionFunctionArgs } from "@remix-run/node";
import { ShopAssetStore } from "../assets/store/asset-store.server";
import { apiSecret } from "../shopify.server";
import { verifyProxySignature } from "../shopify/app-proxy.server";
import { routeBlobs, routeDb } from "../shopify/deps.server";
import { errorResponse, json, limitRate, readLimited, requestLocale, signedShopper, StorefrontError } from "../storefront/proxy-http.server";

// POST /apps/mockup/design-images: one image for the shopper's editor (raw body): rate limit → size limit → intake.
export const action = async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") return json({ error: "method_not_allowed" }, 405, { Allow: "POST" });
  const { shop } = verifyProxySignature(request, apiSecret());
  const { customerId, pathPrefix } = signedShopper(request);
  try {
    await limitRate("design-images", request, shop, customerId);
    // the intake (sharp) loads with the first upload, not with the server
    const { DEFAULTS, uploadShopperImage } = await import("../storefront/design-documents.server");
    const bytes = await readLimited(request, DEFAULTS.maxImageBytes);
    const store = new ShopAssetStore(shop, routeDb(), routeBlobs());
    return json(await uploadShopperImage(store, bytes, pathPrefix), 201);
  } catch (e) {
    if (e instanceof StorefrontError) return errorResponse(e, requestLocale(request));
    throw e;
  }
};

export const loader = () => json({ error: "method_not_allowed" }, 405, { Allow: "POST" });
