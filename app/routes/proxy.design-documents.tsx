import type { ActionFunctionArgs } from "@remix-run/node";
import { ShopAssetStore } from "../assets/store/asset-store.server";
import { DesignDocumentError } from "../designs/document/errors";
import { authenticate } from "../shopify.server";
import { verifyAppProxy } from "../shopify/app-proxy.server";
import { routeBlobs, routeDb } from "../shopify/deps.server";
import { createShopperDesign, DEFAULTS, json, localeOf, ProxyInputError, productModel, proxyPrefix, readEditorPolicy, readLimited, saveDesignDocument } from "../storefront/design-documents.server";

// POST /apps/mockup/design-documents {document, productId, color}: the shopper's design, rendered, stored and recorded
// as a shopper Design row (its id is the cart's `_design_id`).
export const action = async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") return json({ error: "method not allowed" }, 405, { Allow: "POST" });
  const { shop } = await verifyAppProxy(authenticate.public.appProxy, request);
  const url = new URL(request.url);
  const locale = localeOf(url);
  try {
    let body: { document?: unknown; productId?: unknown; color?: unknown };
    try {
      body = JSON.parse((await readLimited(request, DEFAULTS.maxDocumentBytes)).toString("utf8")) as typeof body;
    } catch (e) {
      if (e instanceof ProxyInputError) throw e;
      throw new DesignDocumentError("invalid", { detail: "not JSON" });
    }
    const productId = typeof body.productId === "string" ? body.productId.slice(0, 80) : "";
    const db = routeDb();
    const model = productId ? await productModel(db, shop, productId) : null;
    if (!model) return json({ error: "not found" }, 404);
    const color = typeof body.color === "string" && /^#[0-9A-Fa-f]{6}$/.test(body.color) ? body.color : "#FFFFFF";
    // the signature covers the query: the customer (or "" for a guest) is Shopify's word, as for /proxy/designs
    const customerId = url.searchParams.get("logged_in_customer_id") || null;
    const record = createShopperDesign(db, { shop, customerId, productId });
    const answer = await saveDesignDocument({ store: new ShopAssetStore(shop, db, routeBlobs()), model, policy: await readEditorPolicy(db, shop), document: body.document, color, proxy: proxyPrefix(url), record });
    return json(answer, 201);
  } catch (e) {
    if (e instanceof DesignDocumentError) return json({ error: e.localized(locale), code: e.code }, 422);
    if (e instanceof ProxyInputError) return json({ error: e.message, code: e.code }, e.status);
    throw e;
  }
};

export const loader = () => json({ error: "method not allowed" }, 405, { Allow: "POST" });
