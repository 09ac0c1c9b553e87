import type { LoaderFunctionArgs } from "@remix-run/node";
import { authenticate } from "../shopify.server";
import { proxyHealth, verifyAppProxy } from "../shopify/app-proxy.server";
import { routeBlobs, routeDb } from "../shopify/deps.server";
import { viewerAssetResponse } from "../storefront/viewer-assets.server";

function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json", "Cache-Control": "no-store" },
  });
}

// /proxy/* as forwarded by Shopify's app proxy: a malformed `shop`, or a missing or bad signature, is a 400
// (static viewer files excepted)
export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const sub = params["*"] ?? "";
  // the viewer library: public, versioned, the same bytes for every shop, so no signature is needed to cache it
  if (sub.startsWith("static/")) return viewerAssetResponse(sub.slice("static/".length), request.headers.get("accept-encoding"));
  // everything else names a shop: checked (shop-domain.ts), then the signature, which covers `shop`
  const { session, shop } = await verifyAppProxy(authenticate.public.appProxy, request);
  if (sub === "health") return jsonResponse(await proxyHealth(routeDb(), routeBlobs(), shop, Boolean(session)));
  return jsonResponse({ error: "not found" }, 404);
};
