/**
 * Settings page in Chromium: an API key typed by the merchant is saved, shown only as "set", and
 * never appears again in any response or in the page; a bad base URL is refused with a clear message.
 */
import { expect, test, type Page } from "@playwright/test";
import type { Db } from "../../app/db/client.server";
import { offlineSessionRow } from "../shopify/session-token";
import { adminUrl, E2E_SHOP, e2eDb, routeCdn, token } from "./admin-helpers";

const KEY = "mky_e2e_SECRET_7f3a9c21d4";
let db: Db;

/** The service's card (a labelled region), not the provider list that also names it. */
const serviceCard = (page: Page, name: string) => page.getByRole("region", { name: `${name} service` });

test.beforeAll(async () => {
  db = e2eDb();
  await db.session.deleteMany({ where: { shop: E2E_SHOP } });
  await db.session.create({ data: offlineSessionRow(E2E_SHOP) });
  await db.shop.deleteMany({ where: { domain: E2E_SHOP } });
});
test.afterAll(async () => db?.$disconnect());

test("an API key is saved encrypted, shown as set, and never sent back", async ({ page }) => {
  const idToken = token();
  await routeCdn(page, idToken);
  const bodies: string[] = [];
  page.on("response", async (r) => {
    if (new URL(r.url()).origin === new URL(page.url() || "http://x").origin) bodies.push(await r.text().catch(() => ""));
  });

  await page.goto(adminUrl("/app/settings", idToken));
  const card = serviceCard(page, "Mockey.ai");
  await expect(card.getByText("API key not set")).toBeVisible();

  await card.getByLabel("Base URL").fill("https://api.mockey.example");
  await card.getByLabel("API key").fill(KEY);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Settings saved.")).toBeVisible();
  await expect(card.getByText("API key set")).toBeVisible();
  await expect(card.getByLabel("API key")).toHaveValue("");

  const row = await db.shop.findUniqueOrThrow({ where: { domain: E2E_SHOP } });
  expect(row.secrets).toMatch(/"mockey":"v1:/);
  expect(row.secrets + row.settings).not.toContain(KEY);

  await page.reload();
  await expect(serviceCard(page, "Mockey.ai").getByText("API key set")).toBeVisible();
  expect(await page.content()).not.toContain(KEY);
  expect(bodies.length).toBeGreaterThan(1);
  for (const b of bodies) expect(b).not.toContain(KEY);
  await page.screenshot({ path: "test-results/admin-settings.png", fullPage: true, animations: "disabled" });
});

test("a non-https base URL is refused with a clear error and nothing changes", async ({ page }) => {
  const idToken = token();
  await routeCdn(page, idToken);
  await page.goto(adminUrl("/app/settings", idToken));
  const before = await db.shop.findUnique({ where: { domain: E2E_SHOP } });
  const card = serviceCard(page, "Mockey.ai");
  await card.getByLabel("Base URL").fill("http://mockey.example.com");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Settings not saved")).toBeVisible();
  await expect(page.getByText(/services\.mockey\.baseUrl: base URL must use https:\/\//)).toBeVisible();
  expect(await db.shop.findUnique({ where: { domain: E2E_SHOP } })).toEqual(before);
});
