/** The product as Shopify has it now: title and variants with their colour and the one media each holds. */
import { isColorOptionName } from "../shopify/color-names";
import type { AdminClient } from "./admin-client";
import { PRODUCT_STATE } from "./documents";

export interface ShopifyVariant {
  id: string;
  title: string;
  /** the value of its Color/Colour/Farbe option, or null when the product has none */
  color: string | null;
  /** the media the variant shows now (a variant holds at most one) */
  mediaId: string | null;
}

export interface ShopifyProduct {
  id: string;
  title: string;
  variants: ShopifyVariant[];
}

interface StatePage {
  product: {
    id: string;
    title: string;
    variants: {
      nodes: { id: string; title: string; selectedOptions: { name: string; value: string }[]; media: { nodes: { id: string }[] } }[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
  } | null;
}

/** Null when the product does not exist in this shop (deleted, or another shop's id). */
export async function readProductState(client: AdminClient, productId: string, signal?: AbortSignal): Promise<ShopifyProduct | null> {
  let after: string | null = null;
  let product: ShopifyProduct | null = null;
  // 10 per page: Shopify admits a query by its requested cost (connections × first), so small pages wait least;
  // the usual 3-15 variants take one or two pages
  for (let page = 0; page < 100; page++) {
    const data: StatePage = await client.request<StatePage>(PRODUCT_STATE, { id: productId, after }, signal);
    if (!data.product) return null;
    product ??= { id: data.product.id, title: data.product.title, variants: [] };
    for (const v of data.product.variants.nodes) {
      const color = v.selectedOptions.find((o) => isColorOptionName(o.name))?.value.trim() ?? null;
      product.variants.push({ id: v.id, title: v.title, color, mediaId: v.media.nodes[0]?.id ?? null });
    }
    if (!data.product.variants.pageInfo.hasNextPage) break;
    after = data.product.variants.pageInfo.endCursor;
  }
  return product;
}

const norm = (s: string) => s.trim().toLowerCase().replace(/[\s_-]+/g, " ");

/** The plan colour a variant shows: its colour option matched by name; the only colour when it has no option. */
export function variantColor(v: ShopifyVariant, colors: string[]): string | null {
  if (v.color === null) return colors.length === 1 ? colors[0] : null;
  return colors.find((c) => norm(c) === norm(v.color!)) ?? null;
}
