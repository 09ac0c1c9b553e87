/**
 * Webhook routes called as Remix actions with signed requests: HMAC verified by the Shopify library,
 * deliveries recorded and deduplicated, product jobs created once, bad input changes nothing.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { TestDb } from "../helpers/db";
import { productInboxHandlers } from "../../app/shopify/product-webhook.server";
import { drainInbox } from "../../app/shopify/webhook-inbox.server";
import { callAction, installTestDb, webhookRequest } from "./env";

let t: TestDb;
let productsCreate: typeof import("../../app/routes/webhooks.products.create").action;
let productsUpdate: typeof import("../../app/routes/webhooks.products.update").action;
let scopesUpdate: typeof import("../../app/routes/webhooks.app.scopes_update").action;

const SHOP = "tee-shop.myshopify.com";

function teeProduct(overrides: Record<string, unknown> = {}) {
  return {
    id: 7001,
    admin_graphql_api_id: "gid://shopify/Product/7001",
    title: "Organic Tee",
    product_type: "T-Shirt",
    updated_at: "2026-11-25T10:00:00Z",
    options: [
      { name: "Size", values: ["S", "M", "L"] },
      { name: "Color", values: ["Forest Green", "Beige", "Black"] },
    ],
    ...overrides,
  };
}

/**
 * A product webhook as Shopify delivers it, then a worker's inbox handling it (decision 153). The route's own
 * answer is checked here: 200 `{queued}` with nothing but the delivery written; what the returned Response says
 * is what handling did (the delivery row's outcome and job), so each test reads as before.
 */
async function deliver(action: typeof productsCreate, req: Request): Promise<Response> {
  const res = await callAction(action, req);
  if (res.status !== 200) return res;
  const body = (await res.json()) as { ok: boolean; queued?: boolean; duplicate?: boolean };
  if (body.duplicate) return Response.json(body);
  expect(body).toEqual({ ok: true, queued: true });
  const webhookId = req.headers.get("x-shopify-webhook-id")!;
  const waiting = await t.db.webhookDelivery.findUniqueOrThrow({ where: { webhookId } });
  expect(waiting.processedAt).toBeNull();
  expect(await t.db.job.count({ where: { id: waiting.jobId ?? "" } })).toBe(0);
  await drainInbox(t.db, productInboxHandlers(t.db));
  const handled = await t.db.webhookDelivery.findUniqueOrThrow({ where: { webhookId } });
  expect(handled.processedAt).toBeInstanceOf(Date);
  return Response.json({ ok: true, outcome: handled.outcome, ...(handled.jobId ? { jobId: handled.jobId } : {}) });
}

async function counts() {
  return {
    jobs: await t.db.job.count(),
    deliveries: await t.db.webhookDelivery.count(),
    notifications: await t.db.notification.count(),
  };
}

beforeAll(async () => {
  t = await installTestDb();
  productsCreate = (await import("../../app/routes/webhooks.products.create")).action;
  productsUpdate = (await import("../../app/routes/webhooks.products.update")).action;
  scopesUpdate = (await import("../../app/routes/webhooks.app.scopes_update")).action;
});
afterAll(async () => t?.drop());
beforeEach(async () => {
  await t.db.jobStep.deleteMany();
  await t.db.job.deleteMany();
  await t.db.webhookDelivery.deleteMany();
  await t.db.notification.deleteMany();
  await t.db.productSetup.deleteMany();
});

