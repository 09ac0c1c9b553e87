/**
 * Retention of shopper designs: a design no order line refers to is deleted once it is older than the shop's
 * setting (`orders.unorderedDesignDays`, default 30) — by the workers' GC round and `mockup gc`. Ordered designs
 * stay until customers/redact or shop/redact (app/shopify/privacy.server.ts). Only Design rows are deleted here:
 * their asset rows (the image, the mockups in `previews`) lose their last reference and the asset GC collects
 * them (and the blobs) in the same round.
 */
import { z } from "zod";
import type { Db } from "../db/client.server";
import { readSettingsSection, writeSettingsSection } from "../shopify/settings.server";

export const DEFAULTS = {
  /** days a shopper design that was never ordered is kept */
  unorderedDesignDays: 30,
} as const;

export const retentionDaysSchema = z.coerce.number().int().min(1).max(3650);

/** The `orders` section of the shop's settings (stored by app/shopify/settings.server.ts). */
const ordersSettingsSchema = z.looseObject({ unorderedDesignDays: retentionDaysSchema.optional() });

async function ordersSettings(db: Db, shop: string): Promise<z.infer<typeof ordersSettingsSchema>> {
  const r = ordersSettingsSchema.safeParse((await readSettingsSection(db, shop, "orders")) ?? {});
  return r.success ? r.data : {};
}

export async function retentionDays(db: Db, shop: string): Promise<number> {
  return (await ordersSettings(db, shop)).unorderedDesignDays ?? DEFAULTS.unorderedDesignDays;
}

/** Validates and saves the setting; other settings are kept as they are. */
export async function saveRetentionDays(db: Db, shop: string, raw: unknown): Promise<number> {
  const days = retentionDaysSchema.parse(raw);
  await writeSettingsSection(db, shop, "orders", { ...(await ordersSettings(db, shop)), unorderedDesignDays: days });
  return days;
}

export interface ExpireReport {
  /** shopper designs deleted, per shop */
  byShop: Record<string, number>;
  total: number;
}

/** Deletes, in every shop, the shopper designs older than that shop's retention that no order line refers to. */
export async function expireUnorderedDesigns(db: Db, opts: { now?: Date; dryRun?: boolean } = {}): Promise<ExpireReport> {
  const now = opts.now ?? new Date();
  const report: ExpireReport = { byShop: {}, total: 0 };
  // the shortest retention any shop may have bounds the candidates; each shop's own setting decides
  const oldest = new Date(now.getTime() - 1 * 86_400_000);
  const shops = await db.design.findMany({ where: { source: "shopper", createdAt: { lt: oldest } }, distinct: ["shop"], select: { shop: true } });
  for (const { shop } of shops) {
    const cutoff = new Date(now.getTime() - (await retentionDays(db, shop)) * 86_400_000);
    const candidates = await db.design.findMany({ where: { shop, source: "shopper", createdAt: { lt: cutoff } }, select: { id: true } });
    if (candidates.length === 0) continue;
    const unordered = async (q: Pick<Db, "designOrderLine">, ids: string[]) => {
      const lines = await q.designOrderLine.findMany({ where: { shop, designId: { in: ids } }, select: { designId: true } });
      const ordered = new Set(lines.map((l) => l.designId));
      return ids.filter((id) => !ordered.has(id));
    };
    const expired = await unordered(db, candidates.map((c) => c.id));
    if (expired.length === 0) continue;
    let n = expired.length;
    if (!opts.dryRun) {
      // order lines read again in the transaction of the delete: an order recorded since the first read keeps its design
      n = await db.$transaction(async (tx) => {
        const still = await unordered(tx, expired);
        return (await tx.design.deleteMany({ where: { shop, source: "shopper", id: { in: still }, createdAt: { lt: cutoff } } })).count;
      });
    }
    report.byShop[shop] = n;
    report.total += n;
  }
  return report;
}
