/**
 * Retention and privacy of shopper designs through the real routes and the GC round: never-ordered designs past the
 * shop's retention go (only those, only that shop's); ordered ones stay until customers/redact (by customer id and by
 * orders_to_redact, so a guest's design on a redacted order goes too) or shop/redact; customers/data_request stores a
 * downloadable JSON export of the customer's designs and print files and notifies the merchant.
 */
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { LocalDiskBlobStore } from "../../app/assets/store/local-disk";
import { expireUnorderedDesigns, retentionDays, saveRetentionDays } from "../../app/orders/retention.server";
import { getPublicSettings, saveSettings } from "../../app/shopify/settings.server";
import { readEditorPolicy, saveEditorPolicy } from "../../app/storefront/design-documents.server";
import type { TestDb } from "../helpers/db";
import { callAction, installTestDb, webhookRequest } from "../shopify/env";

let t: TestDb;
let blobs: LocalDiskBlobStore;
type Action = typeof import("../../app/routes/webhooks.customers.redact").action;
let customersRedact: Action;
let dataRequest: Action;
const A = "shop-a.myshopify.com";
const B = "shop-b.myshopify.com";
const DAY = 86_400_000;
const now = new Date("2026-12-01T12:00:00Z");

beforeAll(async () => {
  t = await installTestDb();
  blobs = new LocalDiskBlobStore(mkdtempSync(path.join(os.tmpdir(), "mockup-retention-")));
  globalThis.__mockupBlobs = blobs;
  customersRedact = (await import("../../app/routes/webhooks.customers.redact")).action;
  dataRequest = (await import("../../app/routes/webhooks.customers.data_request")).action;
});
afterAll(async () => t?.drop());
beforeEach(async () => {
  for (const m of ["designOrderLine", "designOrder", "dataExport", "jobStep", "job", "notification", "asset", "design", "shop", "webhookDelivery"] as const) {
    await (t.db[m] as unknown as { deleteMany(): Promise<unknown> }).deleteMany();
  }
  await t.db.shop.createMany({ data: [{ domain: A }, { domain: B }] });
});

async function design(shop: string, ageDays: number, opts: { customerId?: string | null; source?: string } = {}) {
  const { key, bytes } = await blobs.put(Buffer.from(`${shop}-${ageDays}-${Math.random()}`));
  await t.db.asset.create({ data: { shop, key, kind: "design", mediaType: "image/png", bytes } });
  return t.db.design.create({
    data: { shop, assetKey: key, name: "Storefront upload", source: opts.source ?? "shopper", customerId: opts.customerId === undefined ? "42" : opts.customerId, width: 100, height: 100, mediaType: "image/png", createdAt: new Date(now.getTime() - ageDays * DAY) },
  });
}

async function ordered(shop: string, orderId: string, designIds: string[], jobId?: string) {
  return t.db.designOrder.create({ data: { shop, orderId, name: `#${orderId}`, jobId, lines: { create: designIds.map((designId, i) => ({ shop, lineId: String(100 + i), designId })) } } });
}

describe("retention", () => {
  it("deletes only unordered shopper designs older than the shop's setting; ordered, recent, merchant and other shops' stay", async () => {
    const oldUnordered = await design(A, 31);
    const oldOrdered = await design(A, 90);
    const recent = await design(A, 5);
    const merchant = await design(A, 400, { source: "merchant", customerId: null });
    const otherShop = await design(B, 20); // B keeps designs 60 days
    const otherOld = await design(B, 61);
    await ordered(A, "1", [oldOrdered.id]);
    await saveRetentionDays(t.db, B, "60");
    expect(await retentionDays(t.db, A)).toBe(30);
    expect(await retentionDays(t.db, B)).toBe(60);

    const dry = await expireUnorderedDesigns(t.db, { now, dryRun: true });
    expect(dry.total).toBe(2);
    expect(await t.db.design.count()).toBe(6);
    const report = await expireUnorderedDesigns(t.db, { now });
    expect(report).toEqual({ byShop: { [A]: 1, [B]: 1 }, total: 2 });
    const left = (await t.db.design.findMany({ select: { id: true } })).map((d) => d.id).sort();
    expect(left).toEqual([oldOrdered.id, recent.id, merchant.id, otherShop.id].sort());
    expect(left).not.toContain(oldUnordered.id);
    expect(left).not.toContain(otherOld.id);
  });

  it("the GC round (expiry first, then the asset GC) frees an expired design's asset row and bytes; an ordered one keeps them", async () => {
    const { collectGarbage } = await import("../../app/assets/store/gc");
    const expired = await design(A, 45);
    const kept = await design(A, 45);
    await ordered(A, "9", [kept.id]);
    // the same order the workers' round runs (app/runtime.server.ts collectGarbage)
    expect((await expireUnorderedDesigns(t.db, { now })).total).toBe(1);
    await collectGarbage(t.db, blobs, { graceMs: 0 });
    expect(await t.db.asset.count({ where: { shop: A, key: expired.assetKey } })).toBe(0);
    expect(await blobs.has(expired.assetKey)).toBe(false);
    expect(await t.db.asset.count({ where: { shop: A, key: kept.assetKey } })).toBe(1);
    expect(await blobs.has(kept.assetKey)).toBe(true);
  });

  it("the setting is validated: bad values change nothing", async () => {
    for (const bad of ["0", "-3", "abc", "1.5", "99999"]) await expect(saveRetentionDays(t.db, A, bad)).rejects.toThrow();
    expect(await retentionDays(t.db, A)).toBe(30);
    await saveRetentionDays(t.db, A, 7);
    expect(await retentionDays(t.db, A)).toBe(7);
  });

  it("one settings storage: saving services, the editor policy and retention each keep the others' sections", async () => {
    await saveRetentionDays(t.db, A, 12);
    await saveEditorPolicy(t.db, A, { maxLayers: 3 });
    await saveSettings(t.db, A, { services: { mockey: { baseUrl: "https://api.mockey.example" } } }, { registered: {} });
    await saveRetentionDays(t.db, A, 14);
    expect(await retentionDays(t.db, A)).toBe(14);
    expect((await readEditorPolicy(t.db, A)).maxLayers).toBe(3);
    expect((await getPublicSettings(t.db, A)).services.mockey.baseUrl).toBe("https://api.mockey.example");
    // a stored section of the wrong shape reads as the default, it does not break the page
    await t.db.shop.update({ where: { domain: B }, data: { settings: JSON.stringify({ orders: { unorderedDesignDays: "soon" } }) } });
    expect(await retentionDays(t.db, B)).toBe(30);
  });
});

