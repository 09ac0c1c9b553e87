/**
 * Privacy webhooks and uninstall. What we hold about a shopper: designs they uploaded through the
 * storefront (Design.source = "shopper", Design.customerId) and those designs' asset rows/bytes.
 * - customers/redact: delete that customer's shopper designs in that shop, and their assets.
 * - customers/data_request: tell the merchant (a notification) what is stored for that customer.
 * - app/uninstalled: delete the shop's sessions now (tokens are dead anyway); data stays until shop/redact.
 * - shop/redact (48 h after uninstall): delete every row of that shop.
 * Blob bytes are content-addressed and may be shared between shops, so a blob is deleted only when no
 * Asset row anywhere still points at it.
 */
import { z } from "zod";
import type { BlobStore } from "../assets/store/types";
import type { Db } from "../db/client.server";
import { cancelJob } from "../pipeline/jobs";
import { WebhookPayloadError } from "./webhook-deliveries.server";

const idSchema = z.union([z.number().int().nonnegative(), z.string().regex(/^\d{1,20}$/)]).transform(String);

export const customerPayloadSchema = z.object({
  shop_id: idSchema.optional(),
  shop_domain: z.string().max(255).optional(),
  customer: z.object({ id: idSchema, email: z.string().max(320).nullish(), phone: z.string().max(64).nullish() }),
  orders_to_redact: z.array(idSchema).max(10_000).optional(),
  orders_requested: z.array(idSchema).max(10_000).optional(),
  data_request: z.object({ id: idSchema }).optional(),
});
export type CustomerPayload = z.infer<typeof customerPayloadSchema>;

export const shopRedactPayloadSchema = z.object({
  shop_id: idSchema.optional(),
  shop_domain: z.string().max(255).optional(),
});

export function parseWith<T>(schema: z.ZodType<T>, payload: unknown, what: string): T {
  const parsed = schema.safeParse(payload);
  if (!parsed.success) throw new WebhookPayloadError(`invalid ${what} payload: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** Deletes blobs whose key no Asset row (in any shop) references any more. */
async function deleteOrphanBlobs(db: Db, keys: string[], blobs?: BlobStore): Promise<number> {
  if (!blobs || keys.length === 0) return 0;
  const still = await db.asset.findMany({ where: { key: { in: keys } }, select: { key: true } });
  const used = new Set(still.map((r) => r.key));
  let deleted = 0;
  for (const key of new Set(keys)) {
    if (used.has(key)) continue;
    await blobs.delete(key);
    deleted++;
  }
  return deleted;
}

export interface RedactResult {
  designs: number;
  assets: number;
  blobs: number;
}

export async function redactCustomer(db: Db, shop: string, customerId: string, blobs?: BlobStore): Promise<RedactResult> {
  const designs = await db.design.findMany({
    where: { shop, source: "shopper", customerId },
    select: { id: true, assetKey: true },
  });
  const keys = [...new Set(designs.map((d) => d.assetKey))];
  const assets = await db.$transaction(async (tx) => {
    await tx.design.deleteMany({ where: { id: { in: designs.map((d) => d.id) }, shop } });
    // keep an asset a merchant design (or another customer's) in this shop still uses
    const stillUsed = await tx.design.findMany({ where: { shop, assetKey: { in: keys } }, select: { assetKey: true } });
    const drop = keys.filter((k) => !stillUsed.some((d) => d.assetKey === k));
    const res = await tx.asset.deleteMany({ where: { shop, key: { in: drop } } });
    return res.count;
  });
  const removed = await deleteOrphanBlobs(db, keys, blobs);
  return { designs: designs.length, assets, blobs: removed };
}

export interface DataRequestSummary {
  customerId: string;
  designs: { id: string; name: string; createdAt: string }[];
}

/** Records for the merchant what we store about the customer; the merchant answers the request. */
export async function answerDataRequest(db: Db, shop: string, payload: CustomerPayload): Promise<DataRequestSummary> {
  const customerId = payload.customer.id;
  const designs = await db.design.findMany({
    where: { shop, source: "shopper", customerId },
    select: { id: true, name: true, createdAt: true },
    orderBy: { createdAt: "asc" },
  });
  const summary: DataRequestSummary = {
    customerId,
    designs: designs.map((d) => ({ id: d.id, name: d.name, createdAt: d.createdAt.toISOString() })),
  };
  const what =
    designs.length === 0
      ? "no data is stored for this customer"
      : `${designs.length} uploaded design${designs.length > 1 ? "s" : ""} (${designs.map((d) => d.id).join(", ")}) ` +
        "are stored: the image files and their names; no contact details";
  await db.notification.create({
    data: { shop, level: "info", message: `Customer data request for customer ${customerId}: ${what}.` },
  });
  return summary;
}

export async function deleteShopSessions(db: Db, shop: string): Promise<number> {
  const res = await db.session.deleteMany({ where: { shop } });
  await db.shop.updateMany({ where: { domain: shop }, data: { uninstalledAt: new Date() } });
  // jobs of an uninstalled shop can no longer publish: cancel queued ones, ask running ones to stop
  const open = await db.job.findMany({ where: { shop, status: { in: ["queued", "running"] } }, select: { id: true } });
  for (const j of open) await cancelJob(db, shop, j.id);
  return res.count;
}

/** Every row of the shop, in every shop-scoped table. */
export async function redactShop(db: Db, shop: string, blobs?: BlobStore): Promise<Record<string, number>> {
  const keys = (await db.asset.findMany({ where: { shop }, select: { key: true } })).map((a) => a.key);
  const counts = await db.$transaction(async (tx) => {
    const where = { shop };
    return {
      sessions: (await tx.session.deleteMany({ where })).count,
      jobSteps: (await tx.jobStep.deleteMany({ where })).count,
      jobs: (await tx.job.deleteMany({ where })).count,
      stepCache: (await tx.stepCache.deleteMany({ where })).count,
      assets: (await tx.asset.deleteMany({ where })).count,
      designs: (await tx.design.deleteMany({ where })).count,
      productSetups: (await tx.productSetup.deleteMany({ where })).count,
      providerHealth: (await tx.providerHealth.deleteMany({ where })).count,
      notifications: (await tx.notification.deleteMany({ where })).count,
      publishedMedia: (await tx.publishedMedia.deleteMany({ where })).count,
      webhookDeliveries: (await tx.webhookDelivery.deleteMany({ where })).count,
      shops: (await tx.shop.deleteMany({ where: { domain: shop } })).count,
    };
  });
  const blobsDeleted = await deleteOrphanBlobs(db, keys, blobs);
  return { ...counts, blobs: blobsDeleted };
}
