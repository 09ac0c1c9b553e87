/**
 * Privacy webhooks and uninstall through the real routes: each deletes exactly what it must, in the
 * shop it names, and nothing of other shops or of the merchant's own designs.
 */
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { collectGarbage } from "../../app/assets/store/gc";
import { LocalDiskBlobStore } from "../../app/assets/store/local-disk";
import type { TestDb } from "../helpers/db";
import { callAction, installTestDb, webhookRequest } from "./env";

let t: TestDb;
let blobs: LocalDiskBlobStore;
type Action = typeof import("../../app/routes/webhooks.customers.redact").action;
let customersRedact: Action;
let dataRequest: Action;
let shopRedact: Action;
let uninstalled: Action;

const A = "shop-a.myshopify.com";
const B = "shop-b.myshopify.com";

async function putAsset(shop: string, text: string): Promise<string> {
  const { key, bytes } = await blobs.put(Buffer.from(text));
  await t.db.asset.upsert({
    where: { shop_key: { shop, key } },
    create: { shop, key, kind: "design", mediaType: "image/png", bytes },
    update: {},
  });
  return key;
}

async function design(shop: string, source: "shopper" | "merchant", customerId: string | null, content: string) {
  const key = await putAsset(shop, content);
  return t.db.design.create({ data: { shop, assetKey: key, name: `${source}-${content}`, source, customerId, width: 10, height: 10, mediaType: "image/png" } });
}

/** Rows in every shop-scoped table for both shops. */
async function seed() {
  for (const shop of [A, B]) {
    await t.db.session.create({ data: { id: `offline_${shop}`, shop, state: "", accessToken: "shpat_x", isOnline: false } });
    await t.db.shop.create({ data: { domain: shop } });
    await t.db.productSetup.create({ data: { shop, productId: "gid://shopify/Product/1", modelName: "tee" } });
    const job = await t.db.job.create({ data: { shop, type: "product" } });
    await t.db.jobStep.create({ data: { jobId: job.id, shop, name: "model", capability: "model.fetch" } });
    await t.db.stepCache.create({ data: { shop, key: "k1", capability: "model.fetch", provider: "local", output: "{}" } });
    await t.db.providerHealth.create({ data: { shop, provider: "local", capability: "model.fetch" } });
    await t.db.notification.create({ data: { shop, message: "hello" } });
    await t.db.publishedMedia.create({ data: { shop, productId: "1", mediaId: "m1", assetKey: "a".repeat(64), kind: "glb" } });
    await t.db.webhookDelivery.create({ data: { webhookId: `old-${shop}`, shop, topic: "products/create" } });
    await t.db.designOrder.create({ data: { shop, orderId: "9001", name: "#9001", lines: { create: [{ shop, lineId: "1", designId: "cdesign0000000001" }] } } });
    await t.db.dataExport.create({ data: { shop, customerId: "7", assetKey: "e".repeat(64) } });
  }
  // customer 42 has designs in both shops; shop A also has a merchant design and another customer's
  return {
    a42: await design(A, "shopper", "42", "a42-1"),
    a42b: await design(A, "shopper", "42", "a42-2"),
    a43: await design(A, "shopper", "43", "a43"),
    aMerchant: await design(A, "merchant", null, "merchant-a"),
    b42: await design(B, "shopper", "42", "b42"),
  };
}

async function shopRows(shop: string) {
  const where = { shop };
  return {
    sessions: await t.db.session.count({ where }),
    shops: await t.db.shop.count({ where: { domain: shop } }),
    productSetups: await t.db.productSetup.count({ where }),
    jobs: await t.db.job.count({ where }),
    jobSteps: await t.db.jobStep.count({ where }),
    stepCache: await t.db.stepCache.count({ where }),
    providerHealth: await t.db.providerHealth.count({ where }),
    notifications: await t.db.notification.count({ where }),
    publishedMedia: await t.db.publishedMedia.count({ where }),
    assets: await t.db.asset.count({ where }),
    designs: await t.db.design.count({ where }),
    deliveries: await t.db.webhookDelivery.count({ where }),
    designOrders: await t.db.designOrder.count({ where }),
    designOrderLines: await t.db.designOrderLine.count({ where }),
    dataExports: await t.db.dataExport.count({ where }),
  };
}

