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
    const ordered = new Set(
      (await db.designOrderLine.findMany({ where: { shop, designId: { in: candidates.map((c) => c.id) } }, select: { designId: true } })).map((l) => l.designId),
    );
    const expired = candidates.filter((c) => !ordered.has(c.id)).map((c) => c.id);
    if (expired.length === 0) continue;
    let n = expired.length;
    if (!opts.dryRun) {
      // checked again in the delete: an order arriving meanwhile keeps its design
      n = (await db.design.deleteMany({ where: { shop, id: { in: expired }, createdAt: { lt: cutoff } } })).count;
    }
    report.byShop[shop] = n;
    report.total += n;
  }
  return report;
}
