/**
 * The storefront block in Chromium, on a Dawn-like product page served by the harness store (127.0.0.1), with the
 * app proxy signed as Shopify does and forwarded to the app under test (the Playwright web server):
 * poster first with a srcset and nothing heavy fetched (script bytes counted) → "View in 3D" loads model-viewer
 * and the GLB → the theme's variant picker switches the material variant (read through model-viewer) → a design
 * posted through the proxy comes back as a server mockup and a design GLB that validates → German storefront.
 * Screenshots go to test-results/storefront/ (looked at by a person, not compared by the test).
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { expect, test, type Page, type Response as PwResponse } from "@playwright/test";
import sharp from "sharp";
import { validateGlb } from "../../app/gltf/validate";
import { e2eEnv } from "../../playwright.config";
import { e2eDb } from "./admin-helpers";
import { offlineSessionRow } from "../shopify/session-token";
import { buildCatalog, COLORS, PRODUCT_ID, type Catalog } from "../storefront/harness/catalog";
import { httpProxyTarget, startStore, type Store } from "../storefront/harness/store-server";

const SHOP = "alpine-merino.myshopify.com";
const SHOTS = path.resolve("test-results/storefront");

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

let catalog: Catalog;
let store: Store;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  mkdirSync(SHOTS, { recursive: true });
  catalog = await buildCatalog();
  const db = e2eDb();
  await db.session.upsert({ where: { id: `offline_${SHOP}` }, update: {}, create: offlineSessionRow(SHOP) });
  await db.shop.upsert({ where: { domain: SHOP }, update: {}, create: { domain: SHOP } });
  await db.productSetup.upsert({
    where: { shop_productId: { shop: SHOP, productId: `gid://shopify/Product/${PRODUCT_ID}` } },
    update: {},
    create: { shop: SHOP, productId: `gid://shopify/Product/${PRODUCT_ID}`, modelName: "tee", colors: JSON.stringify(COLORS.map(({ name, hex }) => ({ name, hex }))), views: JSON.stringify(["front", "back"]) },
  });
  await db.$disconnect();
  store = await startStore({ catalog, shop: SHOP, secret: e2eEnv.SHOPIFY_API_SECRET, proxy: httpProxyTarget(`http://127.0.0.1:${e2eEnv.PORT}`) });
});
test.afterAll(async () => store?.close());

interface Fetched {
  url: string;
  type: string;
  /** encoded (compressed) body bytes, once the response has finished */
  encodedBytes: Promise<number>;
}

function recordResponses(page: Page): Fetched[] {
  const seen: Fetched[] = [];
  page.on("response", (r: PwResponse) => {
    const encodedBytes = r.request().sizes().then((s) => s.responseBodySize, () => 0);
    seen.push({ url: r.url(), type: r.request().resourceType(), encodedBytes });
  });
  return seen;
}

const state = (page: Page, expr: string) => page.evaluate(`(() => { const st = window.MockupViewer.blocks[0]; return ${expr}; })()`);