beforeAll(async () => {
  t = await installTestDb();
  blobs = new LocalDiskBlobStore(mkdtempSync(path.join(os.tmpdir(), "privacy-blobs-")));
  globalThis.__mockupBlobs = blobs;
  customersRedact = (await import("../../app/routes/webhooks.customers.redact")).action;
  dataRequest = (await import("../../app/routes/webhooks.customers.data_request")).action;
  shopRedact = (await import("../../app/routes/webhooks.shop.redact")).action;
  uninstalled = (await import("../../app/routes/webhooks.app.uninstalled")).action;
});
afterAll(async () => t?.drop());
beforeEach(async () => {
  for (const m of ["designOrderLine", "designOrder", "dataExport", "jobStep", "job", "session", "shop", "productSetup", "stepCache", "providerHealth", "notification", "publishedMedia", "asset", "design", "webhookDelivery"] as const) {
    await (t.db[m] as unknown as { deleteMany(): Promise<unknown> }).deleteMany();
  }
});

const customerBody = (shop: string, id: number) => ({
  shop_id: 1,
  shop_domain: shop,
  customer: { id, email: "x@example.com", phone: null },
  orders_to_redact: [],
});

describe("customers/redact", () => {
  it("removes only that customer's shopper designs and their assets, in that shop", async () => {
    const d = await seed();
    const before = await shopRows(B);
    const res = await callAction(customersRedact, webhookRequest({ topic: "customers/redact", shop: A, body: customerBody(A, 42) }));
    expect(res.status).toBe(200);

    const left = await t.db.design.findMany({ where: { shop: A } });
    expect(left.map((x) => x.id).sort()).toEqual([d.a43.id, d.aMerchant.id].sort());
    // their asset rows are gone; the bytes wait for the asset GC's grace period, then go; the others' remain
    for (const gone of [d.a42, d.a42b]) {
      expect(await t.db.asset.count({ where: { shop: A, key: gone.assetKey } })).toBe(0);
      expect(await blobs.has(gone.assetKey)).toBe(true);
    }
    await collectGarbage(t.db, blobs, { now: new Date(Date.now() + 48 * 3600_000) });
    for (const gone of [d.a42, d.a42b]) expect(await blobs.has(gone.assetKey)).toBe(false);
    for (const kept of [d.a43, d.aMerchant, d.b42]) expect(await blobs.has(kept.assetKey)).toBe(true);
    // shop B untouched, including the same customer id there
    expect(await shopRows(B)).toEqual(before);
    expect(await t.db.design.findUnique({ where: { id: d.b42.id } })).not.toBeNull();
  });

  it("keeps an asset whose bytes a merchant design in the shop also uses", async () => {
    const merchant = await design(A, "merchant", null, "same-bytes");
    const shopper = await design(A, "shopper", "42", "same-bytes");
    expect(shopper.assetKey).toBe(merchant.assetKey);
    await callAction(customersRedact, webhookRequest({ topic: "customers/redact", shop: A, body: customerBody(A, 42) }));
    expect(await t.db.design.findUnique({ where: { id: shopper.id } })).toBeNull();
    expect(await t.db.asset.count({ where: { shop: A, key: merchant.assetKey } })).toBe(1);
    expect(await blobs.has(merchant.assetKey)).toBe(true);
  });

  it("does not delete bytes another shop is storing at the same moment (blob put, row not yet written)", async () => {
    const shopper = await design(A, "shopper", "42", "same-bytes-across-shops");
    // shop B's put has written the blob but not yet its Asset row
    const { key } = await blobs.put(Buffer.from("same-bytes-across-shops"));
    expect(key).toBe(shopper.assetKey);
    await callAction(customersRedact, webhookRequest({ topic: "customers/redact", shop: A, body: customerBody(A, 42) }));
    expect(await blobs.has(key)).toBe(true);
    await t.db.asset.create({ data: { shop: B, key, kind: "design", mediaType: "image/png", bytes: 23 } });
    expect((await blobs.get(key)).toString()).toBe("same-bytes-across-shops");
  });

  it("also deletes what the shop made from the design (derived assets, step cache, jobs); another shop's identical design and mockups stay", async () => {
    const made: Record<string, { design: string; cutout: string; mockup: string }> = {};
    for (const shop of [A, B]) {
      const d = await design(shop, "shopper", "42", "personal-photo");
      const cutout = await putAsset(shop, `cutout-of-photo-${shop}`);
      await t.db.asset.update({ where: { shop_key: { shop, key: cutout } }, data: { kind: "image", meta: JSON.stringify({ cutout: "flood", source: d.assetKey }) } });
      const mockup = await putAsset(shop, `mockup-of-photo-${shop}`);
      await t.db.asset.update({ where: { shop_key: { shop, key: mockup } }, data: { kind: "image", meta: JSON.stringify({ designKey: cutout, view: "front" }) } });
      const job = await t.db.job.create({ data: { shop, type: "product", status: "succeeded", input: JSON.stringify({ designs: [{ key: d.assetKey }] }) } });
      await t.db.jobStep.create({ data: { jobId: job.id, shop, name: "cutout", capability: "design.cutout", params: JSON.stringify({ designKey: d.assetKey }), output: JSON.stringify({ assets: { image: cutout } }) } });
      await t.db.jobStep.create({ data: { jobId: job.id, shop, name: "compose", capability: "mockup.compose", params: JSON.stringify({ designKey: cutout }), output: JSON.stringify({ assets: { image: mockup } }) } });
      await t.db.stepCache.create({ data: { shop, key: "cut", capability: "design.cutout", provider: "flood", output: JSON.stringify({ assets: { image: cutout }, data: { source: d.assetKey } }) } });
      await t.db.stepCache.create({ data: { shop, key: "compose", capability: "mockup.compose", provider: "local", output: JSON.stringify({ assets: { image: mockup } }) } });
      // unrelated work of the shop survives
      const other = await t.db.job.create({ data: { shop, type: "product", status: "succeeded", input: JSON.stringify({ model: "tee" }) } });
      await t.db.jobStep.create({ data: { jobId: other.id, shop, name: "model", capability: "model.fetch", output: "{}" } });
      await t.db.stepCache.create({ data: { shop, key: "model", capability: "model.fetch", provider: "local", output: "{}" } });
      made[shop] = { design: d.assetKey, cutout, mockup };
    }
    expect(made[A].design).toBe(made[B].design);
    const beforeB = await shopRows(B);

    const res = await callAction(customersRedact, webhookRequest({ topic: "customers/redact", shop: A, body: customerBody(A, 42) }));
    expect(res.status).toBe(200);

    // no row of shop A mentions the design or anything made from it
    for (const key of Object.values(made[A])) {
      const where = { shop: A };
      expect(await t.db.design.count({ where: { ...where, assetKey: key } }), "design").toBe(0);
      expect(await t.db.asset.count({ where: { ...where, OR: [{ key }, { meta: { contains: key } }] } }), "asset").toBe(0);
      expect(await t.db.stepCache.count({ where: { ...where, output: { contains: key } } }), "stepCache").toBe(0);
      expect(await t.db.jobStep.count({ where: { ...where, OR: [{ params: { contains: key } }, { output: { contains: key } }] } }), "jobStep").toBe(0);
      expect(await t.db.job.count({ where: { ...where, OR: [{ input: { contains: key } }, { output: { contains: key } }] } }), "job").toBe(0);
    }
    expect(await t.db.job.count({ where: { shop: A } })).toBe(1);
    expect(await t.db.stepCache.count({ where: { shop: A, key: "model" } })).toBe(1);
    // shop B: the same design bytes, its cutout and mockup, its jobs and cache, all untouched
    expect(await shopRows(B)).toEqual(beforeB);
    expect(await t.db.asset.count({ where: { shop: B, key: { in: Object.values(made[B]) } } })).toBe(3);
  });

  it("forged HMAC: 401 and nothing deleted", async () => {
    await seed();
    const before = await shopRows(A);
    const res = await callAction(customersRedact, webhookRequest({ topic: "customers/redact", shop: A, body: customerBody(A, 42), secret: "forged" }));
    expect(res.status).toBe(401);
    expect(await shopRows(A)).toEqual(before);
  });

  it("payload without a customer id: 400, nothing deleted", async () => {
    await seed();
    const before = await shopRows(A);
    const res = await callAction(customersRedact, webhookRequest({ topic: "customers/redact", shop: A, body: { shop_domain: A, customer: { email: "x@y" } } }));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/customer/);
    expect(await shopRows(A)).toEqual(before);
  });
});

