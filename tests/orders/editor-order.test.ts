/**
 * The seam between the editor (#14) and the order flow (#15), end to end through the real routes:
 * an image uploaded and a design document saved through the signed app proxy → a shopper Design row whose id the
 * cart line carries → orders/create (HMAC) → the order job on a worker → one print-ready PNG per print area the
 * document uses, made from the document: the canvas is the whole area at 300 DPI (pHYs), transparent outside the
 * design, the image's colour where the document put it, the text's colour and outline where it said, and the same
 * shape as the atlas the shopper saw (both downscaled to the atlas' area). Another shop never sees any of it.
 */
import { createHmac } from "node:crypto";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ShopAssetStore } from "../../app/assets/store/asset-store.server";
import { LocalDiskBlobStore } from "../../app/assets/store/local-disk";
import { cartPropertiesSchema, DESIGN_ID_PROPERTY, DESIGN_LINK_PROPERTY } from "../../app/contracts/order-line";
import type { DesignDocument } from "../../app/contracts/design-document";
import { cropArea } from "../../app/designs/document/render.server";
import { loadModel } from "../../app/library";
import type { PrintArea } from "../../app/contracts/print-area";
import { listOrders, orderFile, OrderInputError } from "../../app/orders/admin.server";
import { canvasSize } from "../../app/orders/printfile/layout";
import { orderProviders } from "../../app/orders/printfile/providers";
import { InProcessQueue } from "../../app/pipeline/queue/in-process";
import { ProviderRegistry } from "../../app/pipeline/registry";
import { Worker } from "../../app/pipeline/worker";
import type { TestDb } from "../helpers/db";
import { callAction, installTestDb, TEST_API_SECRET, webhookRequest } from "../shopify/env";
import { offlineSessionRow } from "../shopify/session-token";
import { discPng } from "../designs/document/helpers";

const SHOP = "merino-editor.myshopify.com";
const OTHER = "other-editor.myshopify.com";
const PRODUCT = "8012345678901";
const CUSTOMER = "7012345";
const DISC = "#E63946";
const TEXT = "#2E8B57";

let t: TestDb;
let blobs: LocalDiskBlobStore;
let areas: PrintArea[];
let worker: Worker | null = null;
type Action = Parameters<typeof callAction>[0];
let images: Action, documents: Action, ordersCreate: Action;
let proxyLoader: (args: { request: Request; params: Record<string, string>; context: object }) => Promise<unknown>;

/** A request as Shopify's app proxy forwards it (signed query; the body is the storefront's). */
function proxied(sub: string, init: { method?: string; body?: BodyInit; shop?: string; type?: string } = {}): Request {
  const q = new URLSearchParams({ shop: init.shop ?? SHOP, logged_in_customer_id: CUSTOMER, path_prefix: "/apps/mockup", timestamp: String(Math.floor(Date.now() / 1000)), locale: "en" });
  const message = [...q.entries()].map(([k, v]) => `${k}=${v}`).sort().join("");
  q.set("signature", createHmac("sha256", TEST_API_SECRET).update(message).digest("hex"));
  return new Request(`https://mockup.test/proxy/${sub}?${q}`, { method: init.method ?? "GET", body: init.body, headers: { "Content-Type": init.type ?? "application/json" }, duplex: "half" } as RequestInit);
}

async function proxyGet(sub: string, shop = SHOP): Promise<Response> {
  try {
    return (await proxyLoader({ request: proxied(sub, { shop }), params: { "*": sub }, context: {} })) as Response;
  } catch (e) {
    if (e instanceof Response) return e;
    throw e;
  }
}

/** The PNG's pHYs chunk: pixels per metre on both axes and the unit (1 = metre). */
function pHYs(png: Buffer): { x: number; y: number; unit: number } | null {
  for (let at = 8; at < png.length; ) {
    const len = png.readUInt32BE(at);
    const type = png.toString("latin1", at + 4, at + 8);
    if (type === "pHYs") return { x: png.readUInt32BE(at + 8), y: png.readUInt32BE(at + 12), unit: png[at + 16] };
    if (type === "IDAT") return null;
    at += 12 + len;
  }
  return null;
}

