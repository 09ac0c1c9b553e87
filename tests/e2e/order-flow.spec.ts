/**
 * The whole way of a shopper's editor design, in Chromium against the app under test (the Playwright web server):
 * storefront product page (the real block from its Liquid, the app proxy signed as Shopify signs it) → "Design your
 * own" → an image and a text on the front → Save (POST /apps/mockup/design-documents → a shopper Design row) → the
 * block's Add to cart (`/cart/add.js` intercepted: the variant, `_design_id`, the `Design` link) → orders/create as
 * Shopify sends it (HMAC) → the order job on a worker inside the server → Admin → Orders shows the line with its
 * mockup → the front print file downloaded: the whole print area at 300 DPI, transparent around the design.
 * Screenshots: test-results/order-flow/ (looked at by a person).
 */
import { createHmac, randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import sharp from "sharp";
import { DESIGN_ID_PROPERTY, DESIGN_LINK_PROPERTY } from "../../app/contracts/order-line";
import { canvasSize } from "../../app/orders/printfile/layout";
import { e2eEnv } from "../../playwright.config";
import { offlineSessionRow } from "../shopify/session-token";
import { buildCatalog, COLORS, PRODUCT_ID } from "../storefront/harness/catalog";
import { httpProxyTarget, startStore, type Store } from "../storefront/harness/store-server";
import { adminUrl, E2E_SHOP, e2eDb, routeCdn, token } from "./admin-helpers";

const SHOTS = path.resolve("test-results/order-flow");
const ORDER_ID = "7300000000001";
const LINE_ID = "17300000000001";
const APP = `http://127.0.0.1:${e2eEnv.PORT}`;

test.use({
  viewport: { width: 1280, height: 900 },
  launchOptions: {
    executablePath: "/usr/bin/chromium",
    args: [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--enable-unsafe-swiftshader", "--use-angle=swiftshader",
    ],
  },
});

let store: Store;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  mkdirSync(SHOTS, { recursive: true });
  const catalog = await buildCatalog();
  const db = e2eDb();
  await db.session.upsert({ where: { id: `offline_${E2E_SHOP}` }, update: {}, create: offlineSessionRow(E2E_SHOP) });
  await db.shop.upsert({ where: { domain: E2E_SHOP }, update: {}, create: { domain: E2E_SHOP } });
  await db.designOrder.deleteMany({ where: { shop: E2E_SHOP, orderId: ORDER_ID } });
  await db.productSetup.upsert({
    where: { shop_productId: { shop: E2E_SHOP, productId: `gid://shopify/Product/${PRODUCT_ID}` } },
    update: {},
    create: { shop: E2E_SHOP, productId: `gid://shopify/Product/${PRODUCT_ID}`, modelName: "tee", colors: JSON.stringify(COLORS.map(({ name, hex }) => ({ name, hex }))), views: JSON.stringify(["front", "back"]) },
  });
  await db.$disconnect();
  store = await startStore({ catalog, shop: E2E_SHOP, secret: e2eEnv.SHOPIFY_API_SECRET, proxy: httpProxyTarget(APP), customerId: "8100000001" });
});
test.afterAll(async () => {
  await worker(false).catch(() => undefined);
  await store?.close();
});

/** The job worker inside the app server (tests/e2e/server-worker.ts). */
async function worker(on: boolean) {
  const res = await fetch(`http://127.0.0.1:${e2eEnv.MOCKUP_E2E_CONTROL_PORT}/worker`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ on }) });
  expect(res.ok).toBe(true);
}

async function photo(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1400" height="1400"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#C8102E"/><stop offset="1" stop-color="#F5DEB3"/></linearGradient></defs><rect x="100" y="100" width="1200" height="1200" rx="160" fill="url(#g)"/><circle cx="700" cy="700" r="330" fill="none" stroke="#1D3557" stroke-width="70"/></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

const ordersWebhook = (body: unknown) => {
  const raw = JSON.stringify(body);
  return fetch(`${APP}/webhooks/orders/create`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "X-Shopify-Topic": "orders/create",
      "X-Shopify-Hmac-Sha256": createHmac("sha256", e2eEnv.SHOPIFY_API_SECRET!).update(raw, "utf8").digest("base64"),
      "X-Shopify-Shop-Domain": E2E_SHOP,
      "X-Shopify-API-Version": "2026-04",
      "X-Shopify-Webhook-Id": randomUUID(),
      "X-Shopify-Triggered-At": new Date().toISOString(),
      "X-Shopify-Event-Id": randomUUID(),
    },
    body: raw,
  });
};

async function openEditor(page: Page) {
  await page.goto(`${store.url}/products/merino-tee`);
  await page.locator("[data-mockup-edit]").click();
  await page.locator("[data-editor-canvas]").waitFor({ timeout: 90_000 });
  await page.waitForFunction(() => Boolean((window as unknown as { MockupViewer: { blocks: Array<{ viewer?: { loaded?: boolean } }> } }).MockupViewer.blocks[0].viewer?.loaded), undefined, { timeout: 120_000 });
}

