import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiSecret } from "../shopify.server";
import { verifyProxySignature } from "../shopify/app-proxy.server";
import { routeDb } from "../shopify/deps.server";
import { readEditorPolicy } from "../storefront/editor-policy-store.server";
import { json } from "../storefront/proxy-http.server";

// GET /apps/mockup/editor-config: what this shop's merchant lets shoppers do in the editor (public rules, no secrets).
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = verifyProxySignature(request, apiSecret());
  return json({ policy: await readEditorPolicy(routeDb(), shop) }, 200, { "Cache-Control": "public, max-age=60" });
};
