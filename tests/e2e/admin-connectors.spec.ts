/**
 * Settings' connector parts in Chromium, against the vendor doubles (started here, on 127.0.0.1; the app server's
 * connector kit may reach loopback): the merchant enters Mockey.ai's and VirtualThreads.io's keys, CGTrader's OAuth
 * client, the VirtualThreads.io storefront switch and the outage alert; each card shows its masked key; "Check
 * connection" reaches each double; a Mockey.ai outage turns its status card from Working to Down (open) with the
 * last error, and after the cool-down (the breaker's retry time moved to now) a check closes it again. In English and
 * German, screenshots of both. No key or secret appears in any response or in the page.
 */
import { expect, test, type Page } from "@playwright/test";
import type { Db } from "../../app/db/client.server";
import { DEMO_CLIENT, startCgtraderDouble, type CgtraderDouble } from "../doubles/cgtrader/server";
import { startMockeyDouble, TEMPLATES, type MockeyDouble } from "../doubles/mockey/server";
import { GARMENTS, startVirtualThreadsDouble, type VirtualThreadsDouble } from "../doubles/virtualthreads/server";
import { CATEGORIES } from "../doubles/cgtrader/catalog";
import { e2eEnv } from "../../playwright.config";
import { sharedPath } from "../helpers/shared-data";
import { offlineSessionRow } from "../shopify/session-token";
import { adminUrl, E2E_SHOP, e2eDb, routeCdn, token } from "./admin-helpers";

const PROVIDERS = ["mockey", "virtualthreads", "cgtrader"];
const HOOK = "https://hooks.slack.com/services/T0E2E/B0E2E/alerts";
let db: Db;
let mockey: MockeyDouble;
let vt: VirtualThreadsDouble;
let cgt: CgtraderDouble;
const secrets = () => [mockey.apiKey, vt.apiKey, DEMO_CLIENT.clientSecret];

const region = (page: Page, name: string) => page.getByRole("region", { name });

/** Every same-origin response body the page received (the key must be in none of them). */
function recordBodies(page: Page): string[] {
  const bodies: string[] = [];
  page.on("response", async (r) => {
    if (new URL(r.url()).origin === new URL(page.url() || "http://x").origin) bodies.push(await r.text().catch(() => ""));
  });
  return bodies;
}

async function expectNoSecret(page: Page, bodies: string[]) {
  const html = await page.content();
  expect(bodies.length).toBeGreaterThan(1);
  for (const s of secrets()) {
    expect(html).not.toContain(s);
    for (const b of bodies) expect(b).not.toContain(s);
  }
}

/**
 * Clicks "Check connection" until the status card shows `state`. Each check is one policy operation (up to 3 attempts
 * on a 503); the next click waits for the check's answer and the page's data reloaded after it (an earlier click still
 * running would be cancelled by the next).
 */
async function checkUntil(page: Page, card: string, status: string, button: string, state: string) {
  for (let i = 0; i < 5; i++) {
    await check(page, card, button);
    if (await region(page, status).getByText(state).isVisible()) return;
  }
  await expect(region(page, status).getByText(state)).toBeVisible();
}

/** One "Check connection": its answer, then the settings page's data as Remix reloads it after the action. */
async function check(page: Page, card: string, button: string) {
  const answered = page.waitForResponse((r) => r.url().includes("/app/connectors/health") && r.request().method() === "POST", { timeout: 60_000 });
  const reloaded = page.waitForResponse((r) => r.url().includes("_data=routes%2Fapp.settings"), { timeout: 60_000 });
  await region(page, card).getByRole("button", { name: button }).click();
  await answered;
  await reloaded;
}

/** The cool-down passed: the open breaker's trial time is now (the breakers' clock, not a wait). */
const coolDown = () => db.connectorBreaker.updateMany({ where: { provider: "mockey", state: "open" }, data: { retryAt: new Date(Date.now() - 1000) } });

test.beforeAll(async () => {
  db = e2eDb();
  [mockey, vt, cgt] = await Promise.all([startMockeyDouble(), startVirtualThreadsDouble(), startCgtraderDouble({ samplesDir: sharedPath("samples/models") })]);
  await db.session.deleteMany({ where: { shop: E2E_SHOP } });
  await db.session.create({ data: offlineSessionRow(E2E_SHOP) });
  await db.shop.deleteMany({ where: { domain: E2E_SHOP } });
  await db.connectorBreaker.deleteMany({ where: { provider: { in: PROVIDERS } } });
});
test.afterAll(async () => {
  await db?.connectorBreaker.deleteMany({ where: { provider: { in: PROVIDERS } } });
  await db?.shop.deleteMany({ where: { domain: E2E_SHOP } });
  await Promise.all([mockey?.close(), vt?.close(), cgt?.close()]);
  await db?.$disconnect();
});