describe("customers/redact", () => {
  it("by customer id: their designs go, the order lines that printed them are marked redacted, other customers and shops stay", async () => {
    const mine = await design(A, 3, { customerId: "42" });
    const other = await design(A, 3, { customerId: "43" });
    const otherShop = await design(B, 3, { customerId: "42" });
    await ordered(A, "7", [mine.id, other.id]);
    const res = await callAction(customersRedact, webhookRequest({ topic: "customers/redact", shop: A, body: { shop_domain: A, customer: { id: 42 }, orders_to_redact: [] } }));
    expect(res.status).toBe(200);
    const ids = (await t.db.design.findMany()).map((d) => d.id);
    expect(ids.sort()).toEqual([other.id, otherShop.id].sort());
    const lines = await t.db.designOrderLine.findMany({ orderBy: { lineId: "asc" } });
    expect(lines.map((l) => [l.designId, l.state])).toEqual([[mine.id, "redacted"], [other.id, "ok"]]);
  });

  it("by orders_to_redact: a guest's design (no customer id) on that order goes with the order; other orders stay", async () => {
    const guest = await design(A, 3, { customerId: null });
    const keep = await design(A, 3, { customerId: null });
    await ordered(A, "555", [guest.id]);
    await ordered(A, "556", [keep.id]);
    const res = await callAction(customersRedact, webhookRequest({ topic: "customers/redact", shop: A, body: { shop_domain: A, customer: { id: 99 }, orders_to_redact: [555] } }));
    expect(res.status).toBe(200);
    expect((await t.db.design.findMany()).map((d) => d.id)).toEqual([keep.id]);
    expect((await t.db.designOrder.findMany()).map((o) => o.orderId)).toEqual(["556"]);
    expect(await t.db.designOrderLine.count()).toBe(1);
  });
});

describe("customers/data_request", () => {
  it("stores a JSON export of the customer's designs with their orders and print files, and notifies the merchant", async () => {
    const d = await design(A, 2, { customerId: "42" });
    await design(B, 2, { customerId: "42" }); // the other shop's is not exported
    const job = await t.db.job.create({ data: { shop: A, type: "order", status: "succeeded" } });
    const output = { assets: { "area:front": "f".repeat(64) }, data: { designId: d.id, lineId: "100", mockupKey: null, lowDpi: false, files: [{ area: "front", key: "f".repeat(64), width: 3543, height: 4724, bytes: 1000, dpi: 300, effectiveDpi: 220, lowDpi: false }] } };
    await t.db.jobStep.create({ data: { jobId: job.id, shop: A, name: "line:100", capability: "order.printfile", status: "succeeded", output: JSON.stringify(output) } });
    await ordered(A, "77", [d.id], job.id);
    const res = await callAction(dataRequest, webhookRequest({ topic: "customers/data_request", shop: A, body: { shop_domain: A, customer: { id: 42 }, orders_requested: [77], data_request: { id: 1 } } }));
    expect(res.status).toBe(200);
    const row = await t.db.dataExport.findFirstOrThrow({ where: { shop: A } });
    expect(row).toMatchObject({ customerId: "42", designs: 1 });
    expect(await t.db.asset.findFirst({ where: { shop: A, key: row.assetKey } })).toMatchObject({ kind: "data-export", mediaType: "application/json" });
    const exported = JSON.parse((await blobs.get(row.assetKey)).toString("utf8"));
    expect(exported.customerId).toBe("42");
    expect(exported.designs).toHaveLength(1);
    expect(exported.designs[0]).toMatchObject({ id: d.id, file: d.assetKey, orders: [{ orderId: "77", orderName: "#77", lineId: "100", printFiles: [{ area: "front", width: 3543, height: 4724, dpi: 300 }] }] });
    const note = await t.db.notification.findFirstOrThrow({ where: { shop: A } });
    expect(note.message).toMatch(/customer 42: 1 uploaded design .* Orders → Data requests/);
    expect(await t.db.dataExport.count({ where: { shop: B } })).toBe(0);
    // redacting the customer later removes the export too
    await callAction(customersRedact, webhookRequest({ topic: "customers/redact", shop: A, body: { shop_domain: A, customer: { id: 42 } } }));
    expect(await t.db.dataExport.count({ where: { shop: A } })).toBe(0);
  });
});
