/**
 * The product page's view of publishing (the core is app/publish, issue 11): our media on the product and
 * which of them the merchant removed in Shopify, the variants we left alone, and the versions to roll back to.
 */
import type { Db } from "../db/client.server";
import { loadPublishInfo } from "../publish/actions.server";
import { publishDepsFromEnv } from "../publish/deps.server";
import { PublishNotFoundError } from "../publish/errors";
import type { AdminGraphql } from "./admin-graphql.server";

export interface PublishView {
  published: boolean;
  lastPublishedAt: string | null;
  removed: number;
  leftAlone: string[];
  versions: { id: string; number: number; createdAt: string; source: string; status: string; current: boolean; images: number; model: boolean }[];
}

export async function publishInfoFor(db: Db, _graphql: AdminGraphql, shop: string, productId: string): Promise<PublishView | null> {
  try {
    const deps = { ...publishDepsFromEnv(), db };
    const { status, versions } = await loadPublishInfo(deps, shop, productId);
    return {
      published: status.published,
      lastPublishedAt: status.lastPublishedAt ? new Date(status.lastPublishedAt).toISOString() : null,
      removed: status.media.filter((m) => m.status === "removed").length,
      leftAlone: status.merchantMediaOnVariants,
      versions: versions.map((v) => ({
        id: v.id,
        number: v.number,
        createdAt: new Date(v.createdAt).toISOString(),
        source: v.source,
        status: v.status,
        current: v.current,
        images: v.images.length,
        model: v.model !== null,
      })),
    };
  } catch (err) {
    if (err instanceof PublishNotFoundError) return null;
    throw err;
  }
}
