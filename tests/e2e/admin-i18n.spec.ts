/**
 * The admin in the merchant's language and its not-found page: German from Shopify's `locale` parameter
 * (our strings and Polaris' own), a Polaris "not found" page for unknown pages and another shop's ids,
 * and jobs named by their product's title from the Admin API.
 */
import { expect, test } from "@playwright/test";
import type { Db } from "../../app/db/client.server";
import { offlineSessionRow } from "../shopify/session-token";
import { adminUrl, E2E_SHOP, e2eDb, routeCdn, token } from "./admin-helpers";
import { productGid } from "./admin-helpers-double";

const OTHER = "i18n-other-shop.myshopify.com";
let db: Db;
let otherJobId: string;

test.beforeAll(async () => {
  db = e2eDb();
  await db.session.deleteMany({ where: { shop: E2E_SHOP } });
  await db.session.create({ data: offlineSessionRow(E2E_SHOP) });
  await db.job.deleteMany({ where: { shop: { in: [E2E_SHOP, OTHER] } } });
  await db.notification.deleteMany({ where: { shop: E2E_SHOP } });
  const tee = await productGid("Merino Tee");
  await db.job.create({ data: { shop: E2E_SHOP, type: "product", status: "running", progress: 30, input: JSON.stringify({ productId: tee }) } });
  await db.notification.create({ data: { shop: E2E_SHOP, level: "info", message: "hello" } });
  otherJobId = (await db.job.create({ data: { shop: OTHER, type: "product", status: "queued" } })).id;
});
test.afterAll(async () => db?.$disconnect());

test("German admin: our strings, Polaris' strings, the product's title on its job", async ({ page }) => {
  const idToken = token();
  await routeCdn(page, idToken);
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(adminUrl("/app", idToken) + "&locale=de-DE");
  await expect(page.getByRole("heading", { name: "Letzte Aufträge" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Dienststatus" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Erste Schritte" })).toBeVisible();
  // Polaris' own string: the banner's dismiss button
  await expect(page.getByRole("button", { name: "Benachrichtigung verwerfen" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Merino Tee" })).toBeVisible();
  await expect(page.getByText("Läuft")).toBeVisible();
  await expect(page.getByText("Recent jobs")).toHaveCount(0);
  expect(errors).toEqual([]);
  await page.screenshot({ path: "test-results/admin-home-de.png", fullPage: true, animations: "disabled" });
});

test("English by default; an unknown page and another shop's job are the Polaris not-found page", async ({ page }) => {
  const idToken = token();
  await routeCdn(page, idToken);
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => m.type() === "error" && !/status of 404/.test(m.text()) && errors.push(m.text()));

  const res = await page.goto(adminUrl("/app/no-such-page", idToken) + "&locale=en");
  expect(res?.status()).toBe(404);
  await expect(page.getByText("Page not found", { exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: "Go to the app home" })).toBeVisible();
  await expect(page.locator(".Polaris-Page")).toBeVisible();
  await page.screenshot({ path: "test-results/admin-not-found.png", fullPage: true, animations: "disabled" });

  const other = await page.goto(adminUrl(`/app/jobs/${otherJobId}`, idToken) + "&locale=de");
  expect(other?.status()).toBe(404);
  await expect(page.getByText("Seite nicht gefunden", { exact: true })).toBeVisible();
  expect(errors).toEqual([]);
});
