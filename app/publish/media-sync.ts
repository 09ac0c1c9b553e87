/**
 * Our media rows of a product against what Shopify holds now, for the product page (status.ts) and for every
 * publish (publish.ts): one `nodes` query for the live rows; a medium Shopify no longer has was deleted by the
 * merchant and is marked REMOVED (remembered, so a publish by the pipeline does not bring it back); a changed
 * processing state is written. The rows are read once and updated in place, so the caller keeps working on them.
 */
import type { Db } from "../db/client.server";
import type { AdminClient } from "./admin-client";
import { readMediaNodes, type MediaNode } from "./poll";

export type MediaRow = Awaited<ReturnType<Db["publishedMedia"]["findMany"]>>[number];

export const isLiveRow = (r: Pick<MediaRow, "status">) => r.status !== "REMOVED";

/** The product's rows, oldest first. */
export function readMediaRows(db: Db, shop: string, productId: string): Promise<MediaRow[]> {
  return db.publishedMedia.findMany({ where: { shop, productId }, orderBy: { createdAt: "asc" } });
}

/** The fields a row takes from Shopify's view of its medium. */
export function mediaData(n: MediaNode) {
  return { status: n.status, url: n.url ?? null, width: n.width ?? null, height: n.height ?? null };
}

/** Syncs `rows` (in place) with Shopify; returns the rows found deleted in Shopify by this call. */
export async function syncMediaRows(db: Db, client: AdminClient, rows: MediaRow[], signal?: AbortSignal): Promise<MediaRow[]> {
  const live = rows.filter(isLiveRow);
  if (!live.length) return [];
  const nodes = await readMediaNodes(client, live.map((r) => r.mediaId), signal);
  const removed: MediaRow[] = [];
  for (const r of live) {
    const n = nodes.get(r.mediaId);
    if (n === null) {
      const removedAt = new Date();
      await db.publishedMedia.update({ where: { id: r.id }, data: { status: "REMOVED", removedAt } });
      Object.assign(r, { status: "REMOVED", removedAt });
      removed.push(r);
    } else if (n && n.status !== r.status) {
      Object.assign(r, await db.publishedMedia.update({ where: { id: r.id }, data: mediaData(n) }));
    }
  }
  return removed;
}
