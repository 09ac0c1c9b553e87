/**
 * orders/create to print files through the orchestrator: the order job made by the webhook handler runs on a worker
 * with the registered order.printfile provider and leaves, per line, a print file of the tee's front print area at
 * 300 DPI (the design where its placement says), readable from the Orders page's data; a rerun of the same order is
 * the same job.
 */
import sharp from "sharp";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ShopAssetStore } from "../../app/assets/store/asset-store.server";
import { DESIGN_ID_PROPERTY } from "../../app/contracts/order-line";
import { loadModel } from "../../app/library/index";
import { listOrders } from "../../app/orders/admin.server";
import { handleOrderCreated } from "../../app/orders/order-created.server";
import { orderProviders } from "../../app/orders/printfile/providers";
import { canvasSize } from "../../app/orders/printfile/layout";
import { fixture, SHOP, type Fixture } from "../pipeline/helpers";

let f: Fixture;
beforeAll(async () => {
  f = await fixture();
});
afterAll(() => f.close());

it("the webhook's order job makes the line's print file and the Orders page lists it", async () => {
  const db = f.t.db;
  const store = new ShopAssetStore(SHOP, db, f.blobs);
  const png = await sharp({ create: { width: 1500, height: 1500, channels: 4, background: { r: 200, g: 30, b: 60, alpha: 1 } } }).png().toBuffer();
  const key = await store.put(png, { kind: "design", mediaType: "image/png", width: 1500, height: 1500 });
  await db.shop.create({ data: { domain: SHOP } });
  await db.productSetup.create({ data: { shop: SHOP, productId: "gid://shopify/Product/7001", modelName: "tee", colors: "[]" } });
  const design = await db.design.create({ data: { shop: SHOP, assetKey: key, name: "Storefront upload", source: "shopper", width: 1500, height: 1500, mediaType: "image/png", document: JSON.stringify({ area: "front", scale: 0.5 }) } });
  const order = { id: "5550001", name: "#1042", line_items: [{ id: "901", product_id: "7001", properties: [{ name: DESIGN_ID_PROPERTY, value: design.id }] }] };

  const res = await handleOrderCreated(db, { shop: SHOP, webhookId: "w1" }, order);
  expect(res.outcome).toBe("order:1/1");
  const registry = f.registry();
  for (const p of orderProviders()) registry.register(p);
  const job = await f.worker(registry).start().waitFor(res.jobId!);
  expect(job.status).toBe("succeeded");

  const [view] = await listOrders(db, SHOP);
  expect(view).toMatchObject({ orderId: "5550001", name: "#1042", job: { status: "succeeded" } });
  const file = view.lines[0].files[0];
  const front = (await loadModel("tee")).info.printAreas.find((a) => a.name === "front")!;
  const size = canvasSize(front, 300);
  expect([file.area, file.width, file.height, file.dpi]).toEqual(["front", size.width, size.height, 300]);
  // 1500 px over half the area's width
  expect(file.effectiveDpi).toBeCloseTo(1500 / ((front.widthCm * 0.5) / 2.54), 0);
  const meta = await sharp(await store.get(file.key)).metadata();
  expect([meta.width, meta.height, meta.density, meta.hasAlpha]).toEqual([size.width, size.height, 300, true]);
  // the centre is the design's red, a corner is transparent
  const { data, info } = await sharp(await store.get(file.key)).raw().toBuffer({ resolveWithObject: true });
  const at = (x: number, y: number) => [...data.subarray((y * info.width + x) * 4, (y * info.width + x) * 4 + 4)];
  expect(at(Math.floor(info.width / 2), Math.floor(info.height / 2))).toEqual([200, 30, 60, 255]);
  expect(at(2, 2)[3]).toBe(0);

  // the same order again (another subscription): the same job, no new rows
  expect(await handleOrderCreated(db, { shop: SHOP, webhookId: "w2" }, order)).toMatchObject({ outcome: "order-known", jobId: res.jobId });
  expect(await db.job.count()).toBe(1);
}, 60_000);