interface Raw {
  data: Buffer;
  width: number;
  height: number;
}
const raw = async (png: Buffer | ReturnType<typeof sharp>): Promise<Raw> => {
  const { data, info } = await (Buffer.isBuffer(png) ? sharp(png) : png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
};
const px = (r: Raw, x: number, y: number) => [...r.data.subarray((Math.round(y) * r.width + Math.round(x)) * 4, (Math.round(y) * r.width + Math.round(x)) * 4 + 4)];

/** Share of opaque pixels (alpha ≥ 128), their mean colour, and their bounding box. */
function stats(r: Raw) {
  let n = 0;
  const sum = [0, 0, 0];
  const box = { x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity };
  for (let y = 0; y < r.height; y++) {
    for (let x = 0; x < r.width; x++) {
      const i = (y * r.width + x) * 4;
      if (r.data[i + 3] < 128) continue;
      n++;
      for (let c = 0; c < 3; c++) sum[c] += r.data[i + c];
      box.x0 = Math.min(box.x0, x);
      box.y0 = Math.min(box.y0, y);
      box.x1 = Math.max(box.x1, x);
      box.y1 = Math.max(box.y1, y);
    }
  }
  return { coverage: n / (r.width * r.height), mean: sum.map((s) => s / Math.max(1, n)), box };
}

/** Intersection over union of two same-sized alpha masks (alpha ≥ 128). */
function maskIoU(a: Raw, b: Raw): number {
  let inter = 0, union = 0;
  for (let i = 3; i < a.data.length; i += 4) {
    const p = a.data[i] >= 128, q = b.data[i] >= 128;
    if (p && q) inter++;
    if (p || q) union++;
  }
  return inter / Math.max(1, union);
}

beforeAll(async () => {
  t = await installTestDb();
  blobs = new LocalDiskBlobStore(mkdtempSync(path.join(os.tmpdir(), "editor-order-")));
  globalThis.__mockupBlobs = blobs;
  images = (await import("../../app/routes/proxy.design-images")).action as Action;
  documents = (await import("../../app/routes/proxy.design-documents")).action as Action;
  ordersCreate = (await import("../../app/routes/webhooks.orders.create")).action as Action;
  proxyLoader = (await import("../../app/routes/proxy.$")).loader as typeof proxyLoader;
  for (const shop of [SHOP, OTHER]) {
    await t.db.session.create({ data: offlineSessionRow(shop) });
    await t.db.shop.create({ data: { domain: shop } });
    await t.db.productSetup.create({ data: { shop, productId: `gid://shopify/Product/${PRODUCT}`, modelName: "tee", colors: JSON.stringify([{ name: "Beige", hex: "#F5DEB3" }]), views: JSON.stringify(["front", "back"]) } });
  }
  areas = (await loadModel("tee")).info.printAreas;
  mkdirSync("test-results", { recursive: true });
}, 60_000);
afterAll(async () => {
  await worker?.stop({ graceMs: 0 });
  await t?.drop();
});

describe("editor design → cart → order → print files", () => {
  let designId = "";
  let answer: { designId: string; mockups: { view: string; url: string; width: number; height: number }[]; glb: string; atlas: string };
  let doc: DesignDocument;

  it("the saved document is a shopper Design row, like an upload, and its mockups are served by its id", async () => {
    const up = await callAction(images, proxied("design-images", { method: "POST", body: new Uint8Array(await discPng(1800, 1800, DISC)), type: "image/png" }));
    expect(up.status, await up.clone().text()).toBe(201);
    const image = (await up.json()) as { image: string; width: number; height: number };
    doc = {
      version: 1,
      areas: [
        {
          area: "front",
          layers: [
            // 1800 px over 15 cm: 305 DPI
            { id: "logo", kind: "image", image: image.image, widthPx: 1800, heightPx: 1800, xCm: 15, yCm: 14, widthCm: 15, rotationDeg: 0 },
            { id: "motto", kind: "text", text: "MERINO", font: "bebas-neue-400", color: TEXT, xCm: 15, yCm: 29, widthCm: 20, rotationDeg: 0 },
          ],
        },
        { area: "back", layers: [{ id: "back", kind: "text", text: "WOLLE", font: "bebas-neue-400", color: TEXT, xCm: 15, yCm: 10, widthCm: 24, rotationDeg: 0 }] },
      ],
    };
    const res = await callAction(documents, proxied("design-documents", { method: "POST", body: JSON.stringify({ document: doc, productId: PRODUCT, color: "#F5DEB3" }) }));
    expect(res.status, await res.clone().text()).toBe(201);
    answer = await res.json();
    designId = answer.designId;
    const row = await t.db.design.findUniqueOrThrow({ where: { id: designId } });
    expect(row).toMatchObject({ shop: SHOP, source: "shopper", customerId: CUSTOMER, productId: PRODUCT, mediaType: "image/png", width: 2048, height: 2048 });
    // what the print file prints: the checked document, with the server's own outlines
    const stored = JSON.parse(row.document!) as DesignDocument;
    expect(stored.areas.map((a) => a.area)).toEqual(["front", "back"]);
    expect((stored.areas[1].layers[0] as { outline?: { d: string } }).outline?.d.length).toBeGreaterThan(50);
    // every key the design needs is in previews (the asset GC keeps what previews name)
    const previews = JSON.parse(row.previews) as { atlas: string; document: string; images: string[]; glb: string; mockups: Record<string, Record<string, string>> };
    expect(previews.images).toEqual([image.image]);
    expect(row.assetKey).toBe(previews.atlas);
    expect(Object.keys(previews.mockups.f5deb3)).toEqual(["front", "back"]);
    // stable proxy URLs by design id (the cart's visible "Design" link)
    expect(answer.mockups.map((m) => m.url)).toEqual([`/apps/mockup/designs/${designId}/f5deb3-front.jpg`, `/apps/mockup/designs/${designId}/f5deb3-back.jpg`]);
    const file = await proxyGet(answer.mockups[0].url.replace("/apps/mockup/", ""));
    expect(file.status).toBe(200);
    const meta = await sharp(Buffer.from(await file.arrayBuffer())).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["jpeg", 1024, 1024]);
    expect((await proxyGet(answer.glb.replace("/apps/mockup/", ""))).status).toBe(200);
    // another shop's storefront: 404 for the same id
    expect((await proxyGet(answer.mockups[0].url.replace("/apps/mockup/", ""), OTHER)).status).toBe(404);
  }, 180_000);

  it("orders/create resolves the cart line's design id, and the order job makes one 300 DPI PNG per print area from the document", async () => {
    // the line item properties exactly as the block's add to cart builds them (assets/mockup-cart.js props())
    const properties = cartPropertiesSchema.parse({ [DESIGN_ID_PROPERTY]: designId, [DESIGN_LINK_PROPERTY]: new URL(answer.mockups[0].url, `https://${SHOP}`).href });
    const order = {
      id: 6100000000001,
      name: "#2001",
      line_items: [{ id: 14100000000001, product_id: Number(PRODUCT), quantity: 1, properties: Object.entries(properties).map(([name, value]) => ({ name, value })) }],
    };
    const res = await callAction(ordersCreate, webhookRequest({ topic: "orders/create", shop: SHOP, body: order }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { outcome: string; jobId: string };
    expect(body.outcome).toBe("order:1/1");

    const registry = new ProviderRegistry({ maxAttempts: 1, defaultTimeoutMs: 170_000 });
    for (const p of orderProviders()) registry.register(p);
    worker = new Worker({ db: t.db, registry, queue: new InProcessQueue(), assetsFor: (shop) => new ShopAssetStore(shop, t.db, blobs), pollMs: 50, heartbeatMs: 200, staleAfterMs: 60_000 });
    const job = await worker.start().waitFor(body.jobId);
    expect(job.status).toBe("succeeded");

    const [view] = await listOrders(t.db, SHOP);
    const line = view.lines[0];
    expect(line).toMatchObject({ state: "ok", designId, designName: "Editor design", designKind: "editor", lowDpi: false });
    expect(line.files.map((f) => f.area)).toEqual(["front", "back"]);
    // the mockup the shopper saw travels with the line
    expect(line.mockupKey).toBe((JSON.parse((await t.db.design.findUniqueOrThrow({ where: { id: designId } })).previews) as { mockups: Record<string, Record<string, string>> }).mockups.f5deb3.front);
    const atlas = await new ShopAssetStore(SHOP, t.db, blobs).get((await t.db.design.findUniqueOrThrow({ where: { id: designId } })).assetKey);

    for (const f of line.files) {
      const area = areas.find((a) => a.name === f.area)!;
      const size = canvasSize(area, 300);
      const dl = await orderFile(t.db, new ShopAssetStore(SHOP, t.db, blobs), SHOP, f.key);
      const png = Buffer.from(dl.bytes);
      const meta = await sharp(png).metadata();
      expect([meta.width, meta.height, meta.density, meta.hasAlpha, meta.space]).toEqual([size.width, size.height, 300, true, "srgb"]);
      // 300 DPI written as pixels per metre (300 / 0.0254 = 11811)
      expect(pHYs(png)).toEqual({ x: 11811, y: 11811, unit: 1 });
      const r = await raw(png);
      const s = stats(r);
      // the corners are transparent canvas
      for (const [x, y] of [[0, 0], [r.width - 1, 0], [0, r.height - 1], [r.width - 1, r.height - 1]]) expect(px(r, x, y)[3]).toBe(0);
      // the same shape as the atlas the shopper's mockups were made from, at the atlas' resolution
      const crop = await raw(sharp(await cropArea(Buffer.from(atlas), area)));
      const down = await raw(sharp(png).resize(crop.width, crop.height, { fit: "fill", kernel: "lanczos3" }));
      expect(maskIoU(crop, down), f.area).toBeGreaterThan(0.85);
      // and as much of the area covered as the shopper saw (within 6 %)
      expect(Math.abs(s.coverage / stats(crop).coverage - 1), f.area).toBeLessThan(0.06);
      writeFileSync(`test-results/editor-order-${f.area}.png`, await sharp(png).resize(800).png().toBuffer());
      const dpc = 300 / 2.54;
      if (f.area === "front") {
        // the lowest of the area's layers: the image's 305 DPI, the text's 300 (it is drawn at the canvas' resolution)
        expect([f.effectiveDpi, f.lowDpi]).toEqual([300, false]);
        // the disc's fill at the layer's centre (15 cm, 14 cm), its ring just inside its box, nothing outside it but the text
        expect(px(r, 15 * dpc, 14 * dpc)).toEqual([230, 57, 70, 255]);
        expect(px(r, 15 * dpc, (14 - 7.5) * dpc - 4)[3]).toBe(0);
        // more than the disc alone (π·7.5² of 30 × 38 cm = 15.5 %): the motto too
        expect(s.coverage).toBeGreaterThan(0.16);
        expect(s.box.y0).toBeGreaterThanOrEqual(Math.floor((14 - 7.5) * dpc) - 2);
        // the motto's row (29 cm) holds only its green
        const row = Math.round(29 * dpc);
        const greens = [...Array(r.width).keys()].map((x) => px(r, x, row)).filter((p) => p[3] === 255);
        expect(greens.length).toBeGreaterThan(200);
        for (const p of greens) expect(Math.abs(p[0] - 0x2e) + Math.abs(p[1] - 0x8b) + Math.abs(p[2] - 0x57)).toBeLessThan(6);
      } else {
        // text only: its colour, inside its box (24 cm wide about 15 cm), crisp at the canvas' own resolution
        expect(f.effectiveDpi).toBe(300);
        expect(s.mean.map(Math.round)).toEqual([0x2e, 0x8b, 0x57]);
        expect(s.box.x0).toBeGreaterThanOrEqual(Math.floor(3 * dpc) - 2);
        expect(s.box.x1).toBeLessThanOrEqual(Math.ceil(27 * dpc) + 2);
        expect(s.coverage).toBeGreaterThan(0.03);
      }
    }
  }, 240_000);

  it("another shop: its order with this design id resolves to nothing, and it cannot download these files", async () => {
    const order = { id: 6100000000002, name: "#9", line_items: [{ id: 14100000000002, product_id: Number(PRODUCT), properties: [{ name: DESIGN_ID_PROPERTY, value: designId }] }] };
    const res = await callAction(ordersCreate, webhookRequest({ topic: "orders/create", shop: OTHER, body: order }));
    expect(((await res.json()) as { outcome: string }).outcome).toBe("order:0/1");
    const [theirs] = await listOrders(t.db, OTHER);
    expect(theirs.lines[0]).toMatchObject({ state: "unknown", designName: null, files: [] });
    const [ours] = await listOrders(t.db, SHOP);
    for (const f of ours.lines[0].files) {
      await expect(orderFile(t.db, new ShopAssetStore(OTHER, t.db, blobs), OTHER, f.key)).rejects.toBeInstanceOf(OrderInputError);
    }
  }, 60_000);

  it("customers/redact: the editor design, its document, image, atlas, mockups, GLB and print files go; the line says redacted", async () => {
    const row = await t.db.design.findUniqueOrThrow({ where: { id: designId } });
    const [before] = await listOrders(t.db, SHOP);
    const own = [row.assetKey, ...(row.previews.match(/[0-9a-f]{64}/g) ?? []), ...before.lines[0].files.map((f) => f.key)];
    expect(await t.db.asset.count({ where: { shop: SHOP, key: { in: own } } })).toBe(new Set(own).size);
    const redact = (await import("../../app/routes/webhooks.customers.redact")).action as Action;
    const res = await callAction(redact, webhookRequest({ topic: "customers/redact", shop: SHOP, body: { shop_id: 1, shop_domain: SHOP, customer: { id: Number(CUSTOMER) }, orders_to_redact: [] } }));
    expect(res.status).toBe(200);
    expect(await t.db.design.count({ where: { id: designId } })).toBe(0);
    expect(await t.db.asset.count({ where: { shop: SHOP, key: { in: own } } })).toBe(0);
    const [after] = await listOrders(t.db, SHOP);
    expect(after.lines[0]).toMatchObject({ state: "redacted", files: [] });
    // and its stable link is gone with it
    expect((await proxyGet(answer.mockups[0].url.replace("/apps/mockup/", ""))).status).toBe(404);
  }, 60_000);
});
