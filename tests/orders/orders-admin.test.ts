/**
 * Admin → Orders through its loaders and actions with a session token: the shop's orders with their lines, print
 * files, DPI flag and job state; approve, reject with a required reason; a file, one ZIP per order and a data
 * export to download; another shop's order, line or file is 404. German: tests/e2e/admin-orders.spec.ts.
 */
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { unzipSync } from "fflate";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ShopAssetStore } from "../../app/assets/store/asset-store.server";
import { LocalDiskBlobStore } from "../../app/assets/store/local-disk";
import { routeAdminApiTo, startAdminDouble, type AdminDouble } from "../doubles/shopify-admin";
import type { TestDb } from "../helpers/db";
import { installTestDb, TEST_API_KEY, TEST_API_SECRET } from "../shopify/env";
import { BROWSER_UA, offlineSessionRow, sessionToken } from "../shopify/session-token";

const SHOP = "orders-shop.myshopify.com";
const OTHER = "orders-other.myshopify.com";
let t: TestDb;
let blobs: LocalDiskBlobStore;
let d: AdminDouble;
let page: typeof import("../../app/routes/app.orders._index");
let fileRoute: typeof import("../../app/routes/app.orders.files.$key");
let zipRoute: typeof import("../../app/routes/app.orders.$id.zip");
let exportRoute: typeof import("../../app/routes/app.orders.exports.$id");
let exportZipRoute: typeof import("../../app/routes/app.orders.exports.zip.$id");

function req(pathname: string, init: { form?: Record<string, string>; shop?: string; locale?: string } = {}) {
  const headers = new Headers({ Authorization: `Bearer ${sessionToken({ shop: init.shop ?? SHOP, apiKey: TEST_API_KEY, secret: TEST_API_SECRET })}`, "User-Agent": BROWSER_UA });
  if (init.locale) headers.set("Accept-Language", init.locale);
  return new Request(`https://mockup.test${pathname}`, { method: init.form ? "POST" : "GET", headers, ...(init.form ? { body: new URLSearchParams(init.form) } : {}) });
}

async function run(fn: (a: any) => Promise<unknown>, request: Request, params: Record<string, string> = {}): Promise<Response> {
  try {
    return (await fn({ request, params, context: {} })) as Response;
  } catch (e) {
    if (e instanceof Response) return e;
    throw e;
  }
}

/** An order of `shop` with one printed line (real PNG + mockup in the store) and one unknown line. */
async function seedOrder(shop: string, orderId: string) {
  const store = new ShopAssetStore(shop, t.db, blobs);
  // content-addressed: each shop's file gets its own bytes so the keys differ
  const png = await sharp({ create: { width: 60, height: 80, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } }).png().withMetadata({ exif: { IFD0: { ImageDescription: `${shop}/${orderId}` } } }).toBuffer();
  const fileKey = await store.put(png, { kind: "printfile", mediaType: "image/png", width: 60, height: 80 });
  const mockupKey = await store.put(await sharp({ create: { width: 32, height: 32, channels: 3, background: shop === SHOP ? "#2E8B57" : "#000000" } }).jpeg().toBuffer(), { kind: "mockup", mediaType: "image/jpeg" });
  const design = await t.db.design.create({ data: { shop, assetKey: "d".repeat(64), name: "Storefront upload", source: "shopper", width: 10, height: 10, mediaType: "image/png" } });
  const job = await t.db.job.create({ data: { shop, type: "order", status: "succeeded", progress: 100 } });
  const data = { designId: design.id, lineId: "1", mockupKey, lowDpi: true, files: [{ area: "front", key: fileKey, width: 60, height: 80, bytes: png.length, dpi: 300, effectiveDpi: 120, lowDpi: true }] };
  await t.db.jobStep.create({ data: { jobId: job.id, shop, name: "line:1", capability: "order.printfile", status: "succeeded", output: JSON.stringify({ assets: { "area:front": fileKey, mockup: mockupKey }, data }) } });
  const order = await t.db.designOrder.create({
    data: { shop, orderId, name: `#${orderId}`, jobId: job.id, lines: { create: [{ shop, lineId: "1", designId: design.id }, { shop, lineId: "2", designId: "cunknown0000000000", state: "unknown" }] } },
    include: { lines: true },
  });
  return { order, fileKey, mockupKey, png };
}

beforeAll(async () => {
  t = await installTestDb();
  blobs = new LocalDiskBlobStore(mkdtempSync(path.join(os.tmpdir(), "orders-admin-")));
  globalThis.__mockupBlobs = blobs;
  await t.db.session.create({ data: offlineSessionRow(SHOP) });
  await t.db.session.create({ data: offlineSessionRow(OTHER) });
  page = await import("../../app/routes/app.orders._index");
  fileRoute = await import("../../app/routes/app.orders.files.$key");
  zipRoute = await import("../../app/routes/app.orders.$id.zip");
  exportRoute = await import("../../app/routes/app.orders.exports.$id");
  exportZipRoute = await import("../../app/routes/app.orders.exports.zip.$id");
  // the Admin API the review note goes to (validated against the pinned schema)
  d = await startAdminDouble();
  routeAdminApiTo(d);
});
afterAll(async () => {
  await d?.close();
  await t?.drop();
});