describe("products/create", () => {
  it("valid HMAC: 200, one product job with the inferred model and colours, delivery recorded", async () => {
    const res = await deliver(productsCreate, webhookRequest({ topic: "products/create", shop: SHOP, body: teeProduct(), webhookId: "wh-1" }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { ok: boolean; jobId: string; outcome: string };
    expect(body).toMatchObject({ ok: true, outcome: "job" });

    const jobs = await t.db.job.findMany({ include: { steps: true } });
    expect(jobs).toHaveLength(1);
    expect(jobs[0].shop).toBe(SHOP);
    expect(jobs[0].id).toBe(body.jobId);
    const input = JSON.parse(jobs[0].input);
    expect(input.model).toBe("tee");
    expect(input.productId).toBe("gid://shopify/Product/7001");
    expect(input.colors.map((c: { name: string }) => c.name)).toEqual(["Forest Green", "Beige", "Black"]);
    for (const c of input.colors) expect(c.hex).toMatch(/^#[0-9A-Fa-f]{6}$/);
    expect(jobs[0].steps.map((s) => s.capability)).toContain("model.fetch");

    const delivery = await t.db.webhookDelivery.findUnique({ where: { webhookId: "wh-1" } });
    expect(delivery).toMatchObject({ shop: SHOP, topic: "products/create", jobId: body.jobId });
    expect(delivery?.processedAt).toBeInstanceOf(Date);
  });

  it("forged HMAC: 401 and nothing recorded", async () => {
    const req = webhookRequest({ topic: "products/create", shop: SHOP, body: teeProduct(), secret: "not-the-app-secret" });
    const res = await callAction(productsCreate, req);
    expect(res.status).toBe(401);
    expect(await counts()).toEqual({ jobs: 0, deliveries: 0, notifications: 0 });
  });

  it("a body altered after signing is refused", async () => {
    const signed = webhookRequest({ topic: "products/create", shop: SHOP, body: teeProduct() });
    const tampered = new Request(signed.url, {
      method: "POST",
      headers: signed.headers,
      body: JSON.stringify(teeProduct({ title: "Evil Hoodie" })),
    });
    expect((await callAction(productsCreate, tampered)).status).toBe(401);
    expect((await counts()).jobs).toBe(0);
  });

  it("the same webhook id twice starts one job; the second is acknowledged as a duplicate", async () => {
    const first = await deliver(productsCreate, webhookRequest({ topic: "products/create", shop: SHOP, body: teeProduct(), webhookId: "wh-dup" }));
    const second = await deliver(productsCreate, webhookRequest({ topic: "products/create", shop: SHOP, body: teeProduct(), webhookId: "wh-dup" }));
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(await second.json()).toMatchObject({ ok: true, duplicate: true });
    expect(await t.db.job.count()).toBe(1);
    expect(await t.db.webhookDelivery.count()).toBe(1);
  });

  it("create then update with the same job inputs (new webhook ids, other edits) share one job via dedupKey", async () => {
    const a = await deliver(productsCreate, webhookRequest({ topic: "products/create", shop: SHOP, body: teeProduct() }));
    const b = await deliver(productsUpdate, webhookRequest({ topic: "products/update", shop: SHOP, body: teeProduct() }));
    // a price or stock edit changes updated_at but nothing we render
    const c = await deliver(productsUpdate, webhookRequest({ topic: "products/update", shop: SHOP, body: teeProduct({ updated_at: "2026-11-25T11:00:00Z" }) }));
    const ids = await Promise.all([a, b, c].map(async (r) => ((await r.json()) as { jobId: string }).jobId));
    expect(new Set(ids).size).toBe(1);
    expect(await t.db.job.count()).toBe(1);
    // a new colour is new work: a new job
    const newColour = teeProduct({ options: [{ name: "Color", values: ["Forest Green", "Beige", "Black", "Navy"] }] });
    await deliver(productsUpdate, webhookRequest({ topic: "products/update", shop: SHOP, body: newColour }));
    expect(await t.db.job.count()).toBe(2);
  });

  it("malformed JSON (correctly signed): 400 with a clear error, nothing changed", async () => {
    const res = await deliver(productsCreate, webhookRequest({ topic: "products/create", shop: SHOP, body: null, rawBody: '{"id": 7001, "title": ' }));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/not valid JSON/);
    expect(await counts()).toEqual({ jobs: 0, deliveries: 0, notifications: 0 });
  });

  it("payload without a valid product id: 400 naming the field, nothing changed", async () => {
    for (const body of [{ title: "Tee" }, teeProduct({ id: "12; DROP TABLE" }), teeProduct({ options: "Color" }), [1, 2]]) {
      const res = await deliver(productsCreate, webhookRequest({ topic: "products/create", shop: SHOP, body }));
      expect(res.status).toBe(400);
      const err = ((await res.json()) as { error: string }).error;
      expect(err).toMatch(/invalid product payload/);
    }
    expect(await counts()).toEqual({ jobs: 0, deliveries: 0, notifications: 0 });
  });

  it("unknown colour names are skipped with a warning notification; known ones still get a job", async () => {
    const body = teeProduct({ options: [{ name: "Farbe", values: ["Schwarz", "Galaxy Swirl"] }] });
    const res = await deliver(productsCreate, webhookRequest({ topic: "products/create", shop: SHOP, body }));
    expect(res.status).toBe(200);
    const job = await t.db.job.findFirstOrThrow();
    expect(JSON.parse(job.input).colors).toEqual([{ name: "Schwarz", hex: "#000000" }]);
    const notes = await t.db.notification.findMany();
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ shop: SHOP, level: "warning" });
    expect(notes[0].message).toContain("Galaxy Swirl");
  });

  it("only unknown colours: no job, a notification", async () => {
    const body = teeProduct({ options: [{ name: "Colour", values: ["Unicorn"] }] });
    const res = await deliver(productsCreate, webhookRequest({ topic: "products/create", shop: SHOP, body }));
    expect(await res.json()).toMatchObject({ ok: true, outcome: "no-known-colors" });
    expect(await t.db.job.count()).toBe(0);
    expect(await t.db.notification.count()).toBe(1);
  });

  it("a product that is not a known garment starts nothing", async () => {
    const body = teeProduct({ title: "Ceramic Mug", product_type: "Mug" });
    const res = await deliver(productsCreate, webhookRequest({ topic: "products/create", shop: SHOP, body }));
    expect(await res.json()).toMatchObject({ ok: true, outcome: "no-model" });
    expect(await t.db.job.count()).toBe(0);
  });

  it("hoodies are recognised from the title", async () => {
    const body = teeProduct({ id: 7002, admin_graphql_api_id: undefined, title: "Winter Hoodie", product_type: "" });
    await deliver(productsCreate, webhookRequest({ topic: "products/create", shop: SHOP, body }));
    const job = await t.db.job.findFirstOrThrow();
    expect(JSON.parse(job.input)).toMatchObject({ model: "hoodie", productId: "gid://shopify/Product/7002" });
  });

  it("a saved ProductSetup wins over inference (model, colours, views), scoped to the shop", async () => {
    await t.db.productSetup.create({
      data: {
        shop: SHOP,
        productId: "gid://shopify/Product/7001",
        modelName: "hoodie",
        colors: JSON.stringify([{ name: "Sunset", hex: "#FF8800" }]),
        views: JSON.stringify(["front", "back"]),
      },
    });
    // another shop's setup for the same product id must not be used
    await t.db.productSetup.create({
      data: { shop: "other.myshopify.com", productId: "gid://shopify/Product/7001", modelName: "tee", colors: "[]" },
    });
    await deliver(productsUpdate, webhookRequest({ topic: "products/update", shop: SHOP, body: teeProduct() }));
    const job = await t.db.job.findFirstOrThrow({ include: { steps: true } });
    expect(JSON.parse(job.input)).toMatchObject({ model: "hoodie", colors: [{ name: "Sunset", hex: "#FF8800" }], views: ["front", "back"] });
    expect(job.steps.map((s) => s.name)).toEqual(expect.arrayContaining(["passes:front", "passes:back"]));
  });

  it("a disabled ProductSetup starts nothing", async () => {
    await t.db.productSetup.create({
      data: { shop: SHOP, productId: "gid://shopify/Product/7001", modelName: "tee", enabled: false, colors: '[{"name":"Black","hex":"#000000"}]' },
    });
    const res = await deliver(productsUpdate, webhookRequest({ topic: "products/update", shop: SHOP, body: teeProduct() }));
    expect(await res.json()).toMatchObject({ outcome: "setup-disabled" });
    expect(await t.db.job.count()).toBe(0);
  });
});

