/**
 * The merchant's main path in Chromium, on the committed tee and the built-in pass rasteriser (no Blender, no
 * hero renders): upload a design → Products → Merino Tee → place the design (drag) → Generate → progress →
 * mockups appear → the 3D preview loads the GLB with the design on its decal layer → colour switch → Publish →
 * the Admin API double holds the media → publish again → roll back to the first version. Then the same pages
 * in German.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import sharp from "sharp";
import type { Db } from "../../app/db/client.server";
import { e2eEnv } from "../../playwright.config";
import { offlineSessionRow, sessionToken } from "../shopify/session-token";
import { adminUrl, E2E_SHOP, e2eDb, routeCdn } from "./admin-helpers";
import { doubleQuery, productGid } from "./admin-helpers-double";

test.describe.configure({ mode: "serial" });
let db: Db;
let logoFile: string;

async function worker(on: boolean) {
  const res = await fetch(`http://127.0.0.1:${e2eEnv.MOCKUP_E2E_CONTROL_PORT}/worker`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ on }) });
  expect(((await res.json()) as { on: boolean }).on).toBe(on);
}

async function open(page: Page, pathname: string, locale = "en") {
  // the App Bridge stub hands out one token for the page's life; real App Bridge refreshes it every minute
  const idToken = sessionToken({ shop: E2E_SHOP, apiKey: e2eEnv.SHOPIFY_API_KEY, secret: e2eEnv.SHOPIFY_API_SECRET, ttl: 600 });
  await routeCdn(page, idToken);
  await page.goto(adminUrl(pathname, idToken) + `&locale=${locale}`);
}

test.beforeAll(async () => {
  db = e2eDb();
  await db.session.deleteMany({ where: { shop: E2E_SHOP } });
  await db.session.create({ data: offlineSessionRow(E2E_SHOP) });
  // jobs other specs left queued must not keep this spec's worker busy
  await db.job.updateMany({ where: { status: { in: ["queued", "running"] } }, data: { status: "cancelled", finishedAt: new Date() } });
  await db.productSetup.deleteMany({ where: { shop: E2E_SHOP } });
  await db.design.deleteMany({ where: { shop: E2E_SHOP } });
  // a logo: a ring and a bar, 1000 px (prints at ~85 DPI on a 30 cm front: the intake accepts it)
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1000" height="1000"><circle cx="500" cy="430" r="300" fill="none" stroke="#F5DEB3" stroke-width="90"/><rect x="150" y="820" width="700" height="110" rx="30" fill="#E4572E"/></svg>`;
  logoFile = path.join(mkdtempSync(path.join(os.tmpdir(), "e2e-logo-")), "merino-logo.png");
  writeFileSync(logoFile, await sharp(Buffer.from(svg)).png().toBuffer());
  await worker(true);
});
test.afterAll(async () => {
  await worker(false);
  await db?.$disconnect();
});

test("design → product → placement → Generate → mockups → 3D with the design → colours → Publish → roll back", async ({ page }) => {
  test.setTimeout(240_000);
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));

  // Designs: upload, listed with a thumbnail
  await open(page, "/app/designs");
  await page.locator('input[type="file"]').setInputFiles(logoFile);
  await expect(page.getByText("Design uploaded.")).toBeVisible({ timeout: 20_000 });
  const thumb = page.locator("img[alt='merino-logo']");
  await expect(thumb).toBeVisible();
  await expect.poll(() => thumb.evaluate((i) => (i as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);

  // Products → Merino Tee
  await open(page, "/app/products");
  await expect(page.getByRole("heading", { level: 1, name: "Products" })).toBeVisible();
  const row = page.getByRole("row", { name: /Merino Tee/ });
  await expect(row.getByText("Not set up")).toBeVisible();
  await page.screenshot({ path: "test-results/admin-products.png", fullPage: true, animations: "disabled" });
  await row.getByText("Merino Tee").click();
  await expect(page).toHaveURL(/\/app\/products\/\d+/);
  await expect(page.getByRole("heading", { level: 1, name: "Merino Tee" })).toBeVisible();

  // the store's palette is the suggestion for its colour option values
  await expect(page.getByLabel("Forest Green", { exact: true })).toHaveValue("#2E8B57");
  await expect(page.getByLabel("Beige", { exact: true })).toHaveValue("#F5DEB3");

  // place the design and drag it: the 2D preview follows, the sliders show the new offset
  await page.getByLabel("Design", { exact: true }).selectOption({ label: "merino-logo" });
  const design = page.getByTestId("placement-design");
  await expect(design).toBeVisible();
  const box = (await design.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 20, box.y + box.height / 2 + 25, { steps: 5 });
  await page.mouse.up();
  const moved = (await design.boundingBox())!;
  expect(moved.x - box.x).toBeGreaterThan(15);
  expect(Number(await page.getByLabel("Left / right").inputValue())).toBeGreaterThan(0);

  // Generate: a progress bar that moves without a reload, then the mockups
  await page.getByRole("button", { name: "Generate" }).click();
  await expect(page.getByText(/Generating: \d+ %/)).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId("mockup")).toHaveCount(3, { timeout: 150_000 });
  // the grid shows 480 px thumbnails; the link opens the 1024 px mockup
  const tile = page.getByTestId("mockup").first();
  await tile.scrollIntoViewIfNeeded();
  const mockup = tile.locator("img");
  const src = (await mockup.getAttribute("src"))!;
  expect(src).toMatch(/\/thumbs\/.+&size=gallery$/);
  const thumbRes = await page.request.get(src);
  expect(thumbRes.headers()["content-type"]).toBe("image/webp");
  expect((await sharp(await thumbRes.body()).metadata()).width).toBe(480);
  await expect.poll(() => mockup.evaluate((i) => (i as HTMLImageElement).naturalWidth), { timeout: 60_000 }).toBe(480);
  const full = await page.request.get((await tile.getAttribute("href"))!);
  expect(full.status()).toBe(200);
  expect((await sharp(await full.body()).metadata()).width).toBe(1024);

  // 3D: model-viewer (loaded on this page only) shows the GLB, with the design on the decal layer
  const viewer = page.getByTestId("viewer-3d");
  await page.screenshot({ path: "test-results/admin-product-generating.png", fullPage: true, animations: "disabled" });
  // model-viewer's default loading="auto" starts the download only once the element is in the viewport; the
  // full-page screenshot above shows it for a moment, but when the GLB arrives after that (a loaded machine) the
  // viewer sits below the fold and never loads: bring it into view, as a merchant scrolling to it would
  await viewer.scrollIntoViewIfNeeded({ timeout: 150_000 });
  await expect.poll(() => viewer.evaluate((el) => (el as HTMLElement & { loaded: boolean }).loaded), { timeout: 150_000 }).toBe(true);
  const materials = await viewer.evaluate((el) => (el as unknown as { model: { materials: { name: string }[] } }).model.materials.map((m) => m.name));
  expect(materials).toContain("mockup_decal");
  const variants = await viewer.evaluate((el) => (el as unknown as { availableVariants: string[] }).availableVariants);
  expect(variants).toEqual(["Forest Green", "Beige", "Black"]);
  await page.getByRole("button", { name: "Colour: Black" }).click();
  await expect.poll(() => viewer.evaluate((el) => (el as unknown as { variantName: string }).variantName)).toBe("Black");
  await page.waitForTimeout(500);
  await page.screenshot({ path: "test-results/admin-product.png", fullPage: true, animations: "disabled" });

  // the product job published as its last step: version 1 (from the job); the double holds the model and images
  const gid = await productGid("Merino Tee");
  await expect(page.getByText("Version 1")).toBeVisible({ timeout: 90_000 });
  const media = async () =>
    (await doubleQuery<{ product: { media: { nodes: { mediaContentType: string }[] } } }>(`query($id: ID!) { product(id: $id) { media(first: 50) { nodes { mediaContentType } } } }`, { id: gid })).product.media.nodes;
  await expect.poll(async () => (await media()).length, { timeout: 30_000 }).toBeGreaterThan(1);
  expect((await media()).map((m) => m.mediaContentType)).toContain("MODEL_3D");

  const v1Media = (await media()).length;

  // Publish by hand with nothing changed: the publish job runs, no duplicate media, no new version
  const publish = page.getByRole("button", { name: "Publish", exact: true });
  await publish.click();
  await expect(publish).toBeDisabled();
  await expect(publish).toBeEnabled({ timeout: 90_000 });
  expect((await media()).length).toBe(v1Media);
  await expect(page.getByText("Version 2")).toHaveCount(0);

  // a smaller design, generated again: version 2; then roll back to version 1: version 3, reconciled like any publish
  const size = page.getByLabel("Size");
  await size.focus();
  for (let i = 0; i < 15; i++) await size.press("ArrowLeft");
  await page.getByRole("button", { name: "Generate" }).click();
  await expect(page.getByText("Version 2")).toBeVisible({ timeout: 150_000 });
  await page.getByRole("button", { name: "Roll back to this version" }).click();
  await expect(page.getByText("Version 3")).toBeVisible({ timeout: 90_000 });
  await expect(page.getByText(/· a roll-back ·/).first()).toBeVisible();
  await expect.poll(async () => (await media()).length).toBe(v1Media);
  await page.screenshot({ path: "test-results/admin-product-published.png", fullPage: true, animations: "disabled" });
  expect(errors).toEqual([]);
});

test("media removed in Shopify → the product page says so; bulk Publish from the Products list puts it back", async ({ page }) => {
  test.setTimeout(180_000);
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  const gid = await productGid("Merino Tee");
  const media = async () =>
    (await doubleQuery<{ product: { media: { nodes: { id: string; mediaContentType: string }[] } } }>(`query($id: ID!) { product(id: $id) { media(first: 50) { nodes { id mediaContentType } } } }`, { id: gid })).product.media.nodes;
  const before = await media();
  const image = before.find((m) => m.mediaContentType === "IMAGE")!;
  // the merchant deletes one of our images in the Shopify admin
  const del = await doubleQuery<{ fileDelete: { deletedFileIds: string[] | null } }>(`mutation($ids: [ID!]!) { fileDelete(fileIds: $ids) { deletedFileIds userErrors { message } } }`, { ids: [image.id] });
  expect(del.fileDelete.deletedFileIds).toEqual([image.id]);
  expect((await media()).length).toBe(before.length - 1);

  // the product page notices it on load and says so plainly
  await open(page, `/app/products/${gid.split("/").pop()}`);
  await expect(page.getByRole("heading", { name: "Removed in Shopify" })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText("1 image or model we published was removed in Shopify")).toBeVisible();
  await page.screenshot({ path: "test-results/admin-product-removed.png", fullPage: true, animations: "disabled" });

  // Products list: select the tee, bulk action Publish; the publish job puts the image back
  await open(page, "/app/products");
  const row = page.getByRole("row", { name: /Merino Tee/ });
  await row.getByRole("checkbox").check();
  await page.getByRole("button", { name: "Publish", exact: true }).click();
  await expect(page.getByText("1 product queued for publishing.")).toBeVisible({ timeout: 20_000 });
  await expect.poll(async () => (await media()).length, { timeout: 90_000 }).toBe(before.length);
  expect((await media()).map((m) => m.id)).not.toContain(image.id);
  await open(page, `/app/products/${gid.split("/").pop()}`);
  await expect(page.getByRole("heading", { level: 1, name: "Merino Tee" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Removed in Shopify" })).toHaveCount(0);
  expect(errors).toEqual([]);
});

test("the same pages in German", async ({ page }) => {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await open(page, "/app/products", "de");
  await expect(page.getByRole("heading", { level: 1, name: "Produkte" })).toBeVisible();
  await expect(page.getByPlaceholder("Produkte suchen")).toBeVisible();
  await page.getByRole("row", { name: /Merino Tee/ }).getByText("Merino Tee").click();
  await expect(page.getByRole("heading", { name: "3D-Vorschau" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Erzeugen" })).toBeVisible();
  await expect(page.getByText("Auftragsverlauf")).toBeVisible();
  await expect(page.getByRole("tab", { name: "Vorne" })).toBeVisible();
  // the base model by its German title (badge and select), version rows in a proper plural
  await expect(page.getByText("Klassisches T-Shirt", { exact: true }).first()).toBeVisible();
  await expect(page.getByText(/· 3 Bilder$/).first()).toBeVisible();
  // the screenshot shows the model, not the viewer's empty frame (loading="auto" waits for the viewport)
  const viewer = page.getByTestId("viewer-3d");
  await viewer.scrollIntoViewIfNeeded();
  await expect.poll(() => viewer.evaluate((el) => (el as HTMLElement & { loaded: boolean }).loaded), { timeout: 150_000 }).toBe(true);
  await page.screenshot({ path: "test-results/admin-product-de.png", fullPage: true, animations: "disabled" });
  await open(page, "/app/library", "de");
  await expect(page.getByRole("heading", { name: "Eingebaute Modelle" })).toBeVisible();
  await expect(page.getByText(/Dreiecke/).first()).toBeVisible();
  // every model's thumbnail (its front pass) loaded
  await expect
    .poll(() => page.locator("main img, .Polaris-Page img").evaluateAll((imgs) => imgs.length > 0 && imgs.every((i) => (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth > 0)), { timeout: 60_000 })
    .toBe(true);
  await page.screenshot({ path: "test-results/admin-library-de.png", fullPage: true, animations: "disabled" });
  expect(errors).toEqual([]);
});
