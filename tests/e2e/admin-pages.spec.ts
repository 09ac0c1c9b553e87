/**
 * Every admin page in English and German, at desktop width and at a phone's width: the page's heading in the
 * merchant's language, no English sentence of our catalogue or Polaris' on a German page, no message key shown
 * instead of its text, nothing wider than the screen. A screenshot of each (test-results/pages/) is what a
 * reviewer opens; the assertions are what the screenshots showed when they were looked at.
 */
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import polarisDe from "@shopify/polaris/locales/de.json" with { type: "json" };
import polarisEn from "@shopify/polaris/locales/en.json" with { type: "json" };
import sharp from "sharp";
import { ShopAssetStore } from "../../app/assets/store/asset-store.server";
import { LocalDiskBlobStore } from "../../app/assets/store/local-disk";
import type { Db } from "../../app/db/client.server";
import de from "../../app/i18n/de.json" with { type: "json" };
import en from "../../app/i18n/en.json" with { type: "json" };
import { msg } from "../../app/i18n/message";
import { storedText } from "../../app/i18n/stored.server";
import { createJob } from "../../app/pipeline/jobs";
import { productJobSpec } from "../../app/pipeline/pipelines/product";
import { e2eEnv } from "../../playwright.config";
import { offlineSessionRow, sessionToken } from "../shopify/session-token";
import { adminUrl, E2E_SHOP, e2eDb, routeCdn } from "./admin-helpers";
import { productGid } from "./admin-helpers-double";

type Tree = { [k: string]: string | Tree };
const leaves = (m: Tree, prefix = ""): [string, string][] =>
  Object.entries(m).flatMap(([k, v]) => (typeof v === "string" ? [[`${prefix}${k}`, v] as [string, string]] : leaves(v, `${prefix}${k}.`)));

/**
 * English sentences a German page must not show: each English message that German words differently, cut at its
 * placeholders; pieces of at least 12 characters with a space (names, codes and units are the same in both).
 */
function englishOnly(enTree: Tree, deTree: Tree): string[] {
  const deText = new Map(leaves(deTree));
  const out = new Set<string>();
  for (const [key, text] of leaves(enTree)) {
    if (deText.get(key) === text) continue;
    for (const piece of text.split(/\{\w+\}/)) {
      const p = piece.trim();
      if (p.length >= 12 && p.includes(" ")) out.add(p);
    }
  }
  return [...out];
}
const ENGLISH = [...englishOnly(en as Tree, de as Tree), ...englishOnly(polarisEn as unknown as Tree, polarisDe as unknown as Tree)];
/** a message key on the page instead of its text ("product.noJobs") */
const RAW_KEY = new RegExp(`\\b(${Object.keys(en).join("|")})\\.[a-z][A-Za-z_]+(\\.[A-Za-z_]+)*\\b`);

let db: Db;
let jobId = "";
let teeId = "";

