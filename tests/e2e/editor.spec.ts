/**
 * The shopper's design editor on the storefront harness (tests/storefront/harness: the real block Liquid rendered
 * with liquidjs on a Dawn-like page, the app proxy signed as Shopify signs it and forwarded to the app under test,
 * the Playwright web server), in Chromium with software WebGL: open → image and text on front and back → drag,
 * scale, rotate, undo, redo → the model's texture changes (pixels of a screenshot) → the DPI meter passes
 * good/fair/low → save: server mockups and design GLB answer (GLB validated) → the browser's atlas and the server's
 * agree (SSIM) → Quick Look USDZ from the scene carries the design → German → keyboard only → touch pinch/twist.
 * Screenshots in test-results/editor-*.png.
 */
import { writeFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import sharp from "sharp";
import { unzipSync } from "fflate";
import { ssim } from "ssim.js";
import type { PrintArea } from "../../app/contracts/print-area";
import { validateGlb } from "../../app/gltf/validate";
import { e2eEnv } from "../../playwright.config";
import { offlineSessionRow } from "../shopify/session-token";
import { buildCatalog, COLORS, PRODUCT_ID, type Catalog } from "../storefront/harness/catalog";
import { httpProxyTarget, startStore, type Store } from "../storefront/harness/store-server";
import { e2eDb } from "./admin-helpers";

const SHOP = "editor-merino.myshopify.com";

test.use({
  launchOptions: {
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--enable-unsafe-swiftshader", "--use-angle=swiftshader"],
  },
  viewport: { width: 1280, height: 1500 },
});
test.describe.configure({ mode: "serial" });
// under load (2 cores shared) the first test takes minutes: a budget, not an assertion
test.setTimeout(480_000);

let catalog: Catalog;
let store: Store;
let printAreas: PrintArea[];
test.beforeAll(async () => {
  test.setTimeout(180_000);
  catalog = await buildCatalog();
  printAreas = catalog.info.printAreas;
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

const productPage = (locale = "en") => `${store.url}${locale === "de" ? "/de" : ""}/products/merino-tee`;

/** A 1200 × 900 PNG: a warm gradient with a bold ring, so it is easy to find on the garment. */
async function photo(w = 1200, hgt = 900): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${hgt}"><defs><linearGradient id="g" x1="0" x2="1" y1="0" y2="1"><stop offset="0" stop-color="#E63946"/><stop offset="1" stop-color="#F4A261"/></linearGradient></defs><rect width="100%" height="100%" rx="${w / 10}" fill="url(#g)"/><circle cx="${w / 2}" cy="${hgt / 2}" r="${hgt / 3}" fill="none" stroke="#1D3557" stroke-width="${hgt / 14}"/></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

/** the ring's centroid in the live texture's atlas (unflipped, 1024²) */
async function atlasShot(page: Page) {
  const url = await page.evaluate(() => (window as unknown as { MockupEditor: { editors: Array<{ atlasCanvas(n: number): HTMLCanvasElement }> } }).MockupEditor.editors[0].atlasCanvas(1024).toDataURL());
  const f = printAreas.find((a) => a.name === "front")!;
  const region = { left: Math.round(f.uv.u0 * 1024), top: Math.round(f.uv.v0 * 1024), width: Math.round((f.uv.u1 - f.uv.u0) * 1024), height: Math.round((f.uv.v1 - f.uv.v0) * 1024) };
  const png = await sharp(Buffer.from(url.split(",")[1], "base64")).extract(region).flatten({ background: "#FFFFFF" }).png().toBuffer();
  return warmStats(png, true);
}

async function openEditor(page: Page, locale = "en", url = productPage(locale)) {
  await page.goto(url);
  await page.locator("[data-mockup-edit]").click();
  await page.locator("[data-editor-canvas]").waitFor();
  await page.waitForFunction(() => {
    const st = (window as unknown as { MockupViewer: { blocks: Array<{ viewer?: { loaded?: boolean } }> } }).MockupViewer.blocks[0];
    return Boolean(st.viewer?.loaded);
  }, undefined, { timeout: 60_000 });
  await page.waitForFunction(() => (window as unknown as { MockupEditor: { stats(): { texturePaints: number } } }).MockupEditor.stats().texturePaints > 0);
  await fullScaleRenders(page);
}

/**
 * model-viewer lowers its render scale down to 0.5 when frames are slow (software WebGL on a loaded machine): a
 * capture then holds the model in a quarter of the canvas. Full scale keeps pixel counts comparable between shots.
 */
async function fullScaleRenders(page: Page) {
  await page.evaluate(() => ((customElements.get("model-viewer") as unknown as { minimumRenderScale: number }).minimumRenderScale = 1));
}

type Lyr = { id: string; kind: string; xCm: number; yCm: number; widthCm: number; rotationDeg: number };
async function selected(page: Page): Promise<Lyr> {
  return page.evaluate(() => {
    const ed = (window as unknown as { MockupEditor: { editors: Array<{ layer(): Lyr }> } }).MockupEditor.editors[0];
    return ed.layer();
  });
}

/** mean colour and count of "designed" (saturated red/orange) pixels in a screenshot of the 3D view */
async function modelShot(page: Page, name: string) {
  // model-viewer's own capture renders the current scene (an element screenshot can show an older frame when the
  // headless compositor has not presented model-viewer's latest render yet)
  const dataUrl = await page.evaluate(async () => {
    const v = document.querySelector("model-viewer") as unknown as HTMLElement & { toDataURL(type?: string): string };
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    return v.toDataURL("image/png");
  });
  const png = Buffer.from(dataUrl.split(",")[1], "base64");
  writeFileSync(`test-results/editor-${name}.png`, png);
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  let warm = 0, white = 0;
  for (let i = 0; i < data.length; i += 3) {
    if (data[i] > 150 && data[i + 1] < 140 && data[i + 2] < 120) warm++;
    // white text: nothing on a green garment under model-viewer's neutral light comes near it
    if (data[i] > 200 && data[i + 1] > 200 && data[i + 2] > 200) white++;
  }
  return { warm, white, pixels: info.width * info.height, png };
}

type Ed = {
  history: { doc: { areas: Array<{ area: string; layers: Lyr[] }> } };
  layer(): Lyr;
  viewGeometry(): { k: number; ox: number; oy: number };
  atlasCanvas(size: number): HTMLCanvasElement;
  stats: { inputs: number; texturePaints: number; inputPaints: number; sameFrame: number };
};

/** client coordinates of a point given in cm of the current area */
async function canvasPoint(page: Page, xCm: number, yCm: number) {
  return page.evaluate(
    ([x, y]) => {
      const ed = (window as unknown as { MockupEditor: { editors: Ed[] } }).MockupEditor.editors[0];
      const r = document.querySelector("[data-editor-canvas]")!.getBoundingClientRect();
      const g = ed.viewGeometry();
      return { x: r.left + g.ox + x * g.k, y: r.top + g.oy + y * g.k };
    },
    [xCm, yCm],
  );
}

async function drag(page: Page, from: { x: number; y: number }, to: { x: number; y: number }) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  for (let i = 1; i <= 8; i++) await page.mouse.move(from.x + ((to.x - from.x) * i) / 8, from.y + ((to.y - from.y) * i) / 8);
  await page.mouse.up();
}

/** count and centroid of warm pixels (the photo's gradient), or of navy ones (its ring: only the photo has it) */
async function warmStats(png: Buffer, navy = false) {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  let n = 0, sx = 0, sy = 0;
  for (let i = 0, p = 0; i < data.length; i += 3, p++) {
    const hit = navy ? data[i] < 70 && data[i + 2] > data[i] + 25 && data[i + 2] > data[i + 1] : data[i] > 150 && data[i + 1] < 140 && data[i + 2] < 120;
    if (hit) {
      n++;
      sx += p % info.width;
      sy += Math.floor(p / info.width);
    }
  }
  return { n, cx: n ? sx / n : 0, cy: n ? sy / n : 0 };
}

/** an RGBA PNG flattened on mid grey, as ssim.js image data */
async function flat(png: Buffer, region?: { left: number; top: number; width: number; height: number }) {
  let img = sharp(png);
  if (region) img = img.extract(region);
  const { data, info } = await img.flatten({ background: "#808080" }).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8ClampedArray(data), width: info.width, height: info.height };
}

test("image and text on front and back, live on the model, gestures, undo/redo, DPI meter, save, server render agrees, USDZ", async ({ page }) => {
  await openEditor(page);
  const before = await modelShot(page, "00-open");
  expect(before.warm).toBeLessThan(50);

  // a refused file: a clear message, nothing added
  await page.locator("[data-editor-file]").setInputFiles({ name: "fake.png", mimeType: "image/png", buffer: Buffer.from("this is not an image") });
  await expect(page.locator("[data-editor-status]")).toHaveClass(/is-error/);
  await expect(page.locator("[data-editor-status]")).toContainText(/PNG|JPEG|type|format/i);
  await expect(page.locator("[data-editor-layer]")).toHaveCount(0);

  // front: an image and a text
  await page.locator("[data-editor-file]").setInputFiles({ name: "photo.png", mimeType: "image/png", buffer: await photo() });
  await expect(page.locator("[data-editor-layer]")).toHaveCount(1, { timeout: 60_000 });
  const withImage = await modelShot(page, "01-front-image");
  expect(withImage.warm).toBeGreaterThan(400);
  await page.locator("[data-editor-add-text]").click();
  await expect(page.locator("[data-editor-layer]")).toHaveCount(2);
  await page.locator("[data-editor-text]").fill("Grüße aus Köln");
  await expect(page.locator("[data-editor-layer]").first()).toContainText("Grüße aus Köln");
  await page.locator('[data-editor-color="#C8102E"]').click();

  // back: an image and a text
  await page.locator('[data-editor-area="back"]').click();
  await expect(page.locator("[data-editor-layer]")).toHaveCount(0);
  await page.locator("[data-editor-file]").setInputFiles({ name: "photo.png", mimeType: "image/png", buffer: await photo(900, 900) });
  await expect(page.locator("[data-editor-layer]")).toHaveCount(1, { timeout: 60_000 });
  await page.locator("[data-editor-add-text]").click();
  await page.locator("[data-editor-text]").fill("Team 2026");
  await page.locator("[data-editor-font]").selectOption("bebas-neue-400");
  await expect(page.locator("[data-editor-layer]")).toHaveCount(2);

  // front again: drag the image (the model follows), scale it by its handle, rotate it, undo, redo
  await page.locator('[data-editor-area="front"]').click();
  await page.locator("[data-editor-layer]").last().click();
  const l0 = await selected(page);
  // the tab click landed although the text field committed on blur, and the front image is selected
  expect(l0).toMatchObject({ kind: "image", widthPx: 1200 });
  const shot0 = await warmStats((await modelShot(page, "04-before-drag")).png, true);
  const tex0 = await atlasShot(page);
  await drag(page, await canvasPoint(page, l0.xCm, l0.yCm), await canvasPoint(page, l0.xCm + 4, l0.yCm + 5));
  const l1 = await selected(page);
  expect(l1.xCm).toBeGreaterThan(l0.xCm + 3);
  expect(l1.yCm).toBeGreaterThan(l0.yCm + 4);
  const shot1 = await warmStats((await modelShot(page, "05-after-drag")).png, true);
  expect(shot0.n).toBeGreaterThan(100);
  // the ring moved down and right in the live texture and on the garment
  const tex1 = await atlasShot(page);
  expect(tex1.cy).toBeGreaterThan(tex0.cy + 20);
  expect(tex1.cx).toBeGreaterThan(tex0.cx + 15);
  expect(shot1.cy).toBeGreaterThan(shot0.cy + 5);
  expect(shot1.cx).toBeGreaterThan(shot0.cx + 3);

  const corner = { x: l1.xCm + l1.widthCm / 2, y: l1.yCm + (l1.widthCm * 900) / 1200 / 2 };
  await drag(page, await canvasPoint(page, corner.x, corner.y), await canvasPoint(page, corner.x + 3, corner.y + 2.25));
  const l2 = await selected(page);
  expect(l2.widthCm).toBeGreaterThan(l1.widthCm * 1.1);
  await page.locator("[data-editor-rotation]").fill("25");
  const l3 = await selected(page);
  expect(l3.rotationDeg).toBe(25);
  await page.locator("[data-editor-undo]").click();
  expect((await selected(page)).rotationDeg).toBe(l2.rotationDeg);
  await page.locator("[data-editor-undo]").click();
  expect((await selected(page)).widthCm).toBeCloseTo(l1.widthCm, 2);
  await page.locator("[data-editor-redo]").click();
  await page.locator("[data-editor-redo]").click();
  expect(await selected(page)).toMatchObject({ widthCm: l2.widthCm, rotationDeg: 25 });

  // snapping: a drag that ends near the centre line lands on it
  const l4 = await selected(page);
  await drag(page, await canvasPoint(page, l4.xCm, l4.yCm), await canvasPoint(page, 15.3, l4.yCm));
  expect((await selected(page)).xCm).toBe(15);

  // print quality: 1200 px wide → good ≤ 10.16 cm, fair ≤ 20.32 cm, low above
  const meter = page.locator("[data-editor-meter]");
  for (const [mm, state] of [["80", "good"], ["150", "fair"], ["260", "low"]] as const) {
    await page.locator("[data-editor-size]").fill(mm);
    await expect(meter).toHaveAttribute("data-state", state);
    await meter.screenshot({ path: `test-results/editor-06-meter-${state}.png` });
  }
  await expect(meter).toContainText("May look blurry");
  // outside the safe area at 26 cm rotated 25°
  await expect(page.locator("[data-editor-safe]")).toHaveAttribute("data-editor-safe", "out");
  await page.locator("[data-editor-size]").fill("140");
  await page.locator("[data-editor-rotation]").fill("-8");
  await page.screenshot({ path: "test-results/editor-07-page.png", fullPage: true });

  // every input painted the texture in its own frame
  const stats = await page.evaluate(() => (window as unknown as { MockupEditor: { stats(): Ed["stats"] } }).MockupEditor.stats());
  expect(stats.inputPaints).toBeGreaterThan(20);
  expect(stats.sameFrame).toBe(stats.inputPaints);

  // save: server mockups and the design GLB answer
  const saved = page.waitForResponse((r) => r.url().includes("/apps/mockup/design-documents") && r.request().method() === "POST", { timeout: 120_000 });
  await page.locator("[data-editor-save]").click();
  const saveResponse = await saved;
  expect(saveResponse.status(), await saveResponse.text()).toBe(201);
  await expect(page.locator("[data-editor-status]")).toHaveText("Your design is saved.", { timeout: 60_000 });
  const answer = (await saveResponse.json()) as { designId: string; mockups: Array<{ view: string; url: string }>; glb: string; atlas: string };
  expect(answer.mockups.map((m) => m.view)).toEqual(["front", "back"]);
  for (const m of answer.mockups) {
    const r = await page.request.get(`${store.url}${m.url}`);
    expect(r.status()).toBe(200);
    const bytes = await r.body();
    writeFileSync(`test-results/editor-08-mockup-${m.view}.jpg`, bytes);
    const meta = await sharp(bytes).metadata();
    expect([meta.format, meta.width]).toEqual(["jpeg", 1024]);
    expect((await warmStats(bytes)).n).toBeGreaterThan(300);
  }
  const glbRes = await page.request.get(`${store.url}${answer.glb}`);
  expect(glbRes.headers()["content-type"]).toBe("model/gltf-binary");
  const glb = await glbRes.body();
  const report = await validateGlb(new Uint8Array(glb));
  expect(report.errors, report.messages.join("\n")).toBe(0);

  // the browser's atlas and the server's render of the same document agree (SSIM per print area)
  const serverAtlas = await (await page.request.get(`${store.url}${answer.atlas}`)).body();
  const browserAtlas = Buffer.from(
    (await page.evaluate(() => (window as unknown as { MockupEditor: { editors: Ed[] } }).MockupEditor.editors[0].atlasCanvas(2048).toDataURL("image/png"))).split(",")[1],
    "base64",
  );
  const scores: Record<string, number> = {};
  for (const a of printAreas.filter((x) => x.name === "front" || x.name === "back")) {
    const region = { left: Math.round(a.uv.u0 * 2048), top: Math.round(a.uv.v0 * 2048), width: Math.round((a.uv.u1 - a.uv.u0) * 2048), height: Math.round((a.uv.v1 - a.uv.v0) * 2048) };
    const [x, y] = [await flat(browserAtlas, region), await flat(serverAtlas, region)];
    scores[a.name] = ssim(x, y).mssim;
    await sharp(Buffer.concat([Buffer.from(x.data)]), { raw: { width: x.width, height: x.height, channels: 4 } }).png().toFile(`test-results/editor-09-browser-${a.name}.png`);
    await sharp(Buffer.from(y.data), { raw: { width: y.width, height: y.height, channels: 4 } }).png().toFile(`test-results/editor-09-server-${a.name}.png`);
  }
  console.log(`SSIM browser vs server: ${JSON.stringify(scores)}`);
  expect(scores.front).toBeGreaterThanOrEqual(0.98);
  expect(scores.back).toBeGreaterThanOrEqual(0.98);

  // the 3D view switched to the design GLB and the live texture is bound again
  await page.waitForFunction((u) => document.querySelector("model-viewer")?.getAttribute("src") === u, answer.glb);
  await page.waitForFunction(() => (document.querySelector("model-viewer") as unknown as HTMLElement & { loaded: boolean }).loaded);
  expect((await modelShot(page, "10-design-glb")).warm).toBeGreaterThan(400);

  // Quick Look: the USDZ exported from the current scene carries the design in a texture
  const usdzB64 = await page.evaluate(async () => {
    const v = document.querySelector("model-viewer") as unknown as HTMLElement & { prepareUSDZ(): Promise<string> };
    const url = await v.prepareUSDZ();
    const b = new Uint8Array(await (await fetch(url)).arrayBuffer());
    let s = "";
    for (let i = 0; i < b.length; i += 0x8000) s += String.fromCharCode(...b.subarray(i, i + 0x8000));
    return btoa(s);
  });
  const files = unzipSync(new Uint8Array(Buffer.from(usdzB64, "base64")));
  const names = Object.keys(files);
  expect(names.some((n) => n.endsWith(".usda") || n.endsWith(".usdc"))).toBe(true);
  let designTexture = 0;
  for (const n of names.filter((x) => /\.(png|jpg|jpeg)$/i.test(x))) designTexture = Math.max(designTexture, (await warmStats(Buffer.from(files[n]))).n);
  expect(designTexture).toBeGreaterThan(5_000);

  // the back of the garment carries the back design (last: the camera is moved for it)
  await page.evaluate(() => {
    const v = document.querySelector("model-viewer") as unknown as HTMLElement & { cameraOrbit: string; jumpCameraToGoal(): void };
    v.cameraOrbit = "180deg 80deg auto";
    v.jumpCameraToGoal();
  });
  await page.waitForTimeout(500);
  const back = await modelShot(page, "03-back");
  expect(back.warm).toBeGreaterThan(400);
});

test("German: every editor string, the meter and the server's refusals", async ({ page }) => {
  await openEditor(page, "de");
  await expect(page.locator(".mockup-editor__title")).toHaveText("Selbst gestalten");
  await expect(page.locator('[data-editor-area="front"]')).toHaveText("Vorderseite");
  await expect(page.locator('[data-editor-area="left_sleeve"]')).toHaveText("Linker Ärmel");
  await expect(page.locator("[data-editor-add-image]")).toHaveText("Bild hinzufügen");
  await page.locator("[data-editor-file]").setInputFiles({ name: "x.png", mimeType: "image/png", buffer: Buffer.from("kein Bild") });
  await expect(page.locator("[data-editor-status]")).toContainText("Bitte lade ein PNG-, JPEG-, WebP- oder SVG-Bild hoch.", { timeout: 30_000 });
  await page.locator("[data-editor-file]").setInputFiles({ name: "photo.png", mimeType: "image/png", buffer: await photo() });
  // the upload goes through the proxy to the app's intake: under load that takes a while
  await expect(page.locator("[data-editor-layer]")).toHaveCount(1, { timeout: 60_000 });
  await expect(page.locator("[data-editor-meter]")).toContainText("Druckqualität", { timeout: 30_000 });
  await expect(page.locator("[data-editor-meter]")).toContainText(/DPI bei/);
  await page.locator("[data-editor-add-text]").click();
  await expect(page.locator("[data-editor-text]")).toHaveValue("Dein Text");
  await expect(page.locator("[data-editor-canvas]")).toHaveAttribute("aria-label", /Gestaltungsfläche Vorderseite/);
  await page.screenshot({ path: "test-results/editor-11-german.png", fullPage: true });
});

test("keyboard only: open, add text, move, resize, rotate, undo", async ({ page }) => {
  await page.goto(productPage("en"));
  const focusOn = async (selector: string, max = 40) => {
    for (let i = 0; i < max; i++) {
      if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
      await page.keyboard.press("Tab");
    }
    throw new Error(`Tab never reached ${selector}`);
  };
  await focusOn("[data-mockup-edit]");
  await page.keyboard.press("Enter");
  await page.locator("[data-editor-canvas]").waitFor();
  await focusOn("[data-editor-add-text]");
  await page.keyboard.press("Enter");
  // the first text layer waits for its glyph set: the same budget as the German test (a loaded machine took > 5 s)
  await expect(page.locator("[data-editor-layer]")).toHaveCount(1, { timeout: 60_000 });
  const l0 = await selected(page);
  // Shift+Tab goes back from the add buttons to the design area
  await page.keyboard.press("Shift+Tab");
  await page.keyboard.press("Shift+Tab");
  expect(await page.evaluate(() => document.activeElement?.hasAttribute("data-editor-canvas"))).toBe(true);
  for (let i = 0; i < 4; i++) await page.keyboard.press("ArrowRight");
  await page.keyboard.press("Shift+ArrowDown");
  await page.keyboard.press("+");
  await page.keyboard.press("+");
  await page.keyboard.press("]");
  await page.keyboard.press("]");
  await page.keyboard.press("]");
  const l1 = await selected(page);
  expect(l1.xCm).toBeCloseTo(l0.xCm + 2, 5);
  expect(l1.yCm).toBeCloseTo(l0.yCm + 2, 5);
  expect(l1.widthCm).toBeCloseTo(l0.widthCm * 1.05 * 1.05, 1);
  expect(l1.rotationDeg).toBe(15);
  await expect(page.locator("[data-editor-live]")).toContainText("15°");
  await page.keyboard.press("Control+z");
  expect((await selected(page)).rotationDeg).toBe(10);
  await expect(page.locator("[data-editor-canvas]")).toHaveAttribute("aria-label", /Selected: Text “Your text”/);
  await page.screenshot({ path: "test-results/editor-12-keyboard.png" });
});

test("touch: pinch scales, twist rotates, both fingers move the layer", async ({ page }) => {
  await openEditor(page);
  await page.locator("[data-editor-add-text]").click();
  await expect(page.locator("[data-editor-layer]")).toHaveCount(1);
  const l0 = await selected(page);
  const c = await canvasPoint(page, l0.xCm, l0.yCm);
  await page.evaluate(({ x, y }) => {
    const canvas = document.querySelector("[data-editor-canvas]")!;
    const fire = (type: string, id: number, px: number, py: number) =>
      canvas.dispatchEvent(new PointerEvent(type, { pointerId: id, pointerType: "touch", isPrimary: id === 1, clientX: px, clientY: py, bubbles: true }));
    fire("pointerdown", 1, x - 20, y);
    fire("pointerdown", 2, x + 20, y);
    // fingers spread to twice the distance and turn by 30°, the pair moves 10 px right
    for (let i = 1; i <= 6; i++) {
      const d = 20 * (1 + i / 6);
      const a = ((30 * i) / 6) * (Math.PI / 180);
      const mx = x + (10 * i) / 6;
      fire("pointermove", 1, mx - d * Math.cos(a), y - d * Math.sin(a));
      fire("pointermove", 2, mx + d * Math.cos(a), y + d * Math.sin(a));
    }
    fire("pointerup", 1, 0, 0);
    fire("pointerup", 2, 0, 0);
  }, c);
  const l1 = await selected(page);
  expect(l1.widthCm).toBeCloseTo(l0.widthCm * 2, 0);
  expect(l1.rotationDeg).toBeCloseTo(30, 0);
  expect(l1.xCm).toBeGreaterThan(l0.xCm);
  // one gesture, one undo step
  await page.locator("[data-editor-undo]").click();
  expect(await selected(page)).toMatchObject({ widthCm: l0.widthCm, rotationDeg: 0 });
});

test("the block's settings narrow what the shop allows: areas, fonts, colours, layers, uploads", async ({ page }) => {
  const narrowed = await startStore({
    catalog: await buildCatalog(),
    shop: SHOP,
    secret: e2eEnv.SHOPIFY_API_SECRET,
    proxy: httpProxyTarget(`http://127.0.0.1:${e2eEnv.PORT}`),
    settings: { editor_areas: "front, back", editor_fonts: "lora-700,bebas-neue-400", editor_colors: "#111111,#C8102E", editor_max_layers: 2, editor_uploads: false },
  });
  try {
    await page.goto(`${narrowed.url}/products/merino-tee`);
    await page.locator("[data-mockup-edit]").click();
    await page.locator("[data-editor-canvas]").waitFor();
    await expect(page.locator("[data-editor-area]")).toHaveText(["Front", "Back"]);
    await expect(page.locator("[data-editor-add-image]")).toBeHidden();
    await page.locator("[data-editor-add-text]").click();
    // the font list arrives from the app behind the proxy; in the full e2e run the server's in-process worker is
    // still busy with earlier specs' jobs, and 5 s ran out once in the clean-clone CI (alone: under 1 s)
    await expect(page.locator("[data-editor-font] option")).toHaveText(["Lora Bold", "Bebas Neue"], { timeout: 60_000 });
    await expect(page.locator("[data-editor-font]")).toHaveValue("lora-700");
    await expect(page.locator("[data-editor-color]")).toHaveCount(2);
    await page.locator("[data-editor-add-text]").click();
    await expect(page.locator("[data-editor-layer]")).toHaveCount(2);
    // two layers per area: no third
    await expect(page.locator("[data-editor-add-text]")).toBeDisabled();
    await page.locator('[data-editor-area="back"]').click();
    await expect(page.locator("[data-editor-add-text]")).toBeEnabled();
  } finally {
    await narrowed.close();
  }
});

test.describe("a product the merchant published without designs, on a short window", () => {
  test.use({ viewport: { width: 1280, height: 900 } });
  let blank: Store;
  test.beforeAll(async () => {
    test.setTimeout(180_000);
    // the same product, its GLB as asset.decal publishes it with no merchant design: the empty decal layer (115)
    blank = await startStore({ catalog: await buildCatalog({ designs: false }), shop: SHOP, secret: e2eEnv.SHOPIFY_API_SECRET, proxy: httpProxyTarget(`http://127.0.0.1:${e2eEnv.PORT}`) });
  });
  test.afterAll(async () => blank?.close());

  test("the live texture paints it; text and image stay on the model in view while editing and after save", async ({ page }) => {
    await openEditor(page, "en", `${blank.url}/products/merino-tee`);
    const materials = await page.evaluate(() => (document.querySelector("model-viewer") as unknown as { model: { materials: Array<{ name: string }> } }).model.materials.map((m) => m.name));
    expect(materials).toContain("mockup_decal");
    const open = await modelShot(page, "20-blank-open");
    expect(open.warm).toBeLessThan(50);
    expect(open.white).toBeLessThan(20);

    await page.locator("[data-editor-file]").setInputFiles({ name: "photo.png", mimeType: "image/png", buffer: await photo() });
    await expect(page.locator("[data-editor-layer]")).toHaveCount(1, { timeout: 60_000 });
    const image = await modelShot(page, "21-blank-image");
    expect(image.warm).toBeGreaterThan(400);

    // white text above the image; the window is scrolled down to the controls while typing
    await page.locator("[data-editor-add-text]").click();
    await page.locator("[data-editor-text]").fill("MERINO");
    await page.locator('[data-editor-color="#FFFFFF"]').click();
    await page.locator("[data-editor-save]").scrollIntoViewIfNeeded();
    // the 3D view stays in sight (sticky above the controls), so model-viewer keeps rendering the live texture
    await expect(page.locator("model-viewer")).toBeInViewport();
    const stage = await page.locator(".mockup-viewer__stage").boundingBox();
    expect(stage!.y).toBeGreaterThanOrEqual(-1);
    expect(stage!.height).toBeLessThanOrEqual(900 * 0.42 + 1);
    const typed = await modelShot(page, "22-blank-text");
    console.log(`white text pixels on the model: open ${open.white}, image ${image.white}, typed ${typed.white}`);
    expect(typed.white).toBeGreaterThan(100);
    expect(typed.warm).toBeGreaterThan(400);
    await page.screenshot({ path: "test-results/editor-22-blank-page.png" });

    const saved = page.waitForResponse((r) => r.url().includes("/apps/mockup/design-documents") && r.request().method() === "POST", { timeout: 120_000 });
    await page.locator("[data-editor-save]").click();
    const answer = (await (await saved).json()) as { glb: string };
    await page.waitForFunction((u) => document.querySelector("model-viewer")?.getAttribute("src") === u, answer.glb);
    await page.waitForFunction(() => (document.querySelector("model-viewer") as unknown as { loaded: boolean }).loaded, undefined, { timeout: 120_000 });
    const after = await modelShot(page, "23-blank-saved");
    console.log(`after save: white ${after.white}, warm ${after.warm}`);
    expect(after.white).toBeGreaterThan(100);
    expect(after.warm).toBeGreaterThan(400);

    // the design GLB the server returns carries the text too (Scene Viewer and WebXR get it by URL): shown alone
    const alone = await page.context().newPage();
    await alone.goto(`${blank.url}/products/merino-tee`);
    await alone.locator("[data-mockup-open]").click();
    await alone.waitForFunction(() => Boolean((window as unknown as { MockupViewer: { blocks: Array<{ viewer?: { loaded?: boolean } }> } }).MockupViewer.blocks[0].viewer?.loaded), undefined, { timeout: 120_000 });
    await fullScaleRenders(alone);
    await alone.evaluate((u) => document.querySelector("model-viewer")!.setAttribute("src", u), answer.glb);
    await alone.waitForFunction((u) => {
      const v = document.querySelector("model-viewer") as unknown as { loaded: boolean; src: string };
      return v.loaded && v.src.endsWith(u);
    }, answer.glb, { timeout: 120_000 });
    const server = await modelShot(alone, "24-blank-design-glb-alone");
    console.log(`design GLB alone: white ${server.white}, warm ${server.warm}`);
    expect(server.white).toBeGreaterThan(100);
    expect(server.warm).toBeGreaterThan(400);
    await alone.close();
  });
});

/**
 * Phones, touch, en and de: 390 × 844 (iPhone 12–15) and 360 × 740 (small Android; German only: its longer
 * strings in the narrower window are the tightest case, English at 360 was looked at once and passed). Screenshots
 * test-results/editor-mobile-*.png (looked at). The layout facts a shopper relies on are asserted: nothing wider
 * than the window, every control at least 44 px, the meter clear of the canvas and buttons, the sticky 3D view and
 * the whole design area in sight together, 16 px text in fields (no zoom on focus), a finger on the empty design
 * area scrolls the page and a tap there deselects.
 */
for (const phone of [
  { width: 390, height: 844, locale: "en" },
  { width: 390, height: 844, locale: "de" },
  { width: 360, height: 740, locale: "de" },
]) {
  test.describe(`phone ${phone.width}×${phone.height} ${phone.locale}`, () => {
    test.use({ viewport: { width: phone.width, height: phone.height }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });

    test("the editor fits, every target is a fingertip wide, the model and the design area are seen together", async ({ page }) => {
      const name = `mobile-${phone.width}-${phone.locale}`;
      await openEditor(page, phone.locale);
      await page.locator("[data-editor-file]").setInputFiles({ name: "photo.png", mimeType: "image/png", buffer: await photo() });
      await expect(page.locator("[data-editor-layer]")).toHaveCount(1, { timeout: 60_000 });
      await page.locator("[data-editor-add-text]").tap();
      await expect(page.locator("[data-editor-layer]")).toHaveCount(2);
      // the image selected: its properties and the print-quality meter are shown
      await page.locator("[data-editor-layer]").last().tap();
      await expect(page.locator("[data-editor-meter]")).toHaveAttribute("data-state", /good|fair|low/);

      const layout = await page.evaluate(() => {
        const box = (e: Element) => e.getBoundingClientRect();
        const controls = [...document.querySelectorAll(".mockup-viewer button, .mockup-viewer input:not([type=file]), .mockup-viewer select, .mockup-viewer__upload")]
          .filter((e) => (e as HTMLElement).offsetParent !== null)
          .map((e) => ({ what: `${e.tagName.toLowerCase()}.${e.className} ${(e.textContent ?? "").trim().slice(0, 20)}`, ...JSON.parse(JSON.stringify(box(e))) as DOMRect }));
        const fields = [...document.querySelectorAll(".mockup-editor input:not([type=file]):not([type=range]), .mockup-editor select")].map((e) => parseFloat(getComputedStyle(e).fontSize));
        const meter = box(document.querySelector("[data-editor-meter]")!), canvas = box(document.querySelector("[data-editor-canvas]")!), adders = box(document.querySelector(".mockup-editor__add")!);
        return { scrollWidth: document.documentElement.scrollWidth, innerWidth, controls, fields, meter, canvas, adders };
      });
      expect(layout.scrollWidth, "no sideways scrolling").toBeLessThanOrEqual(layout.innerWidth);
      expect(layout.controls.length).toBeGreaterThan(15);
      for (const c of layout.controls) {
        expect(Math.min(c.width, c.height), `${c.what}: ${Math.round(c.width)}×${Math.round(c.height)} px`).toBeGreaterThanOrEqual(44);
        expect(c.left, c.what).toBeGreaterThanOrEqual(0);
        expect(c.right, c.what).toBeLessThanOrEqual(layout.innerWidth);
      }
      for (const f of layout.fields) expect(f).toBeGreaterThanOrEqual(16);
      // the text layer's own controls (text, font, colour swatches) too
      await page.locator("[data-editor-layer]").first().tap();
      await expect(page.locator("[data-editor-color]").first()).toBeVisible();
      const textControls = await page.evaluate(() =>
        [...document.querySelectorAll(".mockup-editor__props button, .mockup-editor__props input, .mockup-editor__props select")].map((e) => {
          const r = e.getBoundingClientRect();
          return { what: `${e.tagName.toLowerCase()}.${e.className}`, w: r.width, h: r.height, font: parseFloat(getComputedStyle(e).fontSize), type: (e as HTMLInputElement).type };
        }),
      );
      expect(textControls.filter((c) => c.what.includes("swatch")).length).toBeGreaterThan(3);
      for (const c of textControls) {
        expect(Math.min(c.w, c.h), `${c.what} ${Math.round(c.w)}×${Math.round(c.h)}`).toBeGreaterThanOrEqual(44);
        if (c.type === "text" || c.what.startsWith("select")) expect(c.font).toBeGreaterThanOrEqual(16);
      }
      await page.screenshot({ path: `test-results/editor-${name}-0-text.png`, fullPage: true });
      await page.locator("[data-editor-layer]").last().tap();
      // the meter sits between the design area and the add buttons, overlapping neither
      expect(layout.meter.top).toBeGreaterThanOrEqual(layout.canvas.bottom);
      expect(layout.meter.bottom).toBeLessThanOrEqual(layout.adders.top);

      // scrolled to the design area: the 3D view sticks above it and the whole area is in sight below it
      await page.evaluate(() => document.querySelector("[data-editor-canvas]")!.scrollIntoView({ block: "end" }));
      await page.waitForTimeout(300);
      const seen = await page.evaluate(() => ({ stage: JSON.parse(JSON.stringify(document.querySelector(".mockup-viewer__stage")!.getBoundingClientRect())), canvas: JSON.parse(JSON.stringify(document.querySelector("[data-editor-canvas]")!.getBoundingClientRect())) }));
      expect(seen.stage.top).toBeGreaterThanOrEqual(-1);
      expect(seen.stage.height).toBeGreaterThanOrEqual(180);
      expect(seen.stage.bottom, "the 3D view does not cover the design area").toBeLessThanOrEqual(seen.canvas.top + 1);
      expect(seen.canvas.bottom).toBeLessThanOrEqual(phone.height + 1);
      await expect(page.locator("model-viewer")).toBeInViewport();
      await page.screenshot({ path: `test-results/editor-${name}-1-area.png` });

      // a finger on the empty design area scrolls the page and moves nothing; a tap there deselects
      const before = await selected(page);
      const empty = await canvasPoint(page, 2, 36);
      const scroll0 = await page.evaluate(() => scrollY);
      await page.evaluate(({ x, y }) => {
        const canvas = document.querySelector("[data-editor-canvas]")!;
        const fire = (type: string, py: number) => canvas.dispatchEvent(new PointerEvent(type, { pointerId: 7, pointerType: "touch", isPrimary: true, clientX: x, clientY: py, bubbles: true }));
        fire("pointerdown", y);
        for (let i = 1; i <= 5; i++) fire("pointermove", y - i * 30);
        fire("pointerup", y - 150);
      }, empty);
      expect((await page.evaluate(() => scrollY)) - scroll0).toBeGreaterThan(100);
      expect(await selected(page)).toEqual(before);
      await page.screenshot({ path: `test-results/editor-${name}-2-controls.png` });
      const tapAt = await canvasPoint(page, 2, 36);
      await page.touchscreen.tap(tapAt.x, tapAt.y);
      await expect(page.locator("[data-editor-meter]")).toHaveAttribute("data-state", "none");

      await page.evaluate(() => document.querySelector("[data-editor-save]")!.scrollIntoView({ block: "end" }));
      await page.waitForTimeout(300);
      await page.screenshot({ path: `test-results/editor-${name}-3-save.png` });
    });
  });
}
