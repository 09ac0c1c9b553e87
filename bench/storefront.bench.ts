/**
 * `npm run bench:storefront`: the shopper's product page and the design upload path, on the harness store
 * (tests/storefront/harness: the real block rendered with liquidjs, a Dawn-like page, Shopify's proxy signing) with
 * the app's proxy route in this process. Last line: one JSON object.
 *   js_before_interaction_gz  compressed script bytes the page fetched before any interaction (Chromium)
 *   lighthouse_drop           Lighthouse performance score (0–100, mobile defaults, Debian's Chromium) of the page
 *                             without the block minus with it; median of 3 runs each, alternating
 *   upload_mockup_ms_p50/p95  200 uploads of a ~1 MB PNG through the store's proxy (HTTP → signature → route), 4 in
 *                             flight, each answered with its 1024² mockup and design GLB (stored)
 *   direct_ms_p95             the same 200 files through design intake + compose called directly, 4 in flight
 *   path_ratio                upload p95 / direct p95
 * Targets: ≤ 10,000 B; drop ≤ 3; path_ratio ≤ 1.3; upload p95 ≤ 300 ms (secondary). The machine is shared: the
 * numbers move with load, the comparison in the same run is what counts.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "@playwright/test";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import sharp from "sharp";
import { LocalDiskBlobStore } from "../app/assets/store/local-disk";
import { intakeDesign } from "../app/designs/intake";
import { findArea } from "../app/contracts/print-area";
import { composeMockup } from "../app/mockups/compose/mockup";
import { decodePasses } from "../app/mockups/passes/format";
import { rasteriseGlb } from "../app/mockups/passes/rasterise";
import { loadModel } from "../app/library/index";
import { RateLimiter } from "../app/storefront/rate-limit";
import { createTestDb } from "../tests/helpers/db";
import { buildCatalog, COLORS, PRODUCT_ID } from "../tests/storefront/harness/catalog";
import { inProcessProxy } from "../tests/storefront/harness/in-process";
import { startStore } from "../tests/storefront/harness/store-server";

const SHOP = "bench-merino.myshopify.com";
const SECRET = "bench-secret-0123456789";
const UPLOADS = Number(process.env.BENCH_UPLOADS ?? 200);
const IN_FLIGHT = 4;
const log = (s: string) => process.stderr.write(`${s}\n`);
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];
const median = (xs: number[]) => pct(xs, 50);
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

/** ~1 MB PNG: 580² RGB random noise (it does not compress); each file is different, so no cache answers it. */
async function designPng(): Promise<Buffer> {
  return sharp(randomBytes(580 * 580 * 3), { raw: { width: 580, height: 580, channels: 3 } }).png({ compressionLevel: 6 }).toBuffer();
}

async function pool<T>(n: number, limit: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(n);
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < n) {
      const i = next++;
      out[i] = await fn(i);
    }
  }));
  return out;
}