async function logoPng(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="900" height="700"><circle cx="450" cy="300" r="250" fill="#C62828"/><rect x="150" y="580" width="600" height="90" rx="20" fill="#FFFFFF"/></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

/** Mean luminance of the 3D view's centre (the garment), from a screenshot. */
async function centreLuma(page: Page): Promise<number> {
  const box = (await page.locator("[data-mockup-stage]").boundingBox())!;
  const shot = await page.screenshot({ clip: { x: box.x + box.width * 0.4, y: box.y + box.height * 0.45, width: box.width * 0.2, height: box.height * 0.2 } });
  const { data } = await sharp(shot).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  let sum = 0;
  for (let i = 0; i < data.length; i += 3) sum += 0.2126 * data[i] + 0.7152 * data[i + 1] + 0.0722 * data[i + 2];
  return sum / (data.length / 3);
}

test("poster first: responsive image, only the small loader fetched, nothing heavy before interaction", async ({ page }) => {
  const fetched = recordResponses(page);
  await page.goto(`${store.url}/products/merino-tee`);
  const poster = page.locator("[data-mockup-poster]");
  await expect(poster).toBeVisible();
  await page.waitForLoadState("networkidle");
  const img = await poster.evaluate((el: HTMLImageElement) => ({ w: el.naturalWidth, src: el.currentSrc, srcset: el.srcset, alt: el.alt }));
  expect(img.w).toBeGreaterThan(300);
  expect(img.src).toMatch(/tee-forest-green-front\.jpg/);
  expect(img.srcset.split(",").length).toBe(4); // 360, 540, 720, 900 (the poster is 1024 wide)
  expect(img.alt).toBe("Merino Tee – Forest Green");
  const scripts = fetched.filter((f) => f.type === "script");
  expect(scripts.map((s) => path.basename(new URL(s.url).pathname))).toEqual(["mockup-viewer.js"]);
  const scriptBytes = (await Promise.all(scripts.map((s) => s.encodedBytes))).reduce((n, b) => n + b, 0);
  expect(scriptBytes).toBeGreaterThan(1000);
  expect(scriptBytes).toBeLessThanOrEqual(10_000);
  expect(fetched.some((f) => /model-viewer|mockup-3d|\.glb/.test(f.url))).toBe(false);
  await expect(page.getByRole("button", { name: "View in 3D" })).toBeVisible();
  await page.screenshot({ path: path.join(SHOTS, "poster-en.png") });
});

test("View in 3D → GLB loads → the theme's variant picker switches the material variant; AR modes", async ({ page }) => {
  test.setTimeout(120_000);
  const fetched = recordResponses(page);
  await page.goto(`${store.url}/products/merino-tee`);
  await page.getByRole("button", { name: "View in 3D" }).click();
  await page.waitForFunction(() => (window as any).MockupViewer.blocks[0].viewer?.loaded === true, null, { timeout: 90_000 });
  expect(fetched.some((f) => /\/apps\/mockup\/static\/model-viewer-[\d.]+\.min\.js$/.test(f.url))).toBe(true);
  expect(fetched.some((f) => f.url.endsWith("/cdn/3d/tee.glb"))).toBe(true);
  expect(await state(page, "st.viewer.availableVariants")).toEqual(COLORS.map((c) => c.name));
  expect(await state(page, "st.viewer.variantName")).toBe("Forest Green");
  // AR: WebXR and Scene Viewer take the GLB by URL; Quick Look Shopify's USDZ while the default colour shows
  expect(await state(page, "st.viewer.getAttribute('ar-modes')")).toBe("webxr scene-viewer quick-look");
  expect(await state(page, "st.viewer.getAttribute('src')")).toBe(`${store.url}/cdn/3d/tee.glb`);
  expect(await state(page, "st.viewer.getAttribute('ios-src')")).toBe(`${store.url}/cdn/3d/tee.usdz`);
  await page.waitForTimeout(500);
  const green = await centreLuma(page);
  await page.screenshot({ path: path.join(SHOTS, "3d-forest-green.png") });

  // the shopper picks Black in the theme's picker (Dawn: hidden input, ?variant=, pub/sub)
  await page.locator("label", { hasText: "Black" }).click();
  await page.waitForFunction(() => (window as any).MockupViewer.blocks[0].viewer.variantName === "Black");
  expect(new URL(page.url()).searchParams.get("variant")).toBe(COLORS[2].variant);
  // Shopify's USDZ has no variants (it shows Forest Green): for Black, model-viewer exports the scene instead
  expect(await state(page, "st.viewer.hasAttribute('ios-src')")).toBe(false);
  await page.waitForTimeout(800);
  const black = await centreLuma(page);
  expect(black).toBeLessThan(green * 0.7);
  await page.screenshot({ path: path.join(SHOTS, "3d-black.png") });
  // the poster follows too (seen when the 3D view is closed)
  await page.getByRole("button", { name: "Close 3D view" }).click();
  expect(await page.locator("[data-mockup-poster]").getAttribute("src")).toMatch(/tee-black-front\.jpg/);
});

test("a design posted through the proxy: server mockup on the poster, design GLB in 3D, and the GLB validates", async ({ page }) => {
  test.setTimeout(150_000);
  await page.goto(`${store.url}/products/merino-tee?variant=${COLORS[1].variant}`);
  await page.locator("[data-mockup-upload]").setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: await logoPng() });
  await expect(page.locator("[data-mockup-status]")).toHaveText("Your design is on the product.", { timeout: 120_000 });
  const design = (await state(page, "st.design")) as { designId: string; color: string; mockups: { view: string; url: string }[]; glb: string };
  expect(design.color).toBe("Beige");
  expect(design.mockups.map((m) => m.view)).toEqual(["front"]);
  const poster = page.locator("[data-mockup-poster]");
  await expect(poster).toHaveAttribute("src", design.mockups[0].url);
  await expect.poll(() => poster.evaluate((el: HTMLImageElement) => el.complete && el.currentSrc.endsWith(el.getAttribute("src")!))).toBe(true);
  expect(await poster.getAttribute("srcset")).toBeNull(); // the app serves one size: no CDN widths
  const mockup = await sharp(await (await page.request.get(`${store.url}${design.mockups[0].url}`)).body()).metadata();
  expect([mockup.format, mockup.width, mockup.height]).toEqual(["jpeg", 1024, 1024]);
  await page.screenshot({ path: path.join(SHOTS, "design-mockup.png") });
  // the design GLB, fetched as Scene Viewer would (by URL on the store's origin), validates
  const glbRes = await page.request.get(`${store.url}${design.glb}`);
  expect(glbRes.status()).toBe(200);
  const report = await validateGlb(new Uint8Array(await glbRes.body()));
  expect(report.errors, report.messages.join("\n")).toBe(0);
  // in 3D the design GLB replaces the plain one and keeps the colour
  await page.getByRole("button", { name: "View in 3D" }).click();
  await page.waitForFunction((u) => { const v = (window as any).MockupViewer.blocks[0].viewer; return v?.loaded && v.getAttribute("src") === u; }, design.glb, { timeout: 90_000 });
  await page.waitForFunction(() => (window as any).MockupViewer.blocks[0].viewer.variantName === "Beige");
  await page.waitForTimeout(800);
  await page.screenshot({ path: path.join(SHOTS, "design-3d.png") });
});

test("German storefront: strings, and a refused file explained in German", async ({ page }) => {
  await page.goto(`${store.url}/de/products/merino-tee`);
  await expect(page.getByRole("button", { name: "In 3D ansehen" })).toBeVisible();
  await expect(page.getByText("Eigenes Design hochladen")).toBeVisible();
  await page.locator("[data-mockup-upload]").setInputFiles({ name: "design.png", mimeType: "image/png", buffer: Buffer.from("<!DOCTYPE html><html><script>alert(1)</script></html>") });
  await expect(page.locator("[data-mockup-status]")).toHaveText(/Dieser Dateityp wird nicht unterstützt/, { timeout: 30_000 });
  await expect(page.locator("[data-mockup-status]")).toHaveClass(/is-error/);
  await page.screenshot({ path: path.join(SHOTS, "german-refused.png") });
});
