import type { LoaderFunctionArgs } from "@remix-run/node";
import { ShopAssetStore } from "../assets/store/asset-store.server";
import { authenticate } from "../shopify.server";
import { verifyAppProxy } from "../shopify/app-proxy.server";
import { routeBlobs, routeDb } from "../shopify/deps.server";
import { shopperAsset } from "../storefront/design-documents.server";
import { json } from "../storefront/proxy-http.server";

// GET /apps/mockup/design-assets/<sha256>: a shopper's upload, atlas, mockup or design GLB, for this shop only.
// Content-addressed, so cacheable for a year; private: it is one shopper's design.
export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop } = await verifyAppProxy(authenticate.public.appProxy, request);
  const asset = await shopperAsset(new ShopAssetStore(shop, routeDb(), routeBlobs()), params.key ?? "");
  if (!asset) return json({ error: "not found" }, 404);
  return new Response(new Uint8Array(asset.bytes), {
    headers: { "Content-Type": asset.mediaType, "Cache-Control": "private, max-age=31536000, immutable", "X-Content-Type-Options": "nosniff", "Content-Security-Policy": "default-src 'none'" },
  });
};
