import type { LoaderFunctionArgs } from "@remix-run/node";
import { authenticate } from "../shopify.server";
import { proxyHealth } from "../shopify/app-proxy.server";
import { routeBlobs, routeDb } from "../shopify/deps.server";
import { viewerAssetResponse } from "../storefront/viewer-assets.server";

function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json", "Cache-Control": "no-store" },
  });
}

// /proxy/* as forwarded by Shopify's app proxy; a missing or bad signature is refused (400) by the library
export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const sub = params["*"] ?? "";
  // the viewer library: public, versioned, the same bytes for every shop, so no signature is needed to cache it
  if (sub.startsWith("static/")) return viewerAssetResponse(sub.slice("static/".length), request.headers.get("accept-encoding"));
  const { session } = await authenticate.public.appProxy(request);
  // the signature covers `shop`, so it names the shop this request is for
  const shop = new URL(request.url).searchParams.get("shop") ?? "";
  if (sub === "health") return jsonResponse(await proxyHealth(routeDb(), routeBlobs(), shop, Boolean(session)));
  return jsonResponse({ error: "not found" }, 404);
};
