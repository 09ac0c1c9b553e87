/**
 * Storefront requests through the app proxy (https://{shop}/apps/mockup/* → /proxy/*). Shopify signs
 * each with the app secret; every signed proxy route calls verifyProxySignature (or, for `health`, verifyAppProxy)
 * first, so `shop` is a well-formed shop domain and Shopify's word. Answers carry only that shop's data. Unsigned
 * on purpose: the viewer and editor files under `static/` and the fonts, the same public bytes for every shop.
 */
import { InvalidShopError } from "@shopify/shopify-api";
import type { BlobStore } from "../assets/store/types";
import type { Db } from "../db/client.server";
import { checkHealth, type CheckStatus } from "../monitoring/health.server";
import { logger } from "../monitoring/logger.server";
import { checkAppProxySignature } from "./app-proxy-signature";
import { shopDomain } from "./shop-domain";

function badShop(): Response {
  return new Response(JSON.stringify({ error: "shop is not a shop domain" }), {
    status: 400,
    headers: { "Content-Type": "application/json", "Cache-Control": "no-store" },
  });
}

/**
 * The edge of every proxy route: `shop` must be a shop domain (shop-domain.ts) before the library or the
 * database sees it, then the library checks the signature (which covers `shop`; bad or missing → 400).
 * A shop the library itself refuses (InvalidShopError, a 500 otherwise) is the same 400. Throws Responses.
 */
export async function verifyAppProxy<T>(authenticateProxy: (request: Request) => Promise<T>, request: Request): Promise<T & { shop: string }> {
  const shop = shopDomain(new URL(request.url).searchParams.get("shop"));
  if (!shop) throw badShop();
  try {
    return { ...(await authenticateProxy(request)), shop };
  } catch (err) {
    if (err instanceof InvalidShopError) throw badShop();
    throw err;
  }
}

/**
 * The same edge for routes that need only the signed shop (every proxy route but `health`, which reports whether
 * the app holds the shop's session): the shop domain, then the signature with node:crypto (app-proxy-signature.ts,
 * the library's verdicts), and no session lookup. A bad or missing signature is the library's empty 400.
 */
export function verifyProxySignature(request: Request, secret: string): { shop: string } {
  const url = new URL(request.url);
  const shop = shopDomain(url.searchParams.get("shop"));
  if (!shop) throw badShop();
  const check = checkAppProxySignature(url.searchParams, secret, { pathname: url.pathname });
  if (!check.ok) {
    logger.info({ shop, reason: check.reason }, "app proxy request refused");
    throw new Response(undefined, { status: 400, statusText: "Bad Request" });
  }
  return { shop };
}

export interface ProxyHealth {
  shop: string;
  /** the app holds a live offline session for the shop and it has not uninstalled */
  installed: boolean;
  /** overall service status (no component details: this is public storefront traffic) */
  service: CheckStatus;
  /** this shop's work in progress */
  jobs: { queued: number; running: number };
}

export async function proxyHealth(db: Db, blobs: BlobStore, shop: string, hasSession: boolean): Promise<ProxyHealth> {
  const [row, queued, running, health] = await Promise.all([
    db.shop.findUnique({ where: { domain: shop }, select: { uninstalledAt: true } }),
    db.job.count({ where: { shop, status: "queued" } }),
    db.job.count({ where: { shop, status: "running" } }),
    checkHealth({ db, blobs }),
  ]);
  return { shop, installed: hasSession && !row?.uninstalledAt, service: health.status, jobs: { queued, running } };
}