describe("customers/data_request", () => {
  it("tells the merchant what is stored for that customer, without deleting anything", async () => {
    const d = await seed();
    const res = await callAction(dataRequest, webhookRequest({ topic: "customers/data_request", shop: A, body: { ...customerBody(A, 42), data_request: { id: 9 } } }));
    expect(res.status).toBe(200);
    const note = await t.db.notification.findFirstOrThrow({ where: { shop: A, message: { contains: "data request" } } });
    expect(note.message).toContain("customer 42");
    expect(note.message).toContain(d.a42.id);
    expect(note.message).toContain(d.a42b.id);
    expect(note.message).not.toContain(d.a43.id);
    expect(await t.db.notification.count({ where: { shop: B, message: { contains: "data request" } } })).toBe(0);
    expect(await t.db.design.count()).toBe(5);
  });
});

describe("shop/redact", () => {
  it("removes every row of that shop and nothing of the other", async () => {
    await seed();
    const beforeB = await shopRows(B);
    const res = await callAction(shopRedact, webhookRequest({ topic: "shop/redact", shop: A, body: { shop_id: 1, shop_domain: A } }));
    expect(res.status).toBe(200);
    const afterA = await shopRows(A);
    for (const [table, n] of Object.entries(afterA)) expect(n, table).toBe(0);
    expect(await shopRows(B)).toEqual(beforeB);
    // B's blobs survive; A-only blobs are gone
    for (const row of await t.db.asset.findMany({ where: { shop: B } })) expect(await blobs.has(row.key)).toBe(true);
  });
});

describe("app/uninstalled", () => {
  it("deletes the shop's sessions at once, keeps its data for shop/redact, other shops untouched", async () => {
    await seed();
    const beforeB = await shopRows(B);
    const res = await callAction(uninstalled, webhookRequest({ topic: "app/uninstalled", shop: A, body: { id: 1, domain: A } }));
    expect(res.status).toBe(200);
    expect(await t.db.session.count({ where: { shop: A } })).toBe(0);
    expect(await t.db.design.count({ where: { shop: A } })).toBe(4);
    expect((await t.db.shop.findUniqueOrThrow({ where: { domain: A } })).uninstalledAt).toBeInstanceOf(Date);
    // its queued job is cancelled; shop B's job is not
    expect((await t.db.job.findFirstOrThrow({ where: { shop: A } })).status).toBe("cancelled");
    expect((await t.db.job.findFirstOrThrow({ where: { shop: B } })).status).toBe("queued");
    expect(await shopRows(B)).toEqual(beforeB);
  });

  it("works when the sessions are already gone (Shopify may deliver it late)", async () => {
    const res = await callAction(uninstalled, webhookRequest({ topic: "app/uninstalled", shop: A, body: { id: 1 } }));
    expect(res.status).toBe(200);
  });
});
