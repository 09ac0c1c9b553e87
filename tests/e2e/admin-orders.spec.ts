/**
 * Admin → Orders in Chromium: an order with a shopper's design (a real print file made by the order.printfile
 * provider, its mockup), the low-DPI flag, download of the file, approve, reject with a reason; German strings.
 */
import path from "node:path";
import { expect, test } from "@playwright/test";
import sharp from "sharp";
import { ShopAssetStore } from "../../app/assets/store/asset-store.server";
import { LocalDiskBlobStore } from "../../app/assets/store/local-disk";
import type { Db } from "../../app/db/client.server";
import { localPrintFileProvider } from "../../app/orders/printfile/provider";
import { e2eEnv } from "../../playwright.config";
import { providerCtx } from "../mockups/ctx";
import { offlineSessionRow } from "../shopify/session-token";
import { adminUrl, E2E_SHOP, e2eDb, routeCdn, token } from "./admin-helpers";

let db: Db;

test.beforeAll(async () => {
  db = e2eDb();
  await db.session.deleteMany({ where: { shop: E2E_SHOP } });
  await db.session.create({ data: offlineSessionRow(E2E_SHOP) });
  await db.designOrder.deleteMany({ where: { shop: E2E_SHOP } });
  const store = new ShopAssetStore(E2E_SHOP, db, new LocalDiskBlobStore(path.join(e2eEnv.MOCKUP_DATA_DIR!, "assets")));
  // a 400 px logo on a 10 × 12 cm area prints at ~100 DPI: flagged
  const logo = await sharp({ create: { width: 400, height: 400, channels: 4, background: { r: 46, g: 139, b: 87, alpha: 1 } } })
    .composite([{ input: Buffer.from('<svg width="400" height="400"><circle cx="200" cy="200" r="150" fill="#F5DEB3"/></svg>') }])
    .png()
    .toBuffer();
  const designKey = await store.put(logo, { kind: "design", mediaType: "image/png", width: 400, height: 400 });
  const mockupKey = await store.put(await sharp(logo).flatten({ background: "#ffffff" }).jpeg().toBuffer(), { kind: "mockup", mediaType: "image/jpeg" });
  const design = await db.design.create({ data: { shop: E2E_SHOP, assetKey: designKey, name: "Storefront upload", source: "shopper", width: 400, height: 400, mediaType: "image/png" } });
  const params = { designId: design.id, lineId: "11", mockupKey, areas: [{ area: { name: "front", widthCm: 10, heightCm: 12 }, layers: [{ assetKey: designKey }] }] };
  const out = await localPrintFileProvider().run({ params, inputs: {} }, providerCtx(store));
  const job = await db.job.create({ data: { shop: E2E_SHOP, type: "order", status: "succeeded", progress: 100 } });
  await db.jobStep.create({ data: { jobId: job.id, shop: E2E_SHOP, name: "line:11", capability: "order.printfile", status: "succeeded", output: JSON.stringify(out) } });
  // a customers/data_request answered: the Data requests card lists it with its JSON and its ZIP
  await db.dataExport.deleteMany({ where: { shop: E2E_SHOP } });
  const exportKey = await store.put(Buffer.from(JSON.stringify({ customerId: "4242", designs: [] })), { kind: "data-export", mediaType: "application/json" });
  await db.dataExport.create({ data: { shop: E2E_SHOP, customerId: "4242", assetKey: exportKey, designs: 1 } });
  await db.designOrder.create({
    data: { shop: E2E_SHOP, orderId: "1001", name: "#1001", jobId: job.id, lines: { create: [{ shop: E2E_SHOP, lineId: "11", designId: design.id }, { shop: E2E_SHOP, lineId: "12", designId: "cgone00000000000000", state: "redacted" }] } },
  });
});
test.afterAll(async () => db?.$disconnect());

test("orders: mockup, print file with DPI flag, download, approve, reject with reason", async ({ page }) => {
  const idToken = token();
  await routeCdn(page, idToken);
  await page.goto(adminUrl("/app/orders", idToken));
  await expect(page.getByRole("heading", { name: "Order #1001" })).toBeVisible();
  await expect(page.getByText("Low resolution: 102 DPI")).toBeVisible();
  await expect(page.getByText("Design deleted on the customer's request")).toBeVisible();
  await expect(page.locator('[data-line="11"] img')).toBeVisible();
  await expect(page.getByText("Line 11 · Shopper's upload")).toBeVisible();
  await expect(page.getByText("Customer 4242: 1 design", { exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "With files (ZIP)" })).toBeVisible();
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download: Front (1181×1417)" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/1001-11-front\.png$/);
  const meta = await sharp(await file.path()).metadata();
  expect([meta.width, meta.height, meta.density, meta.hasAlpha]).toEqual([1181, 1417, 300, true]);
  await page.screenshot({ path: "test-results/admin-orders.png", fullPage: true, animations: "disabled" });

  await page.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByText("Approved", { exact: true })).toBeVisible();
  await page.getByRole("button", { name: "Reject" }).click();
  await page.getByLabel("Reason for rejecting (the order shows it)").fill("Logo too blurry to print");
  await page.getByRole("button", { name: "Reject" }).click();
  await expect(page.getByText("Rejected: Logo too blurry to print")).toBeVisible();
  const line = await db.designOrderLine.findFirstOrThrow({ where: { shop: E2E_SHOP, lineId: "11" } });
  expect(line).toMatchObject({ review: "rejected", reviewReason: "Logo too blurry to print" });
});

test("orders in German", async ({ page }) => {
  const idToken = token();
  await routeCdn(page, idToken);
  await page.goto(`${adminUrl("/app/orders", idToken)}&locale=de-DE`);
  await expect(page.getByRole("heading", { name: "Bestellung #1001" })).toBeVisible();
  await expect(page.getByText("Geringe Auflösung: 102 DPI")).toBeVisible();
  await expect(page.getByRole("button", { name: "Alle herunterladen (ZIP)" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Freigeben" })).toBeVisible();
  await expect(page.getByText("Position 11 · Upload der Kundschaft")).toBeVisible();
  await expect(page.getByRole("button", { name: "Herunterladen: Vorderseite (1181×1417)" })).toBeVisible();
  await expect(page.getByText("Nie bestellte Designs")).toBeVisible();
  await expect(page.getByText("Kunde 4242: 1 Design", { exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Mit Dateien (ZIP)" })).toBeVisible();
  await page.screenshot({ path: "test-results/admin-orders-de.png", fullPage: true, animations: "disabled" });
});
