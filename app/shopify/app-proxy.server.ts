/**
 * Storefront requests through the app proxy (https://{shop}/apps/mockup/* → /proxy/*). Shopify signs
 * each with the app secret; the route verifies that (authenticate.public.appProxy) before calling here,
 * so `shop` is Shopify's word. Answers carry only that shop's data.
 */
import type { BlobStore } from "../assets/store/types";
import type { Db } from "../db/client.server";
import { checkHealth, type CheckStatus } from "../monitoring/health.server";

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
