/**
 * Settings → "Shopper design editor" in Chromium: the merchant's rules for the storefront editor (issue 14). Bad
 * values are refused beside their fields in the merchant's language and change nothing; good ones are saved into
 * the shop's `editor` settings, which the storefront's editor-config answers. Screenshots in
 * test-results/admin-editor-policy-{en,de}.png.
 */
import { expect, test } from "@playwright/test";
import type { Db } from "../../app/db/client.server";
import { offlineSessionRow } from "../shopify/session-token";
import { adminUrl, E2E_SHOP, e2eDb, routeCdn, token } from "./admin-helpers";

let db: Db;
const editorSettings = async () => (JSON.parse((await db.shop.findUnique({ where: { domain: E2E_SHOP } }))?.settings ?? "{}") as { editor?: unknown }).editor;

test.beforeAll(async () => {
  db = e2eDb();
  await db.session.deleteMany({ where: { shop: E2E_SHOP } });
  await db.session.create({ data: offlineSessionRow(E2E_SHOP) });
  await db.shop.upsert({ where: { domain: E2E_SHOP }, update: { settings: "{}" }, create: { domain: E2E_SHOP } });
});
test.afterAll(async () => db?.$disconnect());

test("editor rules: bad colours and layer count are refused beside their fields; good rules are saved", async ({ page }) => {
  const idToken = token();
  await routeCdn(page, idToken);
  await page.goto(adminUrl("/app/settings", idToken) + "&locale=en");
  const form = page.getByRole("region", { name: "Shopper design editor" });
  await form.scrollIntoViewIfNeeded();
  // the defaults: every area, every font, uploads on
  await expect(form.getByLabel("Shoppers may upload their own images")).toBeChecked();
  await expect(form.getByLabel("Left sleeve")).toBeChecked();
  await expect(form.getByLabel("Bebas Neue")).toBeChecked();

  await form.getByLabel("Left sleeve").uncheck();
  await form.getByLabel("Right sleeve").uncheck();
  await form.getByLabel("Lora", { exact: true }).uncheck();
  await form.getByLabel("Text colours").fill("#111111, pink, #2E8B57");
  await form.getByLabel("Layers per print area").fill("30");
  await form.getByRole("button", { name: "Apply editor rules" }).click();
  await expect(form.getByText("Editor rules not saved")).toBeVisible();
  await expect(form.getByText('"pink" is not a colour like #2E8B57')).toBeVisible();
  await expect(form.getByText("a whole number from 1 to 20")).toBeVisible();
  expect(await editorSettings()).toBeUndefined(); // nothing written
  await page.screenshot({ path: "test-results/admin-editor-policy-errors.png", fullPage: true, animations: "disabled" });

  await form.getByLabel("Text colours").fill("#111111, #FFFFFF, #2E8B57");
  await form.getByLabel("Layers per print area").fill("4");
  await form.getByLabel("Shoppers may upload their own images").uncheck();
  await form.getByRole("button", { name: "Apply editor rules" }).click();
  await expect(form.getByText("Editor rules saved.")).toBeVisible();
  const saved = (await editorSettings()) as { areas: string[]; fonts: string[]; colors: string[]; maxLayers: number; uploads: boolean };
  expect(saved.areas).not.toContain("left_sleeve");
  expect(saved.areas).toContain("front");
  expect(saved.fonts).not.toContain("lora-400");
  expect(saved).toMatchObject({ colors: ["#111111", "#FFFFFF", "#2E8B57"], maxLayers: 4, uploads: false });

  // after a reload the form shows what is stored
  await page.reload();
  const again = page.getByRole("region", { name: "Shopper design editor" });
  await expect(again.getByLabel("Left sleeve")).not.toBeChecked();
  await expect(again.getByLabel("Layers per print area")).toHaveValue("4");
  await again.scrollIntoViewIfNeeded();
  await again.screenshot({ path: "test-results/admin-editor-policy-en.png", animations: "disabled" });
});

test("editor rules in German: labels and refusals", async ({ page }) => {
  const idToken = token();
  await routeCdn(page, idToken);
  await page.goto(adminUrl("/app/settings", idToken) + "&locale=de-DE");
  const form = page.getByRole("region", { name: "Design-Editor für Kunden" });
  await form.scrollIntoViewIfNeeded();
  await expect(form.getByText("Druckbereiche, die Kunden gestalten dürfen")).toBeVisible();
  for (const label of ["Vorderseite", "Rückseite", "Linker Ärmel"]) await expect(form.getByLabel(label)).toBeVisible();
  await form.getByLabel("Textfarben").fill("");
  await form.getByRole("button", { name: "Editor-Regeln übernehmen" }).click();
  await expect(form.getByText("füge mindestens eine Textfarbe hinzu")).toBeVisible();
  await expect(form.getByText("Editor-Regeln nicht gespeichert")).toBeVisible();
  await form.screenshot({ path: "test-results/admin-editor-policy-de.png", animations: "disabled" });
});
