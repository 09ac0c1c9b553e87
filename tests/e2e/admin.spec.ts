/**
 * The embedded admin in Chromium against the production build: a stored offline session, a session
 * token as App Bridge would issue it, App Bridge's CDN script replaced by a small stub.
 */
import { expect, test } from "@playwright/test";
import type { Db } from "../../app/db/client.server";
import { e2eEnv } from "../../playwright.config";
import { offlineSessionRow, sessionToken } from "../shopify/session-token";
import { adminUrl, E2E_HOST as HOST, E2E_SHOP, e2eDb, routeCdn, token } from "./admin-helpers";

const SHOP = E2E_SHOP;
const OTHER = "other-shop.myshopify.com";
let db: Db;

test.beforeAll(async () => {
  db = e2eDb();
  await db.session.deleteMany();
  await db.job.deleteMany();
  await db.notification.deleteMany();
  await db.session.create({ data: offlineSessionRow(SHOP) });
  await db.job.create({ data: { shop: SHOP, type: "product", status: "running", progress: 40, input: JSON.stringify({ productId: "gid://shopify/Product/101" }) } });
  await db.job.create({ data: { shop: SHOP, type: "product", status: "failed", progress: 75, error: "Blender timed out after 120 s", degraded: true } });
  await db.job.create({ data: { shop: OTHER, type: "secret-other-shop-job", status: "queued" } });
  await db.notification.create({ data: { shop: SHOP, level: "warning", message: 'Product "Tee": colour "Galaxy" not recognised and skipped.' } });
  await db.notification.create({ data: { shop: OTHER, level: "warning", message: "OTHER SHOP NOTE" } });
});
test.afterAll(async () => db?.$disconnect());

test("admin home renders Polaris content for the shop (and only its data)", async ({ page }) => {
  const idToken = token();
  await routeCdn(page, idToken);
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));

  const res = await page.goto(adminUrl("/app", idToken));
  expect(res?.status()).toBe(200);
  await expect(page.getByRole("heading", { name: "Recent jobs" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Service health" })).toBeVisible();
  await expect(page.getByText("Blender timed out after 120 s")).toBeVisible();
  await expect(page.getByText('colour "Galaxy" not recognised')).toBeVisible();
  await expect(page.getByText("Some results are degraded")).toBeVisible();
  // Polaris rendered its components (progress bars for the two jobs) and its stylesheet applied
  const jobsCard = page.getByRole("region", { name: "Recent jobs" });
  await expect(jobsCard.locator("progress")).toHaveCount(2);
  expect(await jobsCard.locator("progress").evaluateAll((els) => els.map((e) => (e as HTMLProgressElement).value).sort())).toEqual([40, 75]);
  await expect(page.locator(".Polaris-Page")).toBeVisible();
  const cardBg = await page.locator(".Polaris-ShadowBevel").first().evaluate((el) => getComputedStyle(el).position);
  expect(cardBg).toBe("relative");
  // the stub was loaded in place of the CDN script, and the page hydrated without errors
  expect(await page.evaluate(() => (window as unknown as { __appBridgeStub?: boolean }).__appBridgeStub)).toBe(true);
  await expect(page.getByText("secret-other-shop-job")).toHaveCount(0);
  await expect(page.getByText("OTHER SHOP NOTE")).toHaveCount(0);
  expect(errors).toEqual([]);
  await expect(page.getByRole("link", { name: "Settings" })).toBeHidden(); // nav lives in the admin, not the page
  await page.screenshot({ path: "test-results/admin-home.png", fullPage: true, animations: "disabled" });
});

test("a loader admits a valid session token and refuses a forged one", async ({ request }) => {
  const url = "/app?_data=routes%2Fapp._index";
  const ok = await request.get(url, { headers: { Authorization: `Bearer ${token()}` } });
  expect(ok.status()).toBe(200);
  const data = await ok.json();
  expect(data.jobs).toHaveLength(2);
  expect(JSON.stringify(data)).not.toContain("secret-other-shop-job");

  const forged = await request.get(url, { headers: { Authorization: `Bearer ${token("not-the-app-secret")}` }, maxRedirects: 0 });
  expect(forged.status()).toBe(401);
  expect(forged.headers()["x-shopify-retry-invalid-session-request"]).toBe("1");
  const body = await forged.text();
  expect(body).not.toContain("Blender timed out");

  // a document request with a forged id_token goes to the bounce page, not to the data
  const doc = await request.get(`/app?embedded=1&shop=${SHOP}&host=${HOST}&id_token=${token("forged")}`, { maxRedirects: 0 });
  expect([302, 401]).toContain(doc.status());
  if (doc.status() === 302) expect(doc.headers()["location"]).toContain("/auth/session-token");
  expect(await doc.text()).not.toContain("Blender timed out");

  // an expired token is refused too
  const expired = sessionToken({ shop: SHOP, apiKey: e2eEnv.SHOPIFY_API_KEY, secret: e2eEnv.SHOPIFY_API_SECRET, ttl: -120 });
  expect((await request.get(url, { headers: { Authorization: `Bearer ${expired}` }, maxRedirects: 0 })).status()).toBe(401);
});

test("/healthz and /metrics answer without authentication and without shop data", async ({ request }) => {
  const h = await request.get("/healthz");
  expect(h.status()).toBe(200);
  const report = await h.json();
  expect(report.checks.database.status).toBe("ok");
  const m = await request.get("/metrics");
  const text = await m.text();
  expect(text).toContain("# TYPE mockup_jobs gauge");
  expect(text).not.toContain("myshopify");
});
