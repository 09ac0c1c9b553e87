import type { LoaderFunctionArgs } from "@remix-run/node";
import { authenticate } from "../shopify.server";
import { proxyHealth } from "../shopify/app-proxy.server";
import { routeBlobs, routeDb } from "../shopify/deps.server";

function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json", "Cache-Control": "no-store" },
  });
}

// /proxy/* as forwarded by Shopify's app proxy; a missing or bad signature is refused (400) by the library
export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.public.appProxy(request);
  // the signature covers `shop`, so it names the shop this request is for
  const shop = new URL(request.url).searchParams.get("shop") ?? "";
  if (params["*"] === "health") return jsonResponse(await proxyHealth(routeDb(), routeBlobs(), shop, Boolean(session)));
  return jsonResponse({ error: "not found" }, 404);
};
