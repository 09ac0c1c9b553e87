/**
 * Privacy webhooks and uninstall. What we hold about a shopper: designs they uploaded through the
 * storefront (Design.source = "shopper", Design.customerId) and those designs' asset rows/bytes.
 * - customers/redact: delete that customer's shopper designs in that shop, their asset rows and what the
 *   shop made from them (derived assets, step cache, jobs).
 * - customers/data_request: tell the merchant (a notification) what is stored for that customer.
 * - app/uninstalled: delete the shop's sessions now (tokens are dead anyway); data stays until shop/redact.
 * - shop/redact (48 h after uninstall): delete every row of that shop.
 * Blob bytes are content-addressed and may be shared between shops (another shop may be storing the same
 * bytes right now), so these handlers delete rows only; the asset GC deletes blobs without rows after
 * its grace period (docs/decisions/027-privacy-data-lifecycle.md).
 */
import { z } from "zod";
import type { Db } from "../db/client.server";
import { msg } from "../i18n/message";
import { storedText } from "../i18n/stored.server";
import type { AssetStore } from "../assets/store/types";
import { printFileDataSchema } from "../contracts/printfile";
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

export interface RedactResult {
  designs: number;
  /** Asset rows deleted: the designs' own and everything derived from them (cutouts, mockups) */
  assets: number;
  stepCache: number;
  jobs: number;
  /** running jobs made from the design: asked to stop, their rows stay until they finish */
  jobsCancelling: number;
}

const ASSET_KEY_RE = /[0-9a-f]{64}/g;

/** Rounds of "made from" to follow (design → cutout → mockup); real chains are 2–3 long. */
const MAX_DERIVATION_DEPTH = 8;

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/** Keys of the shop's asset rows made from `roots`, transitively (their meta names a source key). */
async function derivedKeys(tx: Tx, shop: string, roots: string[]): Promise<string[]> {
  const all = new Set(roots);
  let frontier = roots;
  for (let depth = 0; depth < MAX_DERIVATION_DEPTH && frontier.length > 0; depth++) {
    const rows = await tx.asset.findMany({
      where: { shop, key: { notIn: [...all] }, OR: frontier.map((k) => ({ meta: { contains: k } })) },
      select: { key: true },
    });
    frontier = rows.map((r) => r.key).filter((k) => !all.has(k));
    frontier.forEach((k) => all.add(k));
  }
  return [...all];
}

/**
 * Deletes the customer's shopper designs in that shop, their asset rows, and everything of that shop made
 * from them: derived asset rows (meta naming the key, transitively), StepCache entries, jobs and steps whose
 * JSON mentions any of those keys, PublishedMedia rows of those keys. A key another design in the shop still
 * uses is the merchant's (or another shopper's) too, and is left alone with all its derivatives.
 * Blob bytes are NOT deleted here: the same bytes may be stored by another shop at this moment; the asset
 * GC (app/assets/store/gc.ts) deletes blobs without rows after its grace period (decision 027).
 */
