/**
 * The Products page: the shop's products from the Admin API (search, cursor pagination), joined with what
 * we know of each: its setup (3D model), its last product job, whether we published media to it.
 */
import type { Db } from "../db/client.server";
import { productJobWhere } from "../pipeline/pipelines/product-jobs";
import { adminQuery, type AdminGraphql } from "./admin-graphql.server";

export const PAGE_SIZE = 20;

export interface ProductRow {
  id: string;
  title: string;
  productType: string;
  status: string;
  imageUrl: string | null;
  /** the setup's base model, null when not set up */
  model: string | null;
  lastJob: { id: string; status: string; progress: number } | null;
  published: boolean;
}

export interface ProductPage {
  products: ProductRow[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

/** list thumbnails (Polaris small Thumbnail, 40 CSS px at 3×) */
const LIST_THUMB_PX = 120;

const QUERY = `#graphql
  query ProductList($first: Int, $last: Int, $after: String, $before: String, $query: String) {
    products(first: $first, last: $last, after: $after, before: $before, query: $query, sortKey: TITLE) {
      nodes {
        id
        title
        productType
        status
        featuredMedia { preview { image { url(transform: { maxWidth: ${LIST_THUMB_PX}, maxHeight: ${LIST_THUMB_PX} }) } } }
      }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }`;

interface Node {
  id: string;
  title: string;
  productType: string;
  status: string;
  featuredMedia: { preview?: { image?: { url?: string } | null } | null } | null;
}

export interface ListOptions {
  query?: string;
  after?: string;
  before?: string;
}

/** The product ids' latest product job each (one query over the shop's recent jobs). */
export async function lastJobs(db: Db, shop: string, ids: string[]): Promise<Map<string, { id: string; status: string; progress: number }>> {
  const out = new Map<string, { id: string; status: string; progress: number }>();
  if (!ids.length) return out;
  const rows = await db.job.findMany({
    where: productJobWhere(shop, ids),
    orderBy: { createdAt: "desc" },
    select: { id: true, status: true, progress: true, input: true },
    take: 500,
  });
  for (const r of rows) {
    let pid: unknown;
    try {
      pid = (JSON.parse(r.input) as { productId?: unknown }).productId;
    } catch {
      continue;
    }
    if (typeof pid === "string" && ids.includes(pid) && !out.has(pid)) out.set(pid, { id: r.id, status: r.status, progress: r.progress });
  }
  return out;
}

export async function listProducts(db: Db, graphql: AdminGraphql, shop: string, o: ListOptions = {}): Promise<ProductPage> {
  const query = o.query?.trim().slice(0, 200) || null;
  const vars = o.before ? { last: PAGE_SIZE, before: o.before, query } : { first: PAGE_SIZE, after: o.after ?? null, query };
  const data = await adminQuery<{ products: { nodes: Node[]; pageInfo: ProductPage["pageInfo"] } }>(graphql, QUERY, vars);
  const ids = data.products.nodes.map((n) => n.id);
  const [setups, jobs, published] = await Promise.all([
    ids.length ? db.productSetup.findMany({ where: { shop, productId: { in: ids } }, select: { productId: true, modelName: true } }) : [],
    lastJobs(db, shop, ids),
    ids.length ? db.publishedMedia.findMany({ where: { shop, productId: { in: ids } }, select: { productId: true }, distinct: ["productId"] }) : [],
  ]);
  const model = new Map(setups.map((s) => [s.productId, s.modelName]));
  const pub = new Set(published.map((p) => p.productId));
  return {
    products: data.products.nodes.map((n) => ({
      id: n.id,
      title: n.title,
      productType: n.productType,
      status: n.status,
      imageUrl: n.featuredMedia?.preview?.image?.url ?? null,
      model: model.get(n.id) ?? null,
      lastJob: jobs.get(n.id) ?? null,
      published: pub.has(n.id),
    })),
    pageInfo: data.products.pageInfo,
  };
}
