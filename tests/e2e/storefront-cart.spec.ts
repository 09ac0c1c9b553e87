/**
 * Add to cart from the storefront block, in Chromium, on a Dawn-like product page served from 127.0.0.1 with the
 * block rendered from its Liquid by the storefront harness (tests/storefront/harness/liquid.ts). The app proxy's design answer and the
 * theme's Ajax cart are intercepted by Playwright: `/cart/add.js` must carry the product's own variant with the
 * hidden `_design_id` and the visible `Design` link (absolute, through the app proxy), ask for the cart sections and
 * refresh the cart count; when the Ajax call fails, the theme's form is submitted with the same hidden inputs.
 */
import { createServer, type Server } from "node:http";
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { DESIGN_ID_PROPERTY, DESIGN_LINK_PROPERTY } from "../../app/contracts/order-line";
import { EXTENSION_DIR, renderBlock } from "../storefront/harness/liquid";

test.use({
  viewport: { width: 1200, height: 900 },
  launchOptions: { executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"] },
});

const doc = JSON.parse(readFileSync(path.resolve("tests/contracts/fixtures/storefront-metafield.json"), "utf8"));
const VARIANT = Object.keys(doc.variants)[0];
const DESIGN_ID = "cm4designid0000000001";
const PNG_1PX = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=", "base64");

/** A product section shaped like Dawn's: the cart count bubble in the header, the product form with id and quantity. */
function productPage(block: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>Merino Tee</title>
<link rel="stylesheet" href="/extensions/mockup-viewer/assets/mockup-viewer.css"><script src="/extensions/mockup-viewer/assets/mockup-viewer.js" defer></script>
<script>window.Shopify = { routes: { root: "/" } };</script></head>
<body><header><a href="/cart" id="cart-icon-bubble"><span class="cart-count">0</span></a></header>
<main style="display:grid;grid-template-columns:1fr 1fr;gap:40px;max-width:1100px;margin:30px auto">
<div>${block}</div>
<div><h1>Merino Tee</h1>
<form method="post" action="/cart/add" id="product-form-main" accept-charset="UTF-8" enctype="multipart/form-data">
  <input type="hidden" name="id" value="${VARIANT}"><input type="number" name="quantity" value="2" min="1">
  <button type="submit" name="add">Add to cart</button>
</form></div></main></body></html>`;
}

let server: Server;
let block = "";
let base = "";
const formPosts: string[] = [];

test.beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (url.pathname === "/products/merino-tee") {
      res.writeHead(200, { "Content-Type": "text/html" }).end(productPage(block));
    } else if (url.pathname.startsWith("/extensions/mockup-viewer/assets/")) {
      const file = path.join(EXTENSION_DIR, "assets", path.basename(url.pathname));
      res.writeHead(200, { "Content-Type": file.endsWith(".css") ? "text/css" : "text/javascript" }).end(readFileSync(file));
    } else if (url.pathname === "/cart/add" && req.method === "POST") {
      // the theme form's own submission (the fallback)
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        formPosts.push(body);
        res.writeHead(302, { Location: "/cart" }).end();
      });
    } else if (url.pathname === "/cart") {
      res.writeHead(200, { "Content-Type": "text/html" }).end("<h1>Your cart</h1>");
    } else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const addr = server.address();
  base = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
  const product = { id: 8012345678901, title: "Merino Tee", metafields: { $app: { mockup_viewer: { value: doc } } }, selected_or_first_available_variant: { id: Number(VARIANT), title: "Forest Green" } };
  block = await renderBlock({ product, locale: "en", cdn: base });
});
test.afterAll(() => new Promise<void>((r) => server.close(() => r())));

/** Shopify's CDN images and the app proxy's design answer, served locally. */
async function stubShopify(page: Page) {
  await page.route("https://cdn.shopify.com/**", (route) => route.fulfill({ status: 200, contentType: "image/png", body: PNG_1PX }));
  await page.route("**/apps/mockup/designs?**", (route) =>
    route.fulfill({
      status: 200,
      contentType: "application/json",
      body: JSON.stringify({ designId: DESIGN_ID, color: "Forest Green", mockups: [{ view: "front", url: `/apps/mockup/designs/${DESIGN_ID}/2e8b57-front.jpg`, width: 1024, height: 1024 }], glb: `/apps/mockup/designs/${DESIGN_ID}/design.glb` }),
    }),
  );
  await page.route("**/apps/mockup/designs/*/*.jpg", (route) => route.fulfill({ status: 200, contentType: "image/png", body: PNG_1PX }));
}

async function uploadDesign(page: Page) {
  await page.goto(`${base}/products/merino-tee`);
  await page.locator("[data-mockup-upload]").setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: PNG_1PX });
  await expect(page.getByRole("button", { name: "Add to cart with my design" })).toBeVisible();
}

test("add to cart: /cart/add.js with the variant, the hidden design id and the Design link; the cart count refreshes", async ({ page }) => {
  await stubShopify(page);
  const bodies: Record<string, unknown>[] = [];
  const requested: string[] = [];
  page.on("request", (r) => requested.push(`${r.method()} ${new URL(r.url()).pathname}`));
  await page.route("**/cart/add.js", async (route) => {
    bodies.push(route.request().postDataJSON());
    await route.fulfill({
      status: 200,
      contentType: "application/json",
      body: JSON.stringify({ items: [{ id: Number(VARIANT), quantity: 2 }], sections: { "cart-icon-bubble": '<div id="shopify-section-cart-icon-bubble"><span class="cart-count">2</span></div>' } }),
    });
  });
  await uploadDesign(page);
  // the design is in the theme's own form at once: its own button carries it too
  const form = page.locator("#product-form-main");
  await expect(form.locator(`input[name="properties[${DESIGN_ID_PROPERTY}]"]`)).toHaveValue(DESIGN_ID);
  await expect(form.locator(`input[name="properties[${DESIGN_LINK_PROPERTY}]"]`)).toHaveValue(`${base}/apps/mockup/designs/${DESIGN_ID}/2e8b57-front.jpg`);

  await page.getByRole("button", { name: "Add to cart with my design" }).click();
  await expect(page.locator("[data-mockup-status]")).toHaveText("Added to your cart with your design.");
  expect(bodies).toHaveLength(1);
  expect(bodies[0]).toEqual({
    items: [{ id: Number(VARIANT), quantity: 2, properties: { [DESIGN_ID_PROPERTY]: DESIGN_ID, [DESIGN_LINK_PROPERTY]: `${base}/apps/mockup/designs/${DESIGN_ID}/2e8b57-front.jpg` } }],
    sections: "cart-icon-bubble",
    sections_url: "/products/merino-tee",
  });
  await expect(page.locator("#cart-icon-bubble .cart-count")).toHaveText("2");
  // never a product or variant per design: the page's only writes are the design upload and add.js with the existing variant
  expect(requested.filter((r) => !r.startsWith("GET "))).toEqual(["POST /apps/mockup/designs", "POST /cart/add.js"]);
  await page.screenshot({ path: "test-results/storefront-cart.png", fullPage: true });
});

test("a refused line (422) shows the shop's message; a failed Ajax call falls back to the theme's form with hidden inputs", async ({ page }) => {
  await stubShopify(page);
  let calls = 0;
  await page.route("**/cart/add.js", (route) => {
    calls++;
    if (calls === 1) return route.fulfill({ status: 422, contentType: "application/json", body: JSON.stringify({ status: 422, message: "Cart Error", description: "All 1 Merino Tee are in your cart." }) });
    return route.abort("failed");
  });
  await uploadDesign(page);
  const button = page.getByRole("button", { name: "Add to cart with my design" });
  await button.click();
  await expect(page.locator("[data-mockup-status]")).toHaveText("All 1 Merino Tee are in your cart.");
  expect(formPosts).toHaveLength(0);

  await button.click();
  await page.waitForURL(`${base}/cart`);
  expect(formPosts).toHaveLength(1);
  const posted = formPosts[0];
  expect(posted).toContain(`name="id"\r\n\r\n${VARIANT}`);
  expect(posted).toContain(`name="properties[${DESIGN_ID_PROPERTY}]"\r\n\r\n${DESIGN_ID}`);
  expect(posted).toContain(`name="properties[${DESIGN_LINK_PROPERTY}]"\r\n\r\n${base}/apps/mockup/designs/${DESIGN_ID}/2e8b57-front.jpg`);
});
