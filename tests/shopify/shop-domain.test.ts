/**
 * One check for the shop domain at every edge: a correctly signed webhook (any topic) or proxy call with a
 * malformed shop is a 400 and stores nothing; Shopify's myshopify names and SHOP_CUSTOM_DOMAIN shops pass.
 */
import { productInboxHandlers } from "../../app/shopify/product-webhook.server";
import { drainInbox } from "../../app/shopify/webhook-inbox.server";
import { createHmac } from "node:crypto";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { LocalDiskBlobStore } from "../../app/assets/store/local-disk";
import { parseCustomShopDomains, shopDomain } from "../../app/shopify/shop-domain";
import type { TestDb } from "../helpers/db";
import { callAction, installTestDb, TEST_API_SECRET, webhookRequest } from "./env";

const CUSTOM = "shops.mockup.test";

/** The malformed names from the issue, plus their near relatives. */
const MALFORMED: [string, string][] = [
  ["another domain", "evil.example.com"],
  ["a space", "a b.myshopify.com"],
  ["a path", "../../etc/passwd"],
  ["uppercase", "Tee-Shop.myshopify.com"],
  ["314 characters", `${"a".repeat(300)}.myshopify.com`],
  ["a 64-character label", `${"a".repeat(64)}.myshopify.com`],
  ["a myshopify lookalike", "tee-shop.myshopify.com.evil.example"],
  ["a sub-subdomain", "x.tee-shop.myshopify.com"],
  ["a leading hyphen", "-tee.myshopify.com"],
  ["a trailing slash", "tee-shop.myshopify.com/"],
  ["a port", "tee-shop.myshopify.com:443"],
  ["a scheme", "https://tee-shop.myshopify.com"],
  ["empty", ""],
  ["a CLI local shop", "demo.local"],
  ["the custom parent itself", CUSTOM],
  ["two labels under the custom parent", `a.b.${CUSTOM}`],
];

describe("shopDomain", () => {
  it.each(MALFORMED)("refuses %s", (_what, value) => {
    expect(shopDomain(value, { customDomains: [CUSTOM] })).toBeNull();
  });

  it("accepts Shopify's names and, only when configured, custom ones", () => {
    for (const ok of ["tee-shop.myshopify.com", "a.myshopify.com", "shop1.myshopify.com", `${"a".repeat(63)}.myshopify.com`]) {
      expect(shopDomain(ok, { customDomains: [] })).toBe(ok);
    }
    expect(shopDomain(`tee.${CUSTOM}`, { customDomains: [CUSTOM] })).toBe(`tee.${CUSTOM}`);
    expect(shopDomain(`tee.${CUSTOM}`, { customDomains: [] })).toBeNull();
    expect(shopDomain(undefined)).toBeNull();
    expect(shopDomain(42)).toBeNull();
  });

  it("SHOP_CUSTOM_DOMAIN entries must themselves be host names", () => {
    expect(parseCustomShopDomains(` ${CUSTOM}, dev.example.test ,`)).toEqual([CUSTOM, "dev.example.test"]);
    expect(parseCustomShopDomains(undefined)).toEqual([]);
    for (const bad of ["*.example.test", "Example.test", "example", "a b.test", "https://x.test"]) {
      expect(() => parseCustomShopDomains(bad)).toThrow(/SHOP_CUSTOM_DOMAIN/);
    }
  });
});

type Action = typeof import("../../app/routes/webhooks.products.create").action;
let t: TestDb;
let topics: [string, Action, unknown][];
let proxyLoader: typeof import("../../app/routes/proxy.$").loader;

async function stored() {
  return {
    deliveries: await t.db.webhookDelivery.count(),
    jobs: await t.db.job.count(),
    notifications: await t.db.notification.count(),
    shops: await t.db.shop.count(),
  };
}

beforeAll(async () => {
  process.env.SHOP_CUSTOM_DOMAIN = CUSTOM; // read when app/shopify.server.ts is imported
  t = await installTestDb();
  globalThis.__mockupBlobs = new LocalDiskBlobStore(mkdtempSync(path.join(os.tmpdir(), "shop-domain-blobs-")));
  const route = async (name: string) => ((await import(`../../app/routes/webhooks.${name}.tsx`)) as { action: Action }).action;
  const product = { id: 7001, admin_graphql_api_id: "gid://shopify/Product/7001", title: "Organic Tee", product_type: "T-Shirt", options: [{ name: "Color", values: ["Black"] }] };
  const customer = { shop_id: 1, customer: { id: 42, email: "x@example.com" }, orders_to_redact: [], data_request: { id: 9 } };
  topics = [
    ["products/create", await route("products.create"), product],
    ["products/update", await route("products.update"), product],
    ["app/uninstalled", await route("app.uninstalled"), { id: 1 }],
    ["app/scopes_update", await route("app.scopes_update"), { current: ["write_products"] }],
    ["customers/data_request", await route("customers.data_request"), customer],
    ["customers/redact", await route("customers.redact"), customer],
    ["shop/redact", await route("shop.redact"), { shop_id: 1 }],
  ];
  proxyLoader = (await import("../../app/routes/proxy.$")).loader;
});
afterAll(async () => {
  delete process.env.SHOP_CUSTOM_DOMAIN;
  await t?.drop();
});
beforeEach(async () => {
  await t.db.jobStep.deleteMany();
  await t.db.job.deleteMany();
  await t.db.webhookDelivery.deleteMany();
  await t.db.notification.deleteMany();
});

