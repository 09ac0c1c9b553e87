/**
 * The Library's CGTrader flow in Chromium, against the CGTrader double (started here, on 127.0.0.1) and a job
 * worker in the app server: search → licence shown (an editorial model cannot be imported) → Import → progress
 * without reload → the imported model listed with source, author, licence and triangles → a print area drawn on its
 * UV layout (a refused size first, in English and German) → the model can carry designs.
 */
import { expect, test } from "@playwright/test";
import type { Db } from "../../app/db/client.server";
import { e2eEnv } from "../../playwright.config";
import { DEMO_CLIENT, startCgtraderDouble, type CgtraderDouble } from "../doubles/cgtrader/server";
import { sharedPath } from "../helpers/shared-data";
import { offlineSessionRow } from "../shopify/session-token";
import { adminUrl, E2E_SHOP, e2eDb, routeCdn, token } from "./admin-helpers";

let db: Db;
let cgt: CgtraderDouble;
const worker = (on: boolean) =>
  fetch(`http://127.0.0.1:${e2eEnv.MOCKUP_E2E_CONTROL_PORT}/worker`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ on }) });

test.beforeAll(async () => {
  db = e2eDb();
  cgt = await startCgtraderDouble({ samplesDir: sharedPath("samples/models") });
  await db.session.deleteMany({ where: { shop: E2E_SHOP } });
  await db.session.create({ data: offlineSessionRow(E2E_SHOP) });
  await db.libraryEntry.deleteMany({ where: { shop: E2E_SHOP } });
  // the merchant's CGTrader connection, stored as the Settings page stores it (client secret encrypted)
  process.env.MOCKUP_ENCRYPTION_KEY = e2eEnv.MOCKUP_ENCRYPTION_KEY;
  const { saveSettings } = await import("../../app/shopify/settings.server");
  await saveSettings(db, E2E_SHOP, { services: { cgtrader: { baseUrl: cgt.url, clientId: DEMO_CLIENT.clientId, clientSecret: DEMO_CLIENT.clientSecret } } }, { registered: {} });
  expect((await worker(true)).ok).toBe(true);
});
test.afterAll(async () => {
  await worker(false).catch(() => undefined);
  await cgt?.close();
  await db?.$disconnect();
});