test.beforeAll(async () => {
  db = e2eDb();
  await db.session.deleteMany({ where: { shop: E2E_SHOP } });
  await db.session.create({ data: offlineSessionRow(E2E_SHOP) });
  await db.workerHeartbeat.deleteMany();
  const tee = await productGid("Merino Tee");
  const hoodie = await productGid("Merino Hoodie");
  teeId = tee.split("/").pop()!;
  // a design placed on the hoodie (Designs lists it as in use; the hoodie's page shows it on the front)
  await db.design.deleteMany({ where: { shop: E2E_SHOP, name: "pages-logo" } });
  const store = new ShopAssetStore(E2E_SHOP, db, new LocalDiskBlobStore(path.join(e2eEnv.MOCKUP_DATA_DIR!, "assets")));
  const logo = await sharp(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="1200"><circle cx="600" cy="600" r="420" fill="#F5DEB3" stroke="#2E8B57" stroke-width="120"/></svg>')).png().toBuffer();
  const key = await store.put(logo, { kind: "design", mediaType: "image/png", width: 1200, height: 1200 });
  const design = await db.design.create({ data: { shop: E2E_SHOP, assetKey: key, name: "pages-logo", source: "merchant", width: 1200, height: 1200, mediaType: "image/png" } });
  await db.productSetup.deleteMany({ where: { shop: E2E_SHOP, productId: hoodie } });
  await db.productSetup.create({
    data: {
      shop: E2E_SHOP,
      productId: hoodie,
      title: "Merino Hoodie",
      modelName: "hoodie",
      colors: JSON.stringify([{ name: "Forest Green", hex: "#2E8B57" }, { name: "Beige", hex: "#F5DEB3" }, { name: "Black", hex: "#000000" }]),
      views: JSON.stringify(["front", "back"]),
      placements: JSON.stringify([{ view: "front", designId: design.id, placement: { area: "front", scale: 0.6, offsetX: 0, offsetY: -0.1, rotationDeg: 0 } }]),
    },
  });
  // jobs: one running for the tee, one failed with a stored message, one queued with its steps (the job page)
  await db.job.deleteMany({ where: { shop: E2E_SHOP } });
  await db.job.create({ data: { shop: E2E_SHOP, type: "product", status: "running", progress: 45, input: JSON.stringify({ productId: tee }) } });
  const failed = storedText(msg("msg.job.stepFailed", { step: "hero", detail: msg("msg.health.timeout", { ms: 120000 }) }));
  await db.job.create({
    data: { shop: E2E_SHOP, type: "product", status: "failed", progress: 70, degraded: true, input: JSON.stringify({ productId: hoodie }), error: failed.message, errorI18n: failed.messageI18n, finishedAt: new Date() },
  });
  // another shop's job: never on this shop's Jobs page
  await db.job.deleteMany({ where: { shop: "pages-other.myshopify.com" } });
  await db.job.create({ data: { shop: "pages-other.myshopify.com", type: "product", status: "failed", input: JSON.stringify({ productId: "gid://shopify/Product/999777" }) } });
  jobId = (await createJob(db, productJobSpec({ shop: E2E_SHOP, productId: hoodie, model: "hoodie", colors: [{ name: "Black", hex: "#000000" }] }))).id;
});
test.afterAll(async () => db?.$disconnect());

type Lang = "en" | "de";
/** each page: where it is, the heading it shows and what the screenshots were looked at for, per language */
const PAGES: {
  name: string;
  path: () => string;
  heading: Record<Lang, string>;
  status?: number;
  /** Polaris' EmptyState writes its heading as a paragraph */
  plain?: boolean;
  /** texts the page must show (beyond the heading) */
  shows?: Record<Lang, string[]>;
  check?: (page: Page, locale: Lang) => Promise<void>;
}[] = [
  {
    name: "home",
    path: () => "/app",
    heading: { en: "Recent jobs", de: "Letzte Aufträge" },
    // a stored job error in the reader's language; the degraded count in a proper plural
    shows: { en: ['step "hero" failed: timed out after 120000 ms', "1 recent job used an earlier result"], de: ["Schritt „hero“ fehlgeschlagen", "1 letzter Auftrag nutzte ein früheres Ergebnis"] },
  },
  {
    name: "products",
    path: () => "/app/products",
    heading: { en: "Products", de: "Produkte" },
    shows: { en: ["Pullover hoodie"], de: ["Kapuzenpullover"] },
    // a phone gets one line per product, not five columns scrolled sideways
    check: async (page) => {
      const phone = page.viewportSize()!.width < 490;
      await expect(page.locator(".Polaris-IndexTable__CondensedList")).toHaveCount(phone ? 1 : 0);
    },
  },
  {
    name: "product",
    path: () => `/app/products/${teeId}`,
    heading: { en: "Merino Tee", de: "Merino Tee" },
    // the base model by its title in the merchant's language
    check: async (page, locale) => {
      const select = page.getByLabel(locale === "en" ? "Base model" : "Grundmodell", { exact: true });
      await expect(select.locator("option:checked")).toHaveText(locale === "en" ? "Classic T-shirt" : "Klassisches T-Shirt");
    },
  },
  { name: "designs", path: () => "/app/designs", heading: { en: "Designs", de: "Designs" }, shows: { en: ["Used on"], de: ["Verwendet bei"] } },
  {
    name: "jobs",
    path: () => "/app/jobs",
    heading: { en: "Jobs", de: "Aufträge" },
    shows: { en: ["Merino Tee", 'step "hero" failed'], de: ["Merino Tee", "Schritt „hero“ fehlgeschlagen"] },
    check: async (page, locale) => {
      for (const tab of locale === "en" ? ["All", "Running", "Failed", "Done"] : ["Alle", "Laufend", "Fehlgeschlagen", "Fertig"]) await expect(page.getByRole("tab", { name: tab })).toBeVisible();
      await expect(page.getByRole("list", { name: /^(Jobs|Aufträge)$/ }).getByRole("listitem")).toHaveCount(3);
      await expect(page.getByText(/999777/)).toHaveCount(0);
    },
  },
  {
    name: "job",
    path: () => `/app/jobs/${jobId}`,
    heading: { en: "Job for Merino Hoodie", de: "Auftrag für Merino Hoodie" },
    shows: { en: ["3D model", "Colour variants", "Publish to Shopify"], de: ["3D-Modell", "Farbvarianten", "In Shopify veröffentlichen"] },
  },
  { name: "library", path: () => "/app/library", heading: { en: "Library", de: "Bibliothek" }, shows: { en: ["Pullover hoodie", "Licence: built-in"], de: ["Kapuzenpullover", "Lizenz: eingebaut"] } },
  { name: "orders", path: () => "/app/orders", heading: { en: "Orders", de: "Bestellungen" } },
  {
    name: "settings",
    path: () => "/app/settings",
    heading: { en: "Settings", de: "Einstellungen" },
    // each capability by its name, each provider in the merchant's language (the connector cards below them)
    shows: { en: ["Background removal", "1. Built-in model library", "Connector status"], de: ["Hintergrund entfernen", "1. Eingebaute Modellbibliothek", "Verbindungsstatus"] },
    // a provider's order buttons sit beside its name, also on a phone (they wrapped under long German names)
    check: async (page) => {
      const rows = page.locator("[data-provider-row]");
      expect(await rows.count()).toBeGreaterThan(5);
      for (const row of await rows.all()) {
        const [box, checkbox, button] = await Promise.all([row.boundingBox(), row.locator("label").first().boundingBox(), row.getByRole("button").last().boundingBox()]);
        expect(button!.y, await row.getAttribute("data-provider-row") ?? "").toBeLessThan(checkbox!.y + checkbox!.height);
        expect(box!.height).toBeLessThan(80);
      }
    },
  },
  { name: "not-found", path: () => "/app/no-such-page", heading: { en: "Page not found", de: "Seite nicht gefunden" }, status: 404, plain: true },
];

async function open(page: Page, pathname: string, locale: string) {
  const idToken = sessionToken({ shop: E2E_SHOP, apiKey: e2eEnv.SHOPIFY_API_KEY, secret: e2eEnv.SHOPIFY_API_SECRET, ttl: 600 });
  await routeCdn(page, idToken);
  return page.goto(adminUrl(pathname, idToken) + `&locale=${locale}`);
}

/** what is wrong with the page as a merchant sees it (empty when nothing is) */
async function problems(page: Page, locale: "en" | "de"): Promise<string[]> {
  const text = await page.locator("body").innerText();
  const out: string[] = [];
  const raw = text.match(RAW_KEY);
  if (raw) out.push(`message key shown: ${raw[0]}`);
  if (locale === "de") for (const s of ENGLISH) if (text.includes(s)) out.push(`English on a German page: "${s}"`);
  // wider than the screen: the page scrolls sideways, or an element sticks out of it
  const wide = await page.evaluate(() => {
    const w = document.documentElement.clientWidth;
    const over = [...document.querySelectorAll("body *")].filter((el) => {
      const r = el.getBoundingClientRect();
      // not: a file input Polaris hides, or what sits in a container meant to scroll sideways
      return (
        r.width > 0 &&
        r.right > w + 1 &&
        getComputedStyle(el).position !== "fixed" &&
        !el.matches('input[type="file"]') &&
        // Polaris Tabs measure their overflow with an off-screen copy and fold extra tabs into a disclosure
        !el.closest(".Polaris-IndexTable__ScrollContainer, .Polaris-IndexTable__StickyTable, .Polaris-IndexTable__Table--sticky, .Polaris-DataTable__ScrollContainer, .Polaris-Tabs__Outer")
      );
    });
    return { scroll: document.documentElement.scrollWidth - w, over: over.slice(0, 3).map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join(".")}`) };
  });
  if (wide.scroll > 1 || wide.over.length) out.push(`wider than the screen by ${wide.scroll}px: ${wide.over.join(", ")}`);
  return out;
}

for (const locale of ["en", "de"] as const) {
  test(`every admin page in ${locale === "en" ? "English" : "German"}, desktop and phone width`, async ({ page }) => {
    test.setTimeout(240_000);
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    const found: string[] = [];
    for (const p of PAGES) {
      // one load per page: desktop first, then the same document at a phone's width (Polaris' breakpoints follow the
      // viewport), which keeps the spec short in CI
      await page.setViewportSize({ width: 1280, height: 900 });
      const res = await open(page, p.path(), locale);
      expect(res?.status(), p.name).toBe(p.status ?? 200);
      for (const [width, height] of [[1280, 900], [390, 844]]) {
        await page.setViewportSize({ width, height });
        // React follows the breakpoint on the next frames
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
        const heading = p.plain ? page.getByText(p.heading[locale], { exact: true }) : page.getByRole("heading", { name: p.heading[locale], exact: true });
        await expect(heading.first(), `${p.name} ${width}`).toBeVisible();
        for (const text of p.shows?.[locale] ?? []) await expect(page.getByText(text).first(), `${p.name} ${width}: ${text}`).toBeVisible();
        await p.check?.(page, locale);
        await page.evaluate(() => document.fonts.ready);
        for (const f of await problems(page, locale)) found.push(`${p.name} @${width}: ${f}`);
        await page.screenshot({ path: `test-results/pages/${p.name}-${locale}-${width}.png`, fullPage: true, animations: "disabled" });
      }
    }
    expect(found).toEqual([]);
    expect(errors).toEqual([]);
  });
}
