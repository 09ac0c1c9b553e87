import type { LoaderFunctionArgs } from "@remix-run/node";
import { ShopAssetStore } from "../assets/store/asset-store.server";
import { bucketRedirect } from "../assets/store/bucket-redirect.server";
import { apiSecret } from "../shopify.server";
import { verifyProxySignature } from "../shopify/app-proxy.server";
import { routeBlobs, routeDb } from "../shopify/deps.server";
import { json } from "../storefront/proxy-http.server";

// GET /apps/mockup/design-assets/<sha256>: a shopper's upload, atlas, mockup or design GLB, for this shop only.
// Content-addressed, so cacheable for a year; private: it is one shopper's design.
export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop } = verifyProxySignature(request, apiSecret());
  const store = new ShopAssetStore(shop, routeDb(), routeBlobs());
  // design-documents.server brings the editor's renderer (sharp): loaded on first use, not with the server
  const { shopperAsset } = await import("../storefront/design-documents.server");
  const asset = await shopperAsset(store, params.key ?? "", { bytes: false });
  if (!asset) return json({ error: "not found" }, 404);
  // on S3: a presigned GET that expires (one shopper's design), for this shop's key only
  const redirect = await bucketRedirect(store, params.key!, "private");
  if (redirect) return redirect;
  return new Response(new Uint8Array(await store.get(params.key!)), {
    headers: { "Content-Type": asset.mediaType, "Cache-Control": "private, max-age=31536000, immutable", "X-Content-Type-Options": "nosniff", "Content-Security-Policy": "default-src 'none'" },
  });
};