describe("products/create and products/update", () => {
  it("are served by one shared handler, not two copies", () => {
    expect(productsCreate).toBe(productsUpdate);
  });
});

describe("app/scopes_update", () => {
  it("updates the stored offline session's scope", async () => {
    await t.db.session.create({
      data: { id: `offline_${SHOP}`, shop: SHOP, state: "", isOnline: false, accessToken: "shpat_test", scope: "write_products" },
    });
    const res = await callAction(
      scopesUpdate,
      webhookRequest({ topic: "app/scopes_update", shop: SHOP, body: { id: 1, previous: ["write_products"], current: ["write_products", "write_files"], updated_at: "2026-11-25T10:00:00Z" } }),
    );
    expect(res.status).toBe(200);
    expect((await t.db.session.findUniqueOrThrow({ where: { id: `offline_${SHOP}` } })).scope).toBe("write_products,write_files");
    await t.db.session.deleteMany();
  });
});

describe("invalid saved setup", () => {
  it("a setup with a model name the job spec refuses gives a notification and 200, not a retry loop", async () => {
    await t.db.productSetup.create({
      data: { shop: SHOP, productId: "gid://shopify/Product/7001", modelName: "../../etc/passwd", colors: '[{"name":"Black","hex":"#000000"}]' },
    });
    const res = await deliver(productsUpdate, webhookRequest({ topic: "products/update", shop: SHOP, body: teeProduct() }));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ outcome: "setup-invalid" });
    expect(await t.db.job.count()).toBe(0);
    expect((await t.db.notification.findFirstOrThrow()).message).toMatch(/setup is not valid/);
  });
});

describe("saved setup with unreadable JSON", () => {
  for (const [field, value] of [
    ["colors", "{not json"],
    ["views", "[\"front\""],
  ] as const) {
    it(`${field} that is not JSON: 200 with a setup-invalid notification, no job, not a 500`, async () => {
      await t.db.productSetup.create({
        data: {
          shop: SHOP,
          productId: "gid://shopify/Product/7001",
          modelName: "tee",
          colors: '[{"name":"Black","hex":"#000000"}]',
          [field]: value,
        },
      });
      const res = await deliver(productsUpdate, webhookRequest({ topic: "products/update", shop: SHOP, body: teeProduct() }));
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ outcome: "setup-invalid" });
      expect(await t.db.job.count()).toBe(0);
      const n = await t.db.notification.findFirstOrThrow();
      expect(n.shop).toBe(SHOP);
      expect(n.message).toMatch(new RegExp(`saved setup.*${field}`));
    });
  }
});
