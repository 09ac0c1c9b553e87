/**
 * What the admin shows when the merchant opens a product: our media on it, each live, removed (deleted in
 * Shopify: noticed here too, and marked) or failed, and the variants that keep the merchant's own image.
 */
import type { Db } from "../db/client.server";
import { PublishNotFoundError } from "./errors";
import { isLiveRow, readMediaRows, syncMediaRows } from "./media-sync";
import type { PublishDeps } from "./types";

export interface ProductPublishStatus {
  productId: string;
  published: boolean;
  lastPublishedAt: string | null;
  currentVersionId: string | null;
  media: { role: string; variant: string; mediaId: string; status: "live" | "processing" | "removed" | "failed"; url: string | null }[];
  merchantMediaOnVariants: string[];
}

function parseList(text: string): string[] {
  try {
    const v = JSON.parse(text) as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
  } catch {
    return [];
  }
}

/** Asks Shopify which of our media still exist (one cheap `nodes` query); unknown products of this shop → 404. */
export async function productPublishStatus(deps: Pick<PublishDeps, "db" | "admin" | "signal">, shop: string, productId: string): Promise<ProductPublishStatus> {
  const db: Db = deps.db;
  const state = await db.publishState.findUnique({ where: { shop_productId: { shop, productId } } });
  const rows = await readMediaRows(db, shop, productId);
  if (!state && !rows.length) {
    const setup = await db.productSetup.findFirst({ where: { shop, productId }, select: { id: true } });
    if (!setup) throw new PublishNotFoundError(`product ${productId.slice(0, 60)}`);
  }
  if (rows.some(isLiveRow)) await syncMediaRows(db, await deps.admin(shop), rows, deps.signal);
  return {
    productId,
    published: !!state?.currentVersionId,
    lastPublishedAt: state?.lastPublishedAt?.toISOString() ?? null,
    currentVersionId: state?.currentVersionId ?? null,
    media: rows.map((r) => ({
      role: r.role,
      variant: r.variant,
      mediaId: r.mediaId,
      status: r.status === "REMOVED" ? "removed" : r.status === "FAILED" ? "failed" : r.status === "READY" ? "live" : "processing",
      url: r.url,
    })),
    merchantMediaOnVariants: parseList(state?.merchantVariants ?? "[]"),
  };
}