test("keys entered, connections checked, an outage opens Mockey.ai's status and a check closes it (English)", async ({ page }) => {
  test.setTimeout(120_000);
  const idToken = token();
  await routeCdn(page, idToken);
  const bodies = recordBodies(page);
  await page.goto(adminUrl("/app/settings", idToken) + "&locale=en");

  const mk = region(page, "Mockey.ai service");
  const vtCard = region(page, "VirtualThreads.io service");
  const cg = region(page, "CGTrader service");
  await expect(mk.getByText("API key not set")).toBeVisible();
  await expect(cg.getByText("OAuth client not set")).toBeVisible();
  // CGTrader signs in with an OAuth client: no API key field on its card
  await expect(cg.getByLabel("API key")).toHaveCount(0);
  for (const card of [mk, vtCard, cg]) await expect(card.getByRole("button", { name: "Check connection" })).toBeDisabled();
  await expect(region(page, "Mockey.ai status").getByText("Working")).toBeVisible();
  await expect(region(page, "Mockey.ai status").getByText("No errors recorded.")).toBeVisible();

  await mk.getByLabel("Base URL").fill(mockey.url);
  await mk.getByLabel("API key").fill(mockey.apiKey);
  await vtCard.getByLabel("Base URL").fill(vt.url);
  await vtCard.getByLabel("API key").fill(vt.apiKey);
  await vtCard.getByLabel(/live previews/).check();
  await cg.getByLabel("Base URL").fill(cgt.url);
  await cg.getByLabel("OAuth client ID").fill(DEMO_CLIENT.clientId);
  await cg.getByLabel("OAuth client secret").fill(DEMO_CLIENT.clientSecret);
  await page.getByLabel("Alert webhook URL").fill(HOOK);
  await page.getByLabel("Alert after (minutes)").fill("15");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText("Settings saved.")).toBeVisible({ timeout: 30_000 });

  // masked: the last four characters only; the fields are empty again
  await expect(mk.getByText(`API key set (…${mockey.apiKey.slice(-4)})`)).toBeVisible();
  await expect(vtCard.getByText(`API key set (…${vt.apiKey.slice(-4)})`)).toBeVisible();
  await expect(cg.getByText("OAuth client set")).toBeVisible();
  await expect(mk.getByLabel("API key")).toHaveValue("");
  await expect(cg.getByLabel("OAuth client secret")).toHaveValue("");
  const row = await db.shop.findUniqueOrThrow({ where: { domain: E2E_SHOP } });
  expect(row.secrets).toMatch(/"mockey":"v1:/);
  expect(row.secrets).toMatch(/"virtualthreads":"v1:/);
  for (const s of secrets()) expect(row.secrets + row.settings).not.toContain(s);

  // Check connection: each double answers
  await check(page, "Mockey.ai service", "Check connection");
  await expect(mk.getByText(new RegExp(`^Connected: ${TEMPLATES.length} templates \\(\\d+ ms\\)$`))).toBeVisible();
  await check(page, "VirtualThreads.io service", "Check connection");
  await expect(vtCard.getByText(new RegExp(`^Connected: ${GARMENTS.length} garments`))).toBeVisible();
  await check(page, "CGTrader service", "Check connection");
  await expect(cg.getByText(new RegExp(`^Connected: ${CATEGORIES.length} categories`))).toBeVisible();

  // the outage: Mockey.ai answers 503; checks count toward the shared breaker until it opens
  mockey.setFault("server_503");
  await check(page, "Mockey.ai service", "Check connection");
  await expect(mk.getByText("Not reachable: server error — mockey: GET /v1/templates → 503")).toBeVisible();
  await checkUntil(page, "Mockey.ai service", "Mockey.ai status", "Check connection", "Down (open)");
  // open: the next check is not sent, and says so
  await check(page, "Mockey.ai service", "Check connection");
  await expect(mk.getByText(/^Not checked: marked down after repeated failures \(see Connector status\)/)).toBeVisible();
  const status = region(page, "Mockey.ai status");
  await expect(status.getByText(/^Last error: server error — mockey: GET \/v1\/templates → 503$/)).toBeVisible();
  await expect(status.getByText(/^Failing since /)).toBeVisible();
  await expect(region(page, "VirtualThreads.io status").getByText("Working")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Alert webhook URL")).toHaveValue(HOOK);
  await expect(page.getByLabel("Alert after (minutes)")).toHaveValue("15");
  await expect(region(page, "VirtualThreads.io service").getByLabel(/live previews/)).toBeChecked();
  await expect(region(page, "Mockey.ai status").getByText("Down (open)")).toBeVisible();
  await page.screenshot({ path: "test-results/admin-connectors-en.png", fullPage: true, animations: "disabled" });

  // recovery: the vendor is back, the cool-down has passed: the check is the trial, and it closes the breaker
  mockey.setFault("none");
  await coolDown();
  await check(page, "Mockey.ai service", "Check connection");
  await expect(region(page, "Mockey.ai service").getByText(/^Connected: /)).toBeVisible();
  await expect(region(page, "Mockey.ai status").getByText("Working")).toBeVisible();
  expect((await db.connectorBreaker.findUniqueOrThrow({ where: { provider_shop: { provider: "mockey", shop: "" } } })).state).toBe("closed");

  await expectNoSecret(page, bodies);
});

test("German: the same parts in the merchant's language, an outage and its status (Deutsch)", async ({ page }) => {
  test.setTimeout(120_000);
  // the shop as the English test's form left it (stored as the Settings page stores it), so this test stands alone
  process.env.MOCKUP_ENCRYPTION_KEY = e2eEnv.MOCKUP_ENCRYPTION_KEY;
  const { saveSettings } = await import("../../app/shopify/settings.server");
  await saveSettings(
    db,
    E2E_SHOP,
    {
      services: {
        mockey: { baseUrl: mockey.url, apiKey: mockey.apiKey },
        virtualthreads: { baseUrl: vt.url, apiKey: vt.apiKey, storefront: true },
        cgtrader: { baseUrl: cgt.url, clientId: DEMO_CLIENT.clientId, clientSecret: DEMO_CLIENT.clientSecret },
      },
      alerts: { webhookUrl: HOOK, outageMinutes: 15 },
    },
    { registered: { "mockup.live": ["local", "virtualthreads"] } },
  );
  await db.connectorBreaker.deleteMany({ where: { provider: { in: PROVIDERS } } });
  const idToken = token();
  await routeCdn(page, idToken);
  const bodies = recordBodies(page);
  await page.goto(adminUrl("/app/settings", idToken) + "&locale=de");

  const mk = region(page, "Dienst Mockey.ai");
  await expect(mk.getByText(`API-Schlüssel gesetzt (…${mockey.apiKey.slice(-4)})`)).toBeVisible();
  await expect(region(page, "Dienst CGTrader").getByText("OAuth-Client gesetzt")).toBeVisible();
  await expect(region(page, "Status von Mockey.ai").getByText("Funktioniert")).toBeVisible();
  await check(page, "Dienst Mockey.ai", "Verbindung prüfen");
  await expect(mk.getByText(new RegExp(`^Verbunden: ${TEMPLATES.length} Vorlagen`))).toBeVisible();
  await check(page, "Dienst CGTrader", "Verbindung prüfen");
  await expect(region(page, "Dienst CGTrader").getByText(new RegExp(`^Verbunden: ${CATEGORIES.length} Kategorien`))).toBeVisible();

  mockey.setFault("server_503");
  await checkUntil(page, "Dienst Mockey.ai", "Status von Mockey.ai", "Verbindung prüfen", "Ausgefallen (unterbrochen)");
  await check(page, "Dienst Mockey.ai", "Verbindung prüfen");
  await expect(mk.getByText(/^Nicht geprüft: nach wiederholten Fehlern als ausgefallen markiert/)).toBeVisible();
  await expect(region(page, "Status von Mockey.ai").getByText(/^Fehler seit \d{1,2}\.\d{1,2}\.2026/)).toBeVisible();
  await expect(region(page, "Status von Mockey.ai").getByText(/^Letzter Fehler: Serverfehler – /)).toBeVisible();
  await expect(region(page, "Status von Mockey.ai").getByText(/^Fehler seit /)).toBeVisible();
  // a refused alert URL: the message in German, nothing saved
  const before = await db.shop.findUniqueOrThrow({ where: { domain: E2E_SHOP } });
  await page.getByLabel("Webhook-URL für Warnungen").fill("http://hooks.example.com/alert");
  await page.getByRole("button", { name: "Speichern", exact: true }).click();
  await expect(page.getByText("Einstellungen nicht gespeichert")).toBeVisible({ timeout: 30_000 });
  expect(await db.shop.findUniqueOrThrow({ where: { domain: E2E_SHOP } })).toEqual(before);
  await page.getByLabel("Webhook-URL für Warnungen").fill(HOOK);
  await page.screenshot({ path: "test-results/admin-connectors-de.png", fullPage: true, animations: "disabled" });

  mockey.setFault("none");
  await coolDown();
  await check(page, "Dienst Mockey.ai", "Verbindung prüfen");
  await expect(mk.getByText(/^Verbunden: /)).toBeVisible();
  await expect(region(page, "Status von Mockey.ai").getByText("Funktioniert")).toBeVisible();

  await expectNoSecret(page, bodies);
});
