/**
 * Publish history per product: every publish that changed the store is a version (its plan: the asset keys; its
 * result: media ids and the metafield). A rollback publishes an old version's plan again, reconciled like any
 * publish, and is itself recorded as a new version. Kept versions protect their assets from the asset GC.
 */
import type { Db } from "../db/client.server";
import { PublishNotFoundError } from "./errors";
import { publishOrReport } from "./publish";
import { publishPlanSchema, type PublishPlan } from "./plan";
import type { PublishDeps, PublishResult, PublishSource } from "./types";

export interface PublishVersionView {
  id: string;
  number: number;
  createdAt: string;
  jobId: string | null;
  source: PublishSource;
  status: string;
  model: { assetKey: string } | null;
  images: { view: string; color: string; assetKey: string; source: string }[];
  colors: { name: string; hex: string }[];
  /** the media Shopify held after this publish */
  media: { role: string; variant: string; mediaId: string; assetKey: string; status: string; url: string | null }[];
  notices: string[];
  /** this version is what the product shows now */
  current: boolean;
}

function parse(text: string): Record<string, unknown> {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return {};
  }
}

export const VERSIONS_DEFAULTS = {
  /** versions one call lists */
  take: 50,
  /** the most one call lists */
  maxTake: 200,
  /** versions of a product kept (their assets protected from GC) besides the current one */
  keep: 20,
} as const;

export interface ListVersionsOptions {
  /** newest first, at most this many (default VERSIONS_DEFAULTS.take, at most VERSIONS_DEFAULTS.maxTake) */
  take?: number;
}

/** Newest first; only this shop's (another shop's product id lists nothing). */
export async function listVersions(db: Db, shop: string, productId: string, opts: ListVersionsOptions = {}): Promise<PublishVersionView[]> {
  const [rows, state] = await Promise.all([
    db.publishVersion.findMany({ where: { shop, productId, kept: true }, orderBy: { number: "desc" }, take: Math.min(opts.take ?? VERSIONS_DEFAULTS.take, VERSIONS_DEFAULTS.maxTake) }),
    db.publishState.findUnique({ where: { shop_productId: { shop, productId } }, select: { currentVersionId: true } }),
  ]);
  return rows.map((r) => {
    const plan = publishPlanSchema.safeParse(parse(r.plan));
    const result = parse(r.result) as { media?: PublishVersionView["media"]; notices?: string[] };
    return {
      id: r.id,
      number: r.number,
      createdAt: r.createdAt.toISOString(),
      jobId: r.jobId,
      source: r.source as PublishSource,
      status: r.status,
      model: plan.success ? plan.data.model : null,
      images: plan.success ? plan.data.images : [],
      colors: plan.success ? plan.data.colors : [],
      media: result.media ?? [],
      notices: result.notices ?? [],
      current: state?.currentVersionId === r.id,
    };
  });
}

/** The plan a kept version of this shop's product published; 404 for another shop's or a released one. */
export async function versionPlan(db: Db, shop: string, productId: string, versionId: string): Promise<{ plan: PublishPlan; jobId: string | null }> {
  const row = await db.publishVersion.findFirst({ where: { id: versionId, shop, productId, kept: true } });
  if (!row) throw new PublishNotFoundError(`version ${String(versionId).slice(0, 40)}`);
  return { plan: publishPlanSchema.parse(parse(row.plan)), jobId: row.jobId };
}

/** Publishes version `versionId` of the product again (its assets, its colours), reconciled; 404 for another shop's. */
export async function rollbackToVersion(deps: PublishDeps, shop: string, productId: string, versionId: string): Promise<PublishResult> {
  const { plan, jobId } = await versionPlan(deps.db, shop, productId, versionId);
  return publishOrReport(deps, shop, plan, { jobId, source: "rollback" });
}

/**
 * Keeps the newest `keep` (default VERSIONS_DEFAULTS.keep) versions of a product (and the current one); older ones stop protecting their assets,
 * which the asset GC may then collect. Returns how many were released.
 */
export async function pruneVersions(db: Db, shop: string, productId: string, keep: number = VERSIONS_DEFAULTS.keep): Promise<number> {
  const state = await db.publishState.findUnique({ where: { shop_productId: { shop, productId } }, select: { currentVersionId: true } });
  const rows = await db.publishVersion.findMany({ where: { shop, productId, kept: true }, orderBy: { number: "desc" }, select: { id: true } });
  const release = rows.slice(keep).map((r) => r.id).filter((id) => id !== state?.currentVersionId);
  if (!release.length) return 0;
  return (await db.publishVersion.updateMany({ where: { shop, id: { in: release } }, data: { kept: false } })).count;
}