test("search, import with progress, and a print area drawn on the UV layout", async ({ page }) => {
  test.setTimeout(180_000);
  const idToken = token(undefined, E2E_SHOP);
  await routeCdn(page, idToken);
  await page.goto(adminUrl("/app/library", idToken) + "&locale=en");
  await expect(page.getByText("No imported models yet.")).toBeVisible();

  await page.getByLabel("Keywords").fill("mug");
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await expect(page.getByText("3 models found")).toBeVisible();
  const editorial = page.getByRole("region", { name: "Mug (editorial use only)" });
  await expect(editorial.getByText("No commercial use")).toBeVisible();
  await expect(editorial.getByRole("button", { name: "Import" })).toBeDisabled();
  const mug = page.getByRole("region", { name: "Ceramic mug, scanned look" });
  await expect(mug.getByText("Commercial use", { exact: true })).toBeVisible();
  // the thumbnails are the vendor's pictures (loaded from its CDN, here the double)
  await expect.poll(() => mug.locator("img").evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(256);
  await page.screenshot({ path: "test-results/library-cgtrader-search.png", fullPage: true, animations: "disabled" });

  await mug.getByRole("button", { name: "Import" }).click();
  const entry = page.locator("section[data-entry-id]").filter({ hasText: "Ceramic mug, scanned look" });
  await expect(entry).toBeVisible();
  // progress first (the list polls the job), then ready, with no reload of the page
  await expect(entry.getByText(/Importing|Ready/).first()).toBeVisible();
  await expect(entry.getByText("Ready", { exact: true })).toBeVisible({ timeout: 120_000 });
  await expect(entry.getByText("CGTrader #4102")).toBeVisible();
  await expect(entry.getByText("by PrintView Studio")).toBeVisible();
  await expect(entry.getByText(/Licence: royalty_free · 18,518 triangles/)).toBeVisible();
  await expect(entry.getByText("3D only — no print area yet")).toBeVisible();
  await expect(mug.getByRole("button", { name: "Imported" })).toBeDisabled();
  const row = await db.libraryEntry.findFirstOrThrow({ where: { shop: E2E_SHOP, sourceId: "4102" } });
  expect(row).toMatchObject({ status: "ready", triangles: 18_518, author: "PrintView Studio" });
  expect(row.fileChecksum).toMatch(/^[0-9a-f]{64}$/);
  await expect.poll(() => entry.locator("img").first().evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);

  await entry.getByRole("button", { name: "Draw print area" }).click();
  const layout = entry.getByTestId("uv-layout");
  await expect.poll(() => layout.locator("img").evaluate((img: HTMLImageElement) => img.naturalWidth), { timeout: 30_000 }).toBe(1024);
  const box = (await layout.boundingBox())!;
  // the mug's body island on its UV layout (about u 0.36–0.67, v 0.14–0.34)
  await page.mouse.move(box.x + box.width * 0.37, box.y + box.height * 0.15);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.25, { steps: 4 });
  await page.mouse.move(box.x + box.width * 0.66, box.y + box.height * 0.33, { steps: 4 });
  await page.mouse.up();
  await expect(entry.getByTestId("print-area-rect")).toBeVisible();
  await entry.getByLabel("Print area").selectOption("wrap");

  // a refused size: the server's zod check answers, in English, and nothing is stored
  await entry.getByLabel("Printed width").fill("0");
  await entry.getByLabel("Printed height").fill("8");
  await entry.getByRole("button", { name: "Save print area" }).click();
  await expect(entry.getByText("Enter a printed width and height between 1 and 200 cm.")).toBeVisible();
  expect((await db.libraryEntry.findUniqueOrThrow({ where: { id: row.id } })).printAreas).toBe("[]");

  await entry.getByLabel("Printed width").fill("20");
  await entry.getByRole("button", { name: "Save print area" }).click();
  await expect(entry.getByText("Print area saved. The model can now carry designs.")).toBeVisible();
  await expect(entry.getByText("Designs possible")).toBeVisible();
  await expect(entry.getByText("Print areas: Wrap 20 × 8 cm")).toBeVisible();
  const saved = JSON.parse((await db.libraryEntry.findUniqueOrThrow({ where: { id: row.id } })).printAreas) as { name: string; uv: { u0: number; v0: number; u1: number; v1: number }; widthCm: number }[];
  expect(saved).toHaveLength(1);
  expect(saved[0]).toMatchObject({ name: "wrap", widthCm: 20, heightCm: 8 });
  expect(saved[0]!.uv.u0).toBeCloseTo(0.37, 1);
  expect(saved[0]!.uv.v1).toBeCloseTo(0.33, 1);
  await entry.scrollIntoViewIfNeeded();
  await page.screenshot({ path: "test-results/library-cgtrader-print-area.png", fullPage: true, animations: "disabled" });
});

test("German: the refusal of a bad print area and the licence labels", async ({ page }) => {
  const idToken = token(undefined, E2E_SHOP);
  await routeCdn(page, idToken);
  await page.goto(adminUrl("/app/library", idToken) + "&locale=de");
  const entry = page.locator("section[data-entry-id]").filter({ hasText: "Ceramic mug, scanned look" });
  await expect(entry.getByText("Designs möglich")).toBeVisible();
  await entry.getByRole("button", { name: "Druckbereiche bearbeiten" }).click();
  await entry.getByLabel("Druckhöhe").fill("900");
  await entry.getByRole("button", { name: "Druckbereich speichern" }).click();
  await expect(entry.getByText("Gib eine Druckbreite und -höhe zwischen 1 und 200 cm ein.")).toBeVisible();
  // the refused value stays in the field for the merchant to correct
  await expect(entry.getByLabel("Druckhöhe")).toHaveValue("900");
  await page.getByLabel("Suchbegriffe").fill("Mug");
  await page.getByRole("button", { name: "Suchen", exact: true }).click();
  await expect(page.getByRole("region", { name: "Mug (editorial use only)" }).getByText("Keine kommerzielle Nutzung")).toBeVisible();
  await page.screenshot({ path: "test-results/library-cgtrader-de.png", fullPage: true, animations: "disabled" });
});
