/**
 * Title and thumbnail of products by id, for lists that only store the id (jobs, versions). One Admin
 * API `nodes` query for the whole page; a product deleted in Shopify or an API failure falls back to the
 * title the shop's setup saved, then to nothing (the page shows the short id).
 */
import type { Db } from "../db/client.server";
import { adminQuery, type AdminGraphql } from "./admin-graphql.server";

export interface ProductCard {
  id: string;
  title: string;
  /** a small rendition from Shopify's CDN (never the full-size image) */
  imageUrl: string | null;
}

/** Admin list thumbnails: 120 px covers 40 px at 3× density. */
export const THUMB_PX = 120;

const QUERY = `#graphql
  query ProductCards($ids: [ID!]!) {
    nodes(ids: $ids) {
      ... on Product {
        id
        title
        featuredMedia { preview { image { url(transform: { maxWidth: ${THUMB_PX}, maxHeight: ${THUMB_PX} }) } } }
      }
    }
  }`;

interface Node {
  id?: string;
  title?: string;
  featuredMedia?: { preview?: { image?: { url?: string } | null } | null } | null;
}

export async function productCards(db: Db, graphql: AdminGraphql | undefined, shop: string, ids: string[]): Promise<Map<string, ProductCard>> {
  const unique = [...new Set(ids.filter((id) => id.startsWith("gid://shopify/Product/")))].slice(0, 250);
  const cards = new Map<string, ProductCard>();
  if (unique.length === 0) return cards;
  if (graphql) {
    try {
      const data = await adminQuery<{ nodes: (Node | null)[] }>(graphql, QUERY, { ids: unique });
      for (const n of data.nodes) {
        if (n?.id && n.title !== undefined) cards.set(n.id, { id: n.id, title: n.title, imageUrl: n.featuredMedia?.preview?.image?.url ?? null });
      }
    } catch {
      // the list still renders from what we saved; the product page shows the API error itself
    }
  }
  const missing = unique.filter((id) => !cards.has(id));
  if (missing.length) {
    for (const s of await db.productSetup.findMany({ where: { shop, productId: { in: missing } }, select: { productId: true, title: true } })) {
      if (s.title) cards.set(s.productId, { id: s.productId, title: s.title, imageUrl: null });
    }
  }
  return cards;
}