describe("Admin → Orders", () => {
  it("lists only the shop's orders, each line with its state, print files, DPI flag, mockup and job state", async () => {
    const mine = await seedOrder(SHOP, "1001");
    await seedOrder(OTHER, "2001");
    const res = await run(page.loader, req("/app/orders"));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { orders: Array<{ name: string; job: { status: string }; lines: Array<{ lineId: string; state: string; review: string; lowDpi: boolean; mockupKey: string; files: Array<{ key: string; lowDpi: boolean }> }> }>; days: number };
    expect(body.orders.map((o) => o.name)).toEqual(["#1001"]);
    expect(body.orders[0].job.status).toBe("succeeded");
    const [printed, unknown] = body.orders[0].lines;
    expect(printed).toMatchObject({ lineId: "1", state: "ok", review: "pending", lowDpi: true, mockupKey: mine.mockupKey, designKind: "upload" });
    expect(printed.files[0]).toMatchObject({ key: mine.fileKey, lowDpi: true });
    expect(unknown).toMatchObject({ lineId: "2", state: "unknown", files: [] });
    expect(body.days).toBe(30);
  });

  it("approve, and reject with a required reason; another shop's line is 404; an unknown line cannot be reviewed", async () => {
    const { order } = await seedOrder(SHOP, "1002");
    const theirs = await seedOrder(OTHER, "2002");
    const line = order.lines.find((l) => l.lineId === "1")!;
    const approve = await run(page.action, req("/app/orders", { form: { intent: "approve", lineId: line.id } }));
    expect(await approve.json()).toMatchObject({ ok: true, review: "approved" });
    const noReason = await run(page.action, req("/app/orders", { form: { intent: "reject", lineId: line.id, reason: " " } }));
    expect(noReason.status).toBe(400);
    // a message key: the page says it in the merchant's language (app/i18n/*.json, orders.reasonRequired)
    expect(((await noReason.json()) as { error: string }).error).toBe("orders.reasonRequired");
    expect((await t.db.designOrderLine.findUniqueOrThrow({ where: { id: line.id } })).review).toBe("approved");
    const reject = await run(page.action, req("/app/orders", { form: { intent: "reject", lineId: line.id, reason: "The logo is someone else's trademark" } }));
    expect(await reject.json()).toMatchObject({ ok: true, review: "rejected" });
    expect(await t.db.designOrderLine.findUniqueOrThrow({ where: { id: line.id } })).toMatchObject({ review: "rejected", reviewReason: "The logo is someone else's trademark" });
    const other = await run(page.action, req("/app/orders", { form: { intent: "approve", lineId: theirs.order.lines[0].id } }));
    expect(other.status).toBe(404);
    const unknownLine = order.lines.find((l) => l.lineId === "2")!;
    expect((await run(page.action, req("/app/orders", { form: { intent: "approve", lineId: unknownLine.id } }))).status).toBe(409);
    expect((await run(page.action, req("/app/orders", { form: { intent: "delete-everything" } }))).status).toBe(400);
  });

  it("downloads a print file and one ZIP per order (files named by order, line, area, DPI flag); other shops' are 404", async () => {
    const { order, fileKey, mockupKey, png } = await seedOrder(SHOP, "1003");
    const theirs = await seedOrder(OTHER, "2003");
    const file = await run(fileRoute.loader, req(`/app/orders/files/${fileKey}`), { key: fileKey });
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toBe("image/png");
    expect(file.headers.get("content-disposition")).toMatch(/attachment; filename=".*front-300dpi-LOW\.png"/);
    expect(Buffer.from(await file.arrayBuffer()).equals(png)).toBe(true);
    expect((await run(fileRoute.loader, req(`/app/orders/files/${theirs.fileKey}`), { key: theirs.fileKey })).status).toBe(404);
    expect((await run(fileRoute.loader, req("/app/orders/files/..%2F..%2Fetc"), { key: "../../etc" })).status).toBe(404);

    const zip = await run(zipRoute.loader, req(`/app/orders/${order.id}/zip`), { id: order.id });
    expect(zip.status).toBe(200);
    expect(zip.headers.get("content-type")).toBe("application/zip");
    const entries = unzipSync(new Uint8Array(await zip.arrayBuffer()));
    expect(Object.keys(entries).sort()).toEqual(["1003/line-1-front-300dpi-LOW.png", "1003/line-1-mockup.jpg"]);
    expect(Buffer.from(entries["1003/line-1-front-300dpi-LOW.png"]).equals(png)).toBe(true);
    expect(entries["1003/line-1-mockup.jpg"].length).toBe((await blobs.get(mockupKey)).length);
    expect((await run(zipRoute.loader, req(`/app/orders/${theirs.order.id}/zip`), { id: theirs.order.id })).status).toBe(404);
  });

  it("a rejection is noted on the Shopify order (note line with the reason, tag); the last approval takes the tag off", async () => {
    const { order } = await seedOrder(SHOP, "1004");
    await t.db.designOrderLine.create({ data: { shop: SHOP, orderRowId: order.id, lineId: "3", designId: order.lines[0].designId } });
    const [one, three] = await t.db.designOrderLine.findMany({ where: { orderRowId: order.id, lineId: { in: ["1", "3"] } }, orderBy: { lineId: "asc" } });
    const shopifyOrder = d.store.addOrder({ id: "gid://shopify/Order/1004", name: "#1004", note: "Gift wrap, please", tags: ["VIP"] });
    const review = async (form: Record<string, string>, locale?: string) => (await (await run(page.action, req("/app/orders", { form, locale }))).json()) as { ok: boolean; noted?: boolean };

    expect(await review({ intent: "reject", lineId: one.id, reason: "The logo is blurry at this size" })).toEqual({ ok: true, review: "rejected", noted: true });
    expect(shopifyOrder.note).toBe("Gift wrap, please\nMockup Pipeline: design on line 1 rejected — The logo is blurry at this size");
    expect(shopifyOrder.tags).toEqual(["VIP", "design-rejected"]);
    // in the merchant's language; the tag once
    expect(await review({ intent: "reject", lineId: three.id, reason: "Markenrechte Dritter" }, "de-DE")).toMatchObject({ noted: true });
    expect(shopifyOrder.note!.split("\n").at(-1)).toBe("Mockup Pipeline: Design in Position 3 abgelehnt — Markenrechte Dritter");
    expect(shopifyOrder.tags).toEqual(["VIP", "design-rejected"]);
    // one line approved: another is still rejected, the tag stays; the last one approved: the tag goes
    await review({ intent: "approve", lineId: one.id });
    expect(shopifyOrder.tags).toEqual(["VIP", "design-rejected"]);
    await review({ intent: "approve", lineId: three.id });
    expect(shopifyOrder.tags).toEqual(["VIP"]);
    expect(shopifyOrder.note!.split("\n")).toEqual([
      "Gift wrap, please",
      "Mockup Pipeline: design on line 1 rejected — The logo is blurry at this size",
      "Mockup Pipeline: Design in Position 3 abgelehnt — Markenrechte Dritter",
      "Mockup Pipeline: design on line 1 approved",
      "Mockup Pipeline: design on line 3 approved",
    ]);
    // approving what was never rejected writes nothing
    const before = d.requests.length;
    await review({ intent: "approve", lineId: three.id });
    expect(d.requests.length).toBe(before);
    // every operation the app sent passed the pinned schema's validation
    expect(d.requests.filter((r) => r.errors?.length)).toEqual([]);
  });

  it("without write_orders (or with Shopify down) the review is saved and the page says the note failed", async () => {
    const { order } = await seedOrder(SHOP, "1005");
    const line = order.lines.find((l) => l.lineId === "1")!;
    const shopifyOrder = d.store.addOrder({ id: "gid://shopify/Order/1005", name: "#1005" });
    d.store.scopes.delete("write_orders");
    try {
      const res = await run(page.action, req("/app/orders", { form: { intent: "reject", lineId: line.id, reason: "Wrong colours" } }));
      expect(await res.json()).toEqual({ ok: true, review: "rejected", noted: false });
    } finally {
      d.store.scopes.add("write_orders");
    }
    expect(await t.db.designOrderLine.findUniqueOrThrow({ where: { id: line.id } })).toMatchObject({ review: "rejected", reviewReason: "Wrong colours" });
    expect([shopifyOrder.note, shopifyOrder.tags]).toEqual([null, []]);
    expect(d.requests.at(-1)?.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: "ACCESS_DENIED" }) })]);
  });

  it("an order older than the newest 1,000 still serves its file, mockup and ZIP (looked up by id, not by a page of orders)", async () => {
    const old = await seedOrder(SHOP, "900");
    await t.db.designOrder.update({ where: { id: old.order.id }, data: { createdAt: new Date("2026-01-01T00:00:00Z") } });
    await t.db.designOrder.createMany({ data: Array.from({ length: 1001 }, (_, i) => ({ shop: SHOP, orderId: String(500_000 + i), name: `#${500_000 + i}` })) });
    const file = await run(fileRoute.loader, req(`/app/orders/files/${old.fileKey}`), { key: old.fileKey });
    expect(file.status).toBe(200);
    expect(file.headers.get("content-disposition")).toMatch(/filename="900-line-1-front-300dpi-LOW\.png"/);
    expect((await run(fileRoute.loader, req(`/app/orders/files/${old.mockupKey}`), { key: old.mockupKey })).status).toBe(200);
    const zip = await run(zipRoute.loader, req(`/app/orders/${old.order.id}/zip`), { id: old.order.id });
    expect(zip.status).toBe(200);
    // written while sent: no length known up front
    expect(zip.headers.get("content-length")).toBeNull();
    const entries = unzipSync(new Uint8Array(await zip.arrayBuffer()));
    expect(Object.keys(entries).sort()).toEqual(["900/line-1-front-300dpi-LOW.png", "900/line-1-mockup.jpg"]);
    expect(Buffer.from(entries["900/line-1-front-300dpi-LOW.png"]).equals(old.png)).toBe(true);
    // a key that is an asset of this shop but no order's file is still 404
    const stray = await new ShopAssetStore(SHOP, t.db, blobs).put(Buffer.from("not an order file"), { kind: "design", mediaType: "text/plain" });
    expect((await run(fileRoute.loader, req(`/app/orders/files/${stray}`), { key: stray })).status).toBe(404);
    await t.db.designOrder.deleteMany({ where: { shop: SHOP, orderId: { gte: "500000" }, jobId: null } });
  });

  it("a data request's export comes as one ZIP with the customer's design image and its print files; another shop's is 404", async () => {
    const { answerDataRequest } = await import("../../app/shopify/privacy.server");
    const store = new ShopAssetStore(SHOP, t.db, blobs);
    const { order, fileKey, png } = await seedOrder(SHOP, "1006");
    const image = await sharp({ create: { width: 40, height: 40, channels: 4, background: "#F5DEB3" } }).png().toBuffer();
    const imageKey = await store.put(image, { kind: "design", mediaType: "image/png", width: 40, height: 40 });
    const designId = order.lines.find((l) => l.lineId === "1")!.designId;
    await t.db.design.update({ where: { id: designId }, data: { assetKey: imageKey, customerId: "4242" } });
    const { exportId } = await answerDataRequest(t.db, SHOP, { customer: { id: "4242" } }, store);
    const res = await run(exportZipRoute.loader, req(`/app/orders/exports/zip/${exportId}`), { id: exportId });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toMatch(/customer-4242-data\.zip/);
    const entries = unzipSync(new Uint8Array(await res.arrayBuffer()));
    expect(Object.keys(entries)).toEqual(["export.json", `designs/${designId}.png`, `designs/${designId}/print-files/1006-line-1-front.png`]);
    expect(Buffer.from(entries[`designs/${designId}.png`]).equals(image)).toBe(true);
    expect(Buffer.from(entries[`designs/${designId}/print-files/1006-line-1-front.png`]).equals(png)).toBe(true);
    const json = JSON.parse(Buffer.from(entries["export.json"]).toString("utf8"));
    expect(json.designs[0]).toMatchObject({ id: designId, file: imageKey, orders: [{ orderName: "#1006", printFiles: [{ file: fileKey }] }] });
    expect((await run(exportZipRoute.loader, req(`/app/orders/exports/zip/${exportId}`, { shop: OTHER }), { id: exportId })).status).toBe(404);
  });

  it("saves the retention setting (validated) and serves data exports of this shop only", async () => {
    const bad = await run(page.action, req("/app/orders", { form: { intent: "retention", days: "0" } }));
    expect(bad.status).toBe(400);
    const ok = await run(page.action, req("/app/orders", { form: { intent: "retention", days: "14" } }));
    expect(await ok.json()).toMatchObject({ ok: true, days: 14 });
    const store = new ShopAssetStore(SHOP, t.db, blobs);
    const key = await store.put(Buffer.from('{"customerId":"42","designs":[]}'), { kind: "data-export", mediaType: "application/json" });
    const row = await t.db.dataExport.create({ data: { shop: SHOP, customerId: "42", assetKey: key } });
    const res = await run(exportRoute.loader, req(`/app/orders/exports/${row.id}`), { id: row.id });
    expect(res.status).toBe(200);
    expect(JSON.parse(await res.text())).toEqual({ customerId: "42", designs: [] });
    expect((await run(exportRoute.loader, req(`/app/orders/exports/${row.id}`, { shop: OTHER }), { id: row.id })).status).toBe(404);
    const list = (await (await run(page.loader, req("/app/orders"))).json()) as { exports: Array<{ id: string }>; days: number };
    expect(list.exports.map((e) => e.id)).toContain(row.id);
    expect(list.days).toBe(14);
  });
});