async function main() {
  process.env.SHOPIFY_API_KEY = "bench-api-key";
  process.env.SHOPIFY_API_SECRET = SECRET;
  process.env.SHOPIFY_APP_URL = "https://mockup.bench";
  process.env.SCOPES = "write_products,write_files,write_app_proxy";
  process.env.LOG_LEVEL ??= "silent";
  const t = await createTestDb();
  globalThis.__mockupDb = t.db;
  globalThis.__mockupBlobs = new LocalDiskBlobStore(mkdtempSync(path.join(os.tmpdir(), "bench-storefront-")));
  // the benchmark's allowance: the rate limit is per shop and client, and this is one client
  globalThis.__mockupLiveRate = { limiter: new RateLimiter({ burst: 10 * UPLOADS, perMinute: 10 * UPLOADS }), trustedHops: 0 };
  await t.db.session.create({ data: { id: `offline_${SHOP}`, shop: SHOP, state: "", isOnline: false, accessToken: "shpat_bench", scope: process.env.SCOPES } });
  await t.db.shop.create({ data: { domain: SHOP } });
  await t.db.productSetup.create({
    data: { shop: SHOP, productId: `gid://shopify/Product/${PRODUCT_ID}`, modelName: "tee", colors: JSON.stringify(COLORS.map(({ name, hex }) => ({ name, hex }))), views: JSON.stringify(["front", "back"]) },
  });
  log("building the harness catalog (GLB, posters)…");
  const catalog = await buildCatalog();
  const route = await import("../app/routes/proxy.$");
  const store = await startStore({ catalog, shop: SHOP, secret: SECRET, proxy: inProcessProxy(route) });
  const pageUrl = `${store.url}/products/merino-tee`;

  // 1. script bytes before interaction
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu"] });
  const page = await browser.newPage();
  const scripts: Promise<number>[] = [];
  page.on("response", (r) => {
    if (r.request().resourceType() === "script") scripts.push(r.request().sizes().then((s) => s.responseBodySize));
  });
  await page.goto(pageUrl, { waitUntil: "networkidle" });
  const jsBytes = (await Promise.all(scripts)).reduce((a, b) => a + b, 0);
  await browser.close();
  log(`scripts before interaction: ${scripts.length} file(s), ${jsBytes} B compressed`);

  // 2. Lighthouse with and without the block, alternating, median of 3
  const chrome = await chromeLauncher.launch({ chromePath: "/usr/bin/chromium", chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu"] });
  const scores: Record<"with" | "without", number[]> = { with: [], without: [] };
  for (let i = 0; i < 3; i++) {
    for (const [k, url] of [["without", `${pageUrl}?block=0`], ["with", pageUrl]] as const) {
      const r = await lighthouse(url, { port: chrome.port, onlyCategories: ["performance"], output: "json", logLevel: "error" });
      const score = Math.round((r?.lhr.categories.performance.score ?? 0) * 100);
      scores[k].push(score);
      log(`lighthouse ${k} block #${i + 1}: ${score} (LCP ${round((r?.lhr.audits["largest-contentful-paint"].numericValue ?? 0) / 1000, 2)} s, TBT ${round(r?.lhr.audits["total-blocking-time"].numericValue ?? 0, 0)} ms)`);
    }
  }
  chrome.kill();
  const lighthouseDrop = median(scores.without) - median(scores.with);

  // 3. uploads through the proxy path
  const files = await Promise.all(Array.from({ length: UPLOADS }, () => designPng()));
  log(`upload file: ${files[0].length} B PNG`);
  const upload = async (i: number) => {
    const t0 = performance.now();
    const res = await fetch(`${store.url}/apps/mockup/designs?product=${PRODUCT_ID}&variant=${COLORS[1].variant}&color=Beige&views=front&locale=en`, {
      method: "POST",
      body: new Uint8Array(files[i]),
      headers: { "Content-Type": "image/png" },
    });
    const body = (await res.json()) as { mockups?: { width: number }[] };
    if (res.status !== 200 || body.mockups?.[0]?.width !== 1024) throw new Error(`upload ${i}: ${res.status} ${JSON.stringify(body)}`);
    return performance.now() - t0;
  };
  await upload(0); // warm-up: passes, decal template, pass cache (not counted)
  const uploadMs = await pool(UPLOADS, IN_FLIGHT, upload);
  await store.close();

  // 4. the same files through intake + compose directly (same passes, same size, same concurrency)
  const { glb, info } = await loadModel("tee");
  const passes = await decodePasses((await rasteriseGlb(glb, { view: "front", size: 1024, tintMaterials: info.tintMaterials })).encoded, 1024);
  const area = findArea(info.printAreas, "front");
  const direct = async (i: number) => {
    const t0 = performance.now();
    const r = await intakeDesign(files[i], { printArea: area });
    await composeMockup({ passes, printAreas: info.printAreas, color: "#F5DEB3", design: { bytes: r.png, key: `direct-${i}` }, format: "jpeg", size: 1024 });
    return performance.now() - t0;
  };
  await direct(0);
  const directMs = await pool(UPLOADS, IN_FLIGHT, direct);
  await t.drop();

  const result = {
    js_before_interaction_gz: jsBytes,
    lighthouse_drop: lighthouseDrop,
    lighthouse_with: median(scores.with),
    lighthouse_without: median(scores.without),
    upload_mockup_ms_p50: round(pct(uploadMs, 50)),
    upload_mockup_ms_p95: round(pct(uploadMs, 95)),
    uploads: UPLOADS,
    in_flight: IN_FLIGHT,
    direct_ms_p50: round(pct(directMs, 50)),
    direct_ms_p95: round(pct(directMs, 95)),
    path_ratio: round(pct(uploadMs, 95) / pct(directMs, 95), 2),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
