import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { apiSecret, authenticate } from "../shopify.server";
import { proxyHealth, verifyAppProxy, verifyProxySignature } from "../shopify/app-proxy.server";
import { routeBlobs, routeDb } from "../shopify/deps.server";
import { ShopAssetStore } from "../assets/store/asset-store.server";
import { json, signedShopper } from "../storefront/proxy-http.server";
import { editorAssetResponse } from "../storefront/editor-assets.server";
import { viewerAssetResponse } from "../storefront/viewer-assets.server";

// the upload path (sharp, the live product's GLB tools) loads on first use, not with the server; the promise is kept,
// so later requests do not resolve the module again
let designsModule: Promise<typeof import("../storefront/designs.server")> | undefined;
const designs = () =>
  (designsModule ??= import("../storefront/designs.server").catch((err) => {
    designsModule = undefined; // a failed load is tried again by the next request
    throw err;
  }));

// /proxy/* as forwarded by Shopify's app proxy: a malformed `shop`, or a missing or bad signature, is a 400
// (static viewer files excepted)
export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const sub = params["*"] ?? "";
  // the viewer library: public, versioned, the same bytes for every shop, so no signature is needed to cache it
  if (sub.startsWith("static/")) {
    const name = sub.slice("static/".length);
    return editorAssetResponse(name, request.headers.get("accept-encoding")) ?? viewerAssetResponse(name, request.headers.get("accept-encoding"));
  }
  // everything else names a shop: checked (shop-domain.ts), then the signature, which covers `shop`
  if (sub === "health") {
    // the one proxy answer that needs the library's session lookup: whether the app is installed
    const { session, shop } = await verifyAppProxy(authenticate.public.appProxy, request);
    return json(await proxyHealth(routeDb(), routeBlobs(), shop, Boolean(session)));
  }
  const { shop } = verifyProxySignature(request, apiSecret());
  const file = /^designs\/([^/]+)\/([^/]+)$/.exec(sub);
  if (file) return (await designs()).getDesignFile(routeDb(), new ShopAssetStore(shop, routeDb(), routeBlobs()), shop, file[1], file[2]);
  return json({ error: "not found" }, 404);
};

// POST /apps/mockup/designs: a shopper's design → stored, rendered, answered (app/storefront/designs.server.ts)
export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { shop } = verifyProxySignature(request, apiSecret());
  const sub = params["*"] ?? "";
  if (sub !== "designs" || request.method !== "POST") return json({ error: "not found" }, 404);
  const { customerId, pathPrefix } = signedShopper(request);
  const db = routeDb();
  const { postDesign } = await designs();
  return postDesign(request, { db, assets: new ShopAssetStore(shop, db, routeBlobs()), shop, customerId, pathPrefix });
};
