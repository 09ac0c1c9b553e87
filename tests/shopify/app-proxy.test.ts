/**
 * The app proxy route: Shopify-signed storefront requests (signature = hex HMAC-SHA256 of the sorted
 * query "key=value" pairs without separators) are answered with that shop's data only; anything
 * unsigned, forged or replayed late is refused.
 */
import { createHmac } from "node:crypto";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalDiskBlobStore } from "../../app/assets/store/local-disk";
import type { TestDb } from "../helpers/db";
import { installTestDb, TEST_API_SECRET } from "./env";
import { offlineSessionRow } from "./session-token";

const SHOP = "proxy-shop.myshopify.com";
const OTHER = "other-proxy-shop.myshopify.com";
let t: TestDb;
let loader: typeof import("../../app/routes/proxy.$").loader;

/** A request as Shopify forwards it from https://{shop}/apps/mockup/{sub}. */
function proxyRequest(sub: string, opts: { shop?: string; secret?: string; timestamp?: number; tamper?: (q: URLSearchParams) => void; unsigned?: boolean } = {}) {
  const q = new URLSearchParams({
    shop: opts.shop ?? SHOP,
    logged_in_customer_id: "",
    path_prefix: "/apps/mockup",
    timestamp: String(opts.timestamp ?? Math.floor(Date.now() / 1000)),
  });
  const message = [...q.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`)
    .join("");
  if (!opts.unsigned) q.set("signature", createHmac("sha256", opts.secret ?? TEST_API_SECRET).update(message).digest("hex"));
  opts.tamper?.(q);
  return new Request(`https://mockup.test/proxy/${sub}?${q}`);
}

async function call(req: Request, sub: string): Promise<Response> {
  try {
    return (await loader({ request: req, params: { "*": sub }, context: {} })) as Response;
  } catch (e) {
    if (e instanceof Response) return e;
    throw e;
  }
}

beforeAll(async () => {
  t = await installTestDb();
  globalThis.__mockupBlobs = new LocalDiskBlobStore(mkdtempSync(path.join(os.tmpdir(), "proxy-blobs-")));
  loader = (await import("../../app/routes/proxy.$")).loader;
  await t.db.session.create({ data: offlineSessionRow(SHOP) });
  await t.db.shop.create({ data: { domain: SHOP } });
  await t.db.job.create({ data: { shop: SHOP, type: "product", status: "queued" } });
  // another shop with more going on: none of it may show up
  await t.db.session.create({ data: offlineSessionRow(OTHER) });
  await t.db.shop.create({ data: { domain: OTHER } });
  for (let i = 0; i < 3; i++) await t.db.job.create({ data: { shop: OTHER, type: "product", status: i ? "queued" : "running" } });
});
afterAll(async () => t?.drop());

describe("app proxy /proxy/health", () => {
  it("a correctly signed request gets a small JSON about that shop only", async () => {
    const res = await call(proxyRequest("health"), "health");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/json");
    const text = await res.text();
    expect(text).not.toContain(OTHER);
    const body = JSON.parse(text);
    expect(Object.keys(body).sort()).toEqual(["installed", "jobs", "service", "shop"]);
    expect(body).toMatchObject({ shop: SHOP, installed: true, jobs: { queued: 1, running: 0 } });
    expect(["ok", "degraded", "down"]).toContain(body.service);
  });

  it("the other shop, signed for itself, sees its own counts", async () => {
    const body = await (await call(proxyRequest("health", { shop: OTHER }), "health")).json();
    expect(body).toMatchObject({ shop: OTHER, jobs: { queued: 2, running: 1 } });
  });

  it.each([
    ["signed with another secret", { secret: "not-the-app-secret" }],
    ["unsigned", { unsigned: true }],
    ["shop changed after signing", { tamper: (q: URLSearchParams) => q.set("shop", OTHER) }],
    ["signature replayed 10 minutes later", { timestamp: Math.floor(Date.now() / 1000) - 600 }],
  ])("%s: refused, no shop data", async (_name, opts) => {
    const res = await call(proxyRequest("health", opts), "health");
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).not.toContain(SHOP);
    expect(text).not.toContain(OTHER);
  });

  it("other paths are 404 (after the signature check)", async () => {
    expect((await call(proxyRequest("designs"), "designs")).status).toBe(404);
    expect((await call(proxyRequest("designs", { secret: "forged" }), "designs")).status).toBe(400);
  });
});
