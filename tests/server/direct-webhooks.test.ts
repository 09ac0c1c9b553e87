/**
 * The web server's direct route for products/create|update (app/server/app.ts, decision 154): the Express app with
 * the real `productWebhook` the build's entry exports, over HTTP on 127.0.0.1. It answers as the Remix route does
 * (tests/shopify/webhooks.test.ts covers that one): a signed delivery is one inbox row and 200 {queued}; a forged
 * one 401, an oversized one 413, a bad shop 400, each with nothing recorded; a build without the export leaves
 * the path to Remix.
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { ServerBuild } from "@remix-run/node";
import pino from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { TestDb } from "../helpers/db";
import { installTestDb, webhookRequest } from "../shopify/env";

let t: TestDb;
let server: Server;
let base: string;
const SHOP = "tee-shop.myshopify.com";
const product = { id: 7001, title: "Merino Tee", product_type: "T-Shirt", updated_at: "2026-12-02T10:00:00Z", options: [] };

async function listen(build: Partial<ServerBuild>): Promise<{ server: Server; base: string }> {
  const { createApp } = await import("../../app/server/app");
  const app = createApp({
    build: { routes: {}, assets: { routes: {}, entry: { module: "", imports: [] }, url: "", version: "1" }, future: {}, publicPath: "/", assetsBuildDirectory: "build/client", ...build } as unknown as ServerBuild,
    clientDir: "build/client-none",
    logger: pino({ level: "silent" }),
    stopping: () => false,
  });
  const s = await new Promise<Server>((resolve) => {
    const srv = app.listen(0, "127.0.0.1", () => resolve(srv));
  });
  return { server: s, base: `http://127.0.0.1:${(s.address() as AddressInfo).port}` };
}

/** A webhookRequest (signed as Shopify signs) sent over HTTP to the server. */
async function send(req: Request): Promise<Response> {
  const path = new URL(req.url).pathname;
  return fetch(`${base}${path}`, { method: req.method, headers: req.headers, body: await req.arrayBuffer() });
}

beforeAll(async () => {
  t = await installTestDb();
  const { productWebhook } = await import("../../app/shopify/product-webhook-route.server");
  ({ server, base } = await listen({ entry: { module: { productWebhook, default: () => new Response() } } } as unknown as Partial<ServerBuild>));
});
afterAll(async () => {
  await new Promise((r) => server?.close(r));
  await t?.drop();
});
beforeEach(async () => {
  await t.db.webhookDelivery.deleteMany();
});

describe("the direct product webhook route", () => {
  it("a signed delivery: 200 {queued}, one inbox row with Shopify's topic and the validated payload; again: duplicate", async () => {
    const req = () => webhookRequest({ topic: "products/update", shop: SHOP, body: product, webhookId: "wh-direct-1" });
    const res = await send(req());
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await res.json()).toEqual({ ok: true, queued: true });
    const rows = await t.db.webhookDelivery.findMany();
    expect(rows.map((r) => [r.webhookId, r.shop, r.topic, r.processedAt])).toEqual([["wh-direct-1", SHOP, "products/update", null]]);
    expect(JSON.parse(rows[0].payload!)).toMatchObject({ id: "7001", title: "Merino Tee" });
    const again = await send(req());
    expect(await again.json()).toEqual({ ok: true, duplicate: true });
    expect(await t.db.webhookDelivery.count()).toBe(1);
  });

  it("forged, tampered, bad shop, not JSON, bad payload, too large: refused, nothing recorded", async () => {
    const forged = await send(webhookRequest({ topic: "products/create", shop: SHOP, body: product, secret: "forged" }));
    expect(forged.status).toBe(401);
    const signed = webhookRequest({ topic: "products/create", shop: SHOP, body: product });
    const tampered = await fetch(`${base}/webhooks/products/create`, { method: "POST", headers: signed.headers, body: JSON.stringify({ ...product, id: 7002 }) });
    expect(tampered.status).toBe(401);
    const badShop = await send(webhookRequest({ topic: "products/create", shop: "evil.example.com", body: product }));
    expect(badShop.status).toBe(400);
    expect(await badShop.json()).toMatchObject({ error: "X-Shopify-Shop-Domain is not a shop domain" });
    const notJson = await send(webhookRequest({ topic: "products/create", shop: SHOP, body: null, rawBody: "{not json" }));
    expect(notJson.status).toBe(400);
    const badPayload = await send(webhookRequest({ topic: "products/create", shop: SHOP, body: { id: "seven" } }));
    expect(badPayload.status).toBe(400);
    expect((await badPayload.json()).error).toMatch(/invalid product payload/);
    const big = "x".repeat(10 * 1024 * 1024 + 1);
    const tooLarge = await send(webhookRequest({ topic: "products/create", shop: SHOP, body: null, rawBody: big }));
    expect(tooLarge.status).toBe(413);
    expect(await t.db.webhookDelivery.count()).toBe(0);
  });

  it("a build without the export leaves the path to Remix (a stub build here, so it fails: not the direct route's answer)", async () => {
    const plain = await listen({ entry: { module: { default: () => new Response("remix") } } } as unknown as Partial<ServerBuild>);
    try {
      const res = await fetch(`${plain.base}/webhooks/products/update`, { method: "POST", body: "{}" });
      // the direct route would have answered this unsigned body with its own JSON 400
      expect(res.status).not.toBe(400);
      expect(await res.text()).not.toMatch(/"ok":false/);
      expect(await t.db.webhookDelivery.count()).toBe(0);
    } finally {
      await new Promise((r) => plain.server.close(r));
    }
  });
});
