import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { ShopAssetStore } from "../assets/store/asset-store.server";
import { DesignDocumentError } from "../designs/document/errors";
import { apiSecret } from "../shopify.server";
import { verifyProxySignature } from "../shopify/app-proxy.server";
import { routeBlobs, routeDb } from "../shopify/deps.server";
import { readEditorPolicy } from "../storefront/editor-policy-store.server";
import { errorResponse, json, limitRate, readLimited, requestLocale, signedShopper, StorefrontError } from "../storefront/proxy-http.server";

/** The body around the document (the document itself is checked by prepareDocument against the model and policy). */
const bodySchema = z.object({
  document: z.unknown(),
  productId: z.string().regex(/^(gid:\/\/shopify\/Product\/)?\d{1,20}$/),
  color: z.string().regex(/^#[0-9A-Fa-f]{6}$/).default("#FFFFFF"),
});

// POST /apps/mockup/design-documents {document, productId, color}: the shopper's design, rendered, stored and recorded
// as a shopper Design row (its id is the cart's `_design_id`). Rate limit → size limit → JSON → product → document.
export const action = async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") return json({ error: "method_not_allowed" }, 405, { Allow: "POST" });
  const { shop } = verifyProxySignature(request, apiSecret());
  const locale = requestLocale(request);
  // the signature covers the query: the customer (or "" for a guest) is Shopify's word, as for /proxy/designs
  const { customerId, pathPrefix } = signedShopper(request);
  try {
    await limitRate("design-documents", request, shop, customerId);
    // the editor's renderer (sharp, fonts, the live product's GLB tools) loads with the first save, not with the server
    const [{ createShopperDesign, DEFAULTS, saveDesignDocument }, { findLiveProduct }] = await Promise.all([
      import("../storefront/design-documents.server"),
      import("../storefront/live-product.server"),
    ]);
    let raw: unknown;
    try {
      raw = JSON.parse((await readLimited(request, DEFAULTS.maxDocumentBytes)).toString("utf8"));
    } catch (e) {
      if (e instanceof StorefrontError) throw e;
      throw new DesignDocumentError("invalid", { detail: "not JSON" });
    }
    const body = bodySchema.safeParse(raw);
    if (!body.success) throw new StorefrontError("bad_request", 400, body.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ").slice(0, 300));
    const productId = body.data.productId.replace(/^gid:\/\/shopify\/Product\//, "");
    const db = routeDb();
    const product = await findLiveProduct(db, shop, productId);
    if (!product) throw new StorefrontError("product_unknown", 404);
    const record = createShopperDesign(db, { shop, customerId, productId });
    const store = new ShopAssetStore(shop, db, routeBlobs());
    const answer = await saveDesignDocument({ db, store, product, policy: await readEditorPolicy(db, shop), document: body.data.document, color: body.data.color, proxy: pathPrefix, record });
    return json(answer, 201);
  } catch (e) {
    if (e instanceof DesignDocumentError) return json({ error: e.code, message: e.localized(locale) }, 422, { "Content-Language": locale });
    if (e instanceof StorefrontError) return errorResponse(e, locale);
    throw e;
  }
};

export const loader = () => json({ error: "method_not_allowed" }, 405, { Allow: "POST" });