test("editor design → add to cart → orders/create → print file in Admin → Orders", async ({ page }) => {
  test.setTimeout(600_000);
  await openEditor(page);
  await page.locator("[data-editor-file]").setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: await photo() });
  await expect(page.locator("[data-editor-layer]")).toHaveCount(1, { timeout: 60_000 });
  await page.locator("[data-editor-add-text]").click();
  await page.locator("[data-editor-text]").fill("Alpenwolle");
  await expect(page.locator("[data-editor-layer]")).toHaveCount(2);
  await page.locator("[data-editor-save]").click();
  await expect(page.locator("[data-editor-status]")).toHaveText("Your design is saved.", { timeout: 180_000 });
  // the 3D view is handed the saved design's GLB, by the design's id (its rendering is the editor spec's business)
  await page.waitForFunction(() => /\/apps\/mockup\/designs\/[a-z0-9]+\/design\.glb$/.test(document.querySelector("model-viewer")?.getAttribute("src") ?? ""));
  await page.screenshot({ path: path.join(SHOTS, "01-saved.png"), fullPage: true });

  // the block's own Add to cart, with the saved design; the theme's Ajax cart answers like Shopify's
  let cartBody: { items: Array<{ id: number; quantity: number; properties: Record<string, string> }> } | null = null;
  await page.route("**/cart/add.js", async (route) => {
    cartBody = JSON.parse(route.request().postData() ?? "null");
    await route.fulfill({ status: 200, contentType: "application/json", body: JSON.stringify({ items: cartBody!.items, sections: {} }) });
  });
  const cart = page.locator("button[data-mockup-cart]");
  await expect(cart).toBeVisible();
  await cart.click();
  await expect.poll(() => cartBody).not.toBeNull();
  const item = cartBody!.items[0];
  expect(String(item.id)).toBe(COLORS[0].variant);
  const designId = item.properties[DESIGN_ID_PROPERTY];
  expect(designId).toMatch(/^[a-z0-9]{10,40}$/);
  expect(item.properties[DESIGN_LINK_PROPERTY]).toBe(`${store.url}/apps/mockup/designs/${designId}/2e8b57-front.jpg`);
  // the visible link resolves through the proxy to the mockup the shopper saw
  const link = await page.request.get(item.properties[DESIGN_LINK_PROPERTY]);
  expect(link.status()).toBe(200);
  expect((await sharp(await link.body()).metadata()).format).toBe("jpeg");

  // Shopify sends orders/create with the line's properties
  const res = await ordersWebhook({
    id: Number(ORDER_ID),
    name: "#3001",
    line_items: [{ id: Number(LINE_ID), product_id: Number(PRODUCT_ID), variant_id: item.id, quantity: 1, properties: Object.entries(item.properties).map(([name, value]) => ({ name, value })) }],
  });
  expect(res.status).toBe(200);
  const db = e2eDb();
  try {
    const order = await db.designOrder.findUniqueOrThrow({ where: { shop_orderId: { shop: E2E_SHOP, orderId: ORDER_ID } }, include: { lines: true } });
    expect(order.lines).toMatchObject([{ lineId: LINE_ID, designId, state: "ok" }]);
    await worker(true);
    await expect.poll(async () => (await db.job.findUniqueOrThrow({ where: { id: order.jobId! } })).status, { timeout: 300_000, intervals: [1000] }).toBe("succeeded");
  } finally {
    await db.$disconnect();
    await worker(false);
  }

  // Admin → Orders: the line, its mockup, the print file to download
  const idToken = token();
  await routeCdn(page, idToken);
  await page.goto(adminUrl("/app/orders", idToken));
  await expect(page.getByRole("heading", { name: "Order #3001" })).toBeVisible();
  const line = page.locator(`[data-line="${LINE_ID}"]`);
  await expect(line.locator("img")).toBeVisible();
  await expect(line.getByText("Shopper's design (editor)")).toBeVisible();
  const front = canvasSize({ name: "front", widthCm: 30, heightCm: 38 }, 300);
  const download = page.waitForEvent("download");
  await line.getByRole("button", { name: `Download: Front (${front.width}×${front.height})` }).click();
  const file = await download;
  const png = await sharp(await file.path()).raw().toBuffer({ resolveWithObject: true });
  const meta = await sharp(await file.path()).metadata();
  expect([meta.width, meta.height, meta.density, meta.hasAlpha]).toEqual([front.width, front.height, 300, true]);
  // transparent around the design, the design somewhere inside
  let opaque = 0;
  for (let i = 3; i < png.data.length; i += 4) if (png.data[i] === 255) opaque++;
  const coverage = opaque / (png.info.width * png.info.height);
  expect(coverage).toBeGreaterThan(0.02);
  expect(coverage).toBeLessThan(0.6);
  expect(png.data[3]).toBe(0);
  await sharp(await file.path()).resize(600).png().toFile(path.join(SHOTS, "03-print-file-front.png"));
  await page.screenshot({ path: path.join(SHOTS, "02-admin-orders.png"), fullPage: true, animations: "disabled" });
});