export async function redactCustomer(db: Db, shop: string, customerId: string, orderIds: readonly string[] = []): Promise<RedactResult> {
  // the customer's own designs, and those on the lines of the orders to redact (guest checkouts carry no customer id)
  const orders = orderIds.length
    ? await db.designOrder.findMany({ where: { shop, orderId: { in: [...orderIds] } }, select: { id: true, lines: { select: { designId: true } } } })
    : [];
  const orderDesignIds = orders.flatMap((o) => o.lines.map((l) => l.designId));
  const designs = await db.design.findMany({
    where: { shop, source: "shopper", OR: [{ customerId }, { id: { in: orderDesignIds } }] },
    select: { id: true, assetKey: true, previews: true },
  });
  // a design's own assets: its image (an editor design: its atlas) and what its previews name (an editor design's
  // document, uploaded images, mockups, GLB); print files and mockups derived from them follow below
  const keys = [...new Set(designs.flatMap((d) => [d.assetKey, ...(d.previews.match(ASSET_KEY_RE) ?? [])]))];
  const running: string[] = [];
  const result = await db.$transaction(async (tx) => {
    await tx.design.deleteMany({ where: { id: { in: designs.map((d) => d.id) }, shop } });
    // the redacted orders go entirely (lines cascade); other lines of these designs stay, marked redacted
    await tx.designOrder.deleteMany({ where: { shop, id: { in: orders.map((o) => o.id) } } });
    await tx.designOrderLine.updateMany({ where: { shop, designId: { in: designs.map((d) => d.id) } }, data: { state: "redacted" } });
    // an earlier data-request export of this customer holds the same data
    const exports = await tx.dataExport.findMany({ where: { shop, customerId }, select: { id: true, assetKey: true } });
    await tx.dataExport.deleteMany({ where: { shop, id: { in: exports.map((e) => e.id) } } });
    await tx.asset.deleteMany({ where: { shop, key: { in: exports.map((e) => e.assetKey) }, kind: "data-export" } });
    // keep an asset a merchant design (or another customer's) in this shop still uses
    const stillUsed = await tx.design.findMany({ where: { shop, OR: [{ assetKey: { in: keys } }, ...keys.map((k) => ({ previews: { contains: k } }))] }, select: { assetKey: true, previews: true } });
    const kept = new Set(stillUsed.flatMap((d) => [d.assetKey, ...(d.previews.match(ASSET_KEY_RE) ?? [])]));
    const drop = keys.filter((k) => !kept.has(k));
    if (drop.length === 0) return { assets: 0, stepCache: 0, jobs: 0 };
    const gone = await derivedKeys(tx, shop, drop);
    const mentions = (field: string) => gone.map((k) => ({ [field]: { contains: k } }));
    const stepCache = (await tx.stepCache.deleteMany({ where: { shop, OR: mentions("output") } })).count;
    const stepJobs = await tx.jobStep.findMany({ where: { shop, OR: [...mentions("params"), ...mentions("output")] }, select: { jobId: true } });
    const jobs = await tx.job.findMany({
      where: { shop, OR: [{ id: { in: stepJobs.map((s) => s.jobId) } }, ...mentions("input"), ...mentions("output")] },
      select: { id: true, status: true },
    });
    // a running job's worker still writes to its rows; it is asked to stop below instead
    const done = jobs.filter((j) => j.status !== "running").map((j) => j.id);
    running.push(...jobs.filter((j) => j.status === "running").map((j) => j.id));
    await tx.jobStep.deleteMany({ where: { shop, jobId: { in: done } } });
    const jobCount = (await tx.job.deleteMany({ where: { shop, id: { in: done } } })).count;
    await tx.publishedMedia.deleteMany({ where: { shop, assetKey: { in: gone } } });
    const assets = (await tx.asset.deleteMany({ where: { shop, key: { in: gone } } })).count;
    return { assets, stepCache, jobs: jobCount };
  });
  for (const id of running) await cancelJob(db, shop, id);
  return { designs: designs.length, ...result, jobsCancelling: running.length };
}

export interface DataRequestSummary {
  customerId: string;
  designs: { id: string; name: string; createdAt: string }[];
  /** the DataExport row the merchant downloads (Orders → Data requests) */
  exportId: string;
}

/**
 * Builds the JSON export of what is stored for the customer (their designs, and those on the orders requested),
 * stores it as an asset of the shop with a DataExport row, and tells the merchant in a notification; the merchant
 * downloads it from the Orders page and answers the customer.
 */
export async function answerDataRequest(db: Db, shop: string, payload: CustomerPayload, assets: AssetStore): Promise<DataRequestSummary> {
  const customerId = payload.customer.id;
  const exported = await customerExport(db, shop, customerId, payload.orders_requested ?? []);
  const bytes = Buffer.from(JSON.stringify(exported, null, 2));
  const assetKey = await assets.put(bytes, { kind: "data-export", mediaType: "application/json", meta: { customerId } });
  const row = await db.dataExport.create({ data: { shop, customerId, assetKey, designs: exported.designs.length } });
  const designs = exported.designs.map((d) => ({ id: d.id, name: d.name, createdAt: d.createdAt }));
  const what =
    designs.length === 0
      ? msg("msg.privacy.nothingStored")
      : msg("msg.privacy.designs", { count: designs.length, ids: designs.map((d) => d.id).join(", ") });
  await db.notification.create({ data: { shop, level: "info", ...storedText(msg("msg.privacy.dataRequest", { customer: customerId, what })) } });
  return { customerId, designs, exportId: row.id };
}

