import type { ActionFunctionArgs } from "@remix-run/node";
import { ShopAssetStore } from "../assets/store/asset-store.server";
import { authenticate } from "../shopify.server";
import { verifyAppProxy } from "../shopify/app-proxy.server";
import { routeBlobs, routeDb } from "../shopify/deps.server";
import { DEFAULTS, json, localeOf, ProxyInputError, proxyPrefix, readLimited, uploadShopperImage } from "../storefront/design-documents.server";

// POST /apps/mockup/design-images: one image for the shopper's editor (raw body), through design intake.
export const action = async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") return json({ error: "method not allowed" }, 405, { Allow: "POST" });
  const { shop } = await verifyAppProxy(authenticate.public.appProxy, request);
  const url = new URL(request.url);
  try {
    const bytes = await readLimited(request, DEFAULTS.maxImageBytes);
    const store = new ShopAssetStore(shop, routeDb(), routeBlobs());
    return json(await uploadShopperImage(store, bytes, proxyPrefix(url), localeOf(url)), 201);
  } catch (e) {
    if (e instanceof ProxyInputError) return json({ error: e.message, code: e.code }, e.status);
    throw e;
  }
};

export const loader = () => json({ error: "method not allowed" }, 405, { Allow: "POST" });