describe("webhooks with a valid HMAC and a malformed X-Shopify-Shop-Domain", () => {
  it.each(MALFORMED)("%s: 400 on every topic, nothing stored", async (_what, shop) => {
    for (const [topic, action, body] of topics) {
      const res = await callAction(action, webhookRequest({ topic, shop, body }));
      expect(res.status, `${topic} ${JSON.stringify(shop)}`).toBe(400);
      expect(await res.json()).toEqual({ ok: false, error: "X-Shopify-Shop-Domain is not a shop domain" });
    }
    expect(await stored()).toEqual({ deliveries: 0, jobs: 0, notifications: 0, shops: 0 });
  });

  it("a missing header is a 400 too", async () => {
    const [topic, action, body] = topics[0];
    const req = webhookRequest({ topic, shop: "tee-shop.myshopify.com", body });
    req.headers.delete("x-shopify-shop-domain");
    expect((await callAction(action, req)).status).toBe(400);
    expect((await stored()).deliveries).toBe(0);
  });

  it("the same deliveries from a well-formed shop, and from a SHOP_CUSTOM_DOMAIN shop, are processed", async () => {
    const shops = ["tee-shop.myshopify.com", `tee.${CUSTOM}`];
    const beforeRedact = topics.filter(([topic]) => topic !== "shop/redact");
    for (const shop of shops) {
      for (const [topic, action, body] of beforeRedact) {
        const res = await callAction(action, webhookRequest({ topic, shop, body }));
        expect(res.status, `${topic} ${shop}`).toBe(200);
        expect(await res.json(), `${topic} ${shop}`).toMatchObject({ ok: true });
      }
    }
    // the product topics are recorded for a worker's inbox (decision 153): let one handle them
    await drainInbox(t.db, productInboxHandlers(t.db));
    const rows = await t.db.webhookDelivery.findMany({ select: { shop: true, processedAt: true } });
    expect(rows).toHaveLength(shops.length * beforeRedact.length);
    expect(rows.every((r) => r.processedAt)).toBe(true);
    expect(new Set(rows.map((r) => r.shop))).toEqual(new Set(shops));
    expect(new Set((await t.db.job.findMany({ select: { shop: true } })).map((j) => j.shop))).toEqual(new Set(shops));
    // shop/redact last: it deletes the shop's rows, deliveries included
    const [topic, action, body] = topics.find(([name]) => name === "shop/redact")!;
    for (const shop of shops) expect((await callAction(action, webhookRequest({ topic, shop, body }))).status).toBe(200);
    expect(await stored()).toMatchObject({ deliveries: 0, jobs: 0 });
  });
});

/** A proxy request as Shopify forwards it, signed over the sorted query. */
function proxyRequest(shop: string) {
  const q = new URLSearchParams({ shop, logged_in_customer_id: "", path_prefix: "/apps/mockup", timestamp: String(Math.floor(Date.now() / 1000)) });
  const message = [...q.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}=${v}`).join("");
  q.set("signature", createHmac("sha256", TEST_API_SECRET).update(message).digest("hex"));
  return new Request(`https://mockup.test/proxy/health?${q}`);
}

async function proxyCall(shop: string): Promise<Response> {
  try {
    return (await proxyLoader({ request: proxyRequest(shop), params: { "*": "health" }, context: {} })) as Response;
  } catch (e) {
    if (e instanceof Response) return e;
    throw e;
  }
}

describe("app proxy with a correctly signed, malformed shop", () => {
  it.each(MALFORMED)("%s: 400", async (_what, shop) => {
    const res = await proxyCall(shop);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: "shop is not a shop domain" });
  });

  it("a well-formed shop and a SHOP_CUSTOM_DOMAIN shop are answered", async () => {
    for (const shop of ["tee-shop.myshopify.com", `tee.${CUSTOM}`]) {
      const res = await proxyCall(shop);
      expect(res.status, shop).toBe(200);
      expect(await res.json()).toMatchObject({ shop, installed: false });
    }
  });
});