export interface CustomerExport {
  customerId: string;
  generatedAt: string;
  designs: {
    id: string;
    name: string;
    createdAt: string;
    width: number;
    height: number;
    mediaType: string;
    /** the stored image (sha256 of its bytes); in the export's ZIP with its print files (Orders → Data requests) */
    file: string;
    orders: { orderId: string; orderName: string; lineId: string; printFiles: { area: string; file: string; width: number; height: number; dpi: number; effectiveDpi: number }[] }[];
  }[];
}

export async function customerExport(db: Db, shop: string, customerId: string, orderIds: readonly string[] = []): Promise<CustomerExport> {
  const requested = orderIds.length ? await db.designOrderLine.findMany({ where: { shop, order: { orderId: { in: [...orderIds] } } }, select: { designId: true } }) : [];
  const designs = await db.design.findMany({
    where: { shop, source: "shopper", OR: [{ customerId }, { id: { in: requested.map((l) => l.designId) } }] },
    orderBy: { createdAt: "asc" },
  });
  const lines = await db.designOrderLine.findMany({ where: { shop, designId: { in: designs.map((d) => d.id) } }, include: { order: true } });
  const jobIds = [...new Set(lines.flatMap((l) => (l.order.jobId ? [l.order.jobId] : [])))];
  const steps = await db.jobStep.findMany({ where: { shop, jobId: { in: jobIds } }, select: { jobId: true, name: true, output: true } });
  const filesOf = (jobId: string | null, lineId: string) => {
    const step = steps.find((s) => s.jobId === jobId && s.name === `line:${lineId}`);
    const parsed = printFileDataSchema.safeParse(step?.output ? (JSON.parse(step.output) as { data?: unknown }).data : null);
    return parsed.success ? parsed.data.files.map((f) => ({ area: f.area, file: f.key, width: f.width, height: f.height, dpi: f.dpi, effectiveDpi: f.effectiveDpi })) : [];
  };
  return {
    customerId,
    generatedAt: new Date().toISOString(),
    designs: designs.map((d) => ({
      id: d.id,
      name: d.name,
      createdAt: d.createdAt.toISOString(),
      width: d.width,
      height: d.height,
      mediaType: d.mediaType,
      file: d.assetKey,
      orders: lines
        .filter((l) => l.designId === d.id)
        .map((l) => ({ orderId: l.order.orderId, orderName: l.order.name, lineId: l.lineId, printFiles: filesOf(l.order.jobId, l.lineId) })),
    })),
  };
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
export async function redactShop(db: Db, shop: string): Promise<Record<string, number>> {
  // blob bytes are left to the asset GC (see redactCustomer)
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
      designOrderLines: (await tx.designOrderLine.deleteMany({ where })).count,
      designOrders: (await tx.designOrder.deleteMany({ where })).count,
      dataExports: (await tx.dataExport.deleteMany({ where })).count,
      publishedMedia: (await tx.publishedMedia.deleteMany({ where })).count,
      publishVersions: (await tx.publishVersion.deleteMany({ where })).count,
      publishStates: (await tx.publishState.deleteMany({ where })).count,
      publishShops: (await tx.publishShop.deleteMany({ where })).count,
      webhookDeliveries: (await tx.webhookDelivery.deleteMany({ where })).count,
      libraryEntries: (await tx.libraryEntry.deleteMany({ where })).count,
      // the shop's own connector breakers (its key, its rate limit) and its outage alerts; provider-wide rows stay
      connectorBreakers: (await tx.connectorBreaker.deleteMany({ where })).count,
      connectorAlerts: (await tx.connectorAlert.deleteMany({ where })).count,
      shops: (await tx.shop.deleteMany({ where: { domain: shop } })).count,
    };
  });
  return counts;
}
