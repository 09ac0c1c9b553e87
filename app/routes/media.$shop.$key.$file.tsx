import type { LoaderFunctionArgs } from "@remix-run/node";
import { ShopAssetStore } from "../assets/store/asset-store.server";
import { bucketRedirect } from "../assets/store/bucket-redirect.server";
import { verifyAssetSignature } from "../publish/asset-url";
import { routeBlobs, routeDb } from "../shopify/deps.server";
import { shopifyEnv } from "../shopify/env.server";

// GET /media/{shop}/{key}/{file}?sig=… : an asset we published (signed URL from app/publish/asset-url.ts),
// public and immutable (content-addressed), readable by the storefront's model-viewer from any origin
export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const shop = params.shop ?? "";
  const key = params.key ?? "";
  const sig = new URL(request.url).searchParams.get("sig");
  if (!verifyAssetSignature(shopifyEnv().apiSecret, shop, key, sig)) return new Response("Not found", { status: 404 });
  const row = await routeDb().asset.findUnique({ where: { shop_key: { shop, key } }, select: { mediaType: true, bytes: true } });
  if (!row) return new Response("Not found", { status: 404 });
  // on S3 the bucket (or its CDN) serves it, with the object's immutable Cache-Control
  const redirect = await bucketRedirect(new ShopAssetStore(shop, routeDb(), routeBlobs()), key, "public");
  if (redirect) return redirect;
  const body = await routeBlobs().get(key);
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": row.mediaType,
      "Content-Length": String(body.length),
      "Cache-Control": "public, max-age=31536000, immutable",
      "Access-Control-Allow-Origin": "*",
      "X-Content-Type-Options": "nosniff",
    },
  });
};
