/**
 * Products list, product page, designs and thumbnails as loaders/actions with a session token, against the Admin
 * API double: everything under the token's shop; another shop's product, setup, design or asset is 404.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalDiskBlobStore } from "../../app/assets/store/local-disk";
import { routeAdminApiTo, startAdminDouble, type AdminDouble } from "../doubles/shopify-admin";
import type { TestDb } from "../helpers/db";
import { callAction, installTestDb, TEST_API_KEY, TEST_API_SECRET } from "../shopify/env";
import { BROWSER_UA, offlineSessionRow, sessionToken } from "../shopify/session-token";

const SHOP = "products-shop.myshopify.com";
const OTHER = "products-other.myshopify.com";
let t: TestDb;
let d: AdminDouble;
let list: typeof import("../../app/routes/app.products._index");
let detail: typeof import("../../app/routes/app.products.$id");
let designs: typeof import("../../app/routes/app.designs");
let thumbs: typeof import("../../app/routes/thumbs.$shop.$key");
let links: typeof import("../../app/shopify/asset-links.server");
let tee: { id: string };
const legacy = (gid: string) => gid.split("/").pop()!;

function req(pathname: string, init: { method?: string; form?: Record<string, string> | FormData; json?: unknown; shop?: string } = {}) {
  const headers = new Headers({
    Authorization: `Bearer ${sessionToken({ shop: init.shop ?? SHOP, apiKey: TEST_API_KEY, secret: TEST_API_SECRET })}`,
    "User-Agent": BROWSER_UA,
  });
  let body: BodyInit | undefined;
  if (init.json !== undefined) {
    headers.set("Content-Type", "application/json");
    body = JSON.stringify(init.json);
  } else if (init.form instanceof FormData) body = init.form;
  else if (init.form) body = new URLSearchParams(init.form);
  return new Request(`https://mockup.test${pathname}`, { method: init.method ?? (body ? "POST" : "GET"), headers, ...(body ? { body } : {}) });
}
const call = (fn: (a: never) => Promise<unknown>, request: Request, params: Record<string, string> = {}) => callAction(fn as never, request, params);

beforeAll(async () => {
  t = await installTestDb();
  process.env.MOCKUP_DATA_DIR = mkdtempSync(path.join(os.tmpdir(), "products-data-"));
  globalThis.__mockupBlobs = new LocalDiskBlobStore(path.join(process.env.MOCKUP_DATA_DIR, "assets"));
  await t.db.session.create({ data: offlineSessionRow(SHOP) });
  await t.db.session.create({ data: offlineSessionRow(OTHER) });
  list = await import("../../app/routes/app.products._index");
  detail = await import("../../app/routes/app.products.$id");
  designs = await import("../../app/routes/app.designs");
  thumbs = await import("../../app/routes/thumbs.$shop.$key");
  links = await import("../../app/shopify/asset-links.server");
  d = await startAdminDouble();
  routeAdminApiTo(d);
  tee = d.store.addProduct({ title: "Merino Tee", productType: "T-Shirt", colors: ["Forest Green", "Beige", "Black"], sizes: ["S", "M"] });
  d.store.addProduct({ title: "Merino Hoodie", productType: "Hoodie", colors: ["Black"] });
  for (let i = 1; i <= 22; i++) d.store.addProduct({ title: `Wool Socks ${String(i).padStart(2, "0")}`, productType: "Socks" });
});
afterAll(async () => {
  await d?.close();
  await t?.drop();
});

async function uploadPng(shop = SHOP, name = "logo.png"): Promise<string> {
  const png = await sharp({ create: { width: 1200, height: 800, channels: 4, background: { r: 200, g: 30, b: 30, alpha: 1 } } }).png().toBuffer();
  const form = new FormData();
  form.set("intent", "upload");
  form.set("file", new File([png], name, { type: "image/png" }));
  const res = await call(designs.action, req("/app/designs", { form, shop }));
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

describe("products list", () => {
  it("lists the shop's products from the Admin API, 20 a page, with search", async () => {
    const res = await call(list.loader, req("/app/products"));
    const body = (await res.json()) as { products: { id: string; title: string; model: string | null }[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
    expect(body.products).toHaveLength(20);
    expect(body.pageInfo.hasNextPage).toBe(true);
    const next = (await (await call(list.loader, req(`/app/products?after=${body.pageInfo.endCursor}`))).json()) as { products: unknown[] };
    expect(next.products).toHaveLength(4);
    const found = (await (await call(list.loader, req("/app/products?q=merino"))).json()) as { products: { title: string }[] };
    expect(found.products.map((p) => p.title).sort()).toEqual(["Merino Hoodie", "Merino Tee"]);
  });

  it("bulk Generate: set-up or inferable products get a job, the rest are skipped; bad input is 400", async () => {
    const socks = (await (await call(list.loader, req("/app/products?q=Socks 01"))).json()) as { products: { id: string }[] };
    const res = await call(list.action, req("/app/products", { form: { intent: "generate", productIds: `${tee.id},${socks.products[0].id},gid://shopify/Product/999999` } }));
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ ok: true, started: 1, skipped: 2 });
    const setup = await t.db.productSetup.findFirstOrThrow({ where: { shop: SHOP, productId: tee.id } });
    expect(setup.modelName).toBe("tee");
    expect(JSON.parse(setup.colors)).toEqual([
      { name: "Forest Green", hex: "#2E8B57" },
      { name: "Beige", hex: "#F5DEB3" },
      { name: "Black", hex: "#000000" },
    ]);
    expect((await call(list.action, req("/app/products", { form: { intent: "generate", productIds: "../etc" } }))).status).toBe(400);
    const row = (await (await call(list.loader, req("/app/products?q=Merino Tee"))).json()) as { products: { model: string; lastJob: { status: string } }[] };
    expect(row.products[0]).toMatchObject({ model: "tee", lastJob: { status: "queued" } });
  });
});

describe("product page", () => {
  it("shows the product, its setup and the models; an unknown or malformed id is 404", async () => {
    const res = await call(detail.loader, req(`/app/products/${legacy(tee.id)}`), { id: legacy(tee.id) });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { product: { title: string }; setup: { modelName: string }; models: { name: string }[]; hasColorOption: boolean };
    expect(body.product.title).toBe("Merino Tee");
    expect(body.hasColorOption).toBe(true);
    expect(body.models.map((m) => m.name)).toContain("hoodie");
    expect((await call(detail.loader, req("/app/products/424242"), { id: "424242" })).status).toBe(404);
    expect((await call(detail.loader, req("/app/products/x"), { id: "../../x" })).status).toBe(404);
  });

  it("saves placements per view and generates; bad input is 400 and changes nothing; another shop's design is refused", async () => {
    const designId = await uploadPng();
    const setup = {
      modelName: "tee",
      colors: [{ name: "Forest Green", hex: "#2E8B57" }, { name: "Black", hex: "#000000" }],
      views: ["front", "back"],
      placements: [{ view: "front", designId, placement: { area: "front", scale: 0.5, offsetX: 0, offsetY: -0.1, rotationDeg: 0 } }],
      enabled: true,
    };
    const id = legacy(tee.id);
    const saved = await call(detail.action, req(`/app/products/${id}`, { json: { intent: "save", setup } }), { id });
    expect(saved.status).toBe(200);
    const before = await t.db.productSetup.findFirstOrThrow({ where: { shop: SHOP, productId: tee.id } });
    expect(JSON.parse(before.placements)).toHaveLength(1);

    const bad = await call(detail.action, req(`/app/products/${id}`, { json: { intent: "save", setup: { ...setup, colors: [{ name: "Black", hex: "black" }] } } }), { id });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain("colour must be #RRGGBB");
    const theirDesign = await uploadPng(OTHER, "theirs.png");
    const foreign = await call(detail.action, req(`/app/products/${id}`, { json: { intent: "save", setup: { ...setup, placements: [{ ...setup.placements[0], designId: theirDesign }] } } }), { id });
    expect(foreign.status).toBe(400);
    expect(JSON.stringify(await foreign.json())).toContain("design not found");
    expect((await t.db.productSetup.findFirstOrThrow({ where: { shop: SHOP, productId: tee.id } })).updatedAt).toEqual(before.updatedAt);

    const gen = await call(detail.action, req(`/app/products/${id}`, { json: { intent: "generate", setup } }), { id });
    expect(gen.status).toBe(202);
    const { jobId } = (await gen.json()) as { jobId: string };
    const steps = await t.db.jobStep.findMany({ where: { jobId } });
    expect(steps.map((s) => s.name)).toEqual(expect.arrayContaining(["decal", "mockup:front:0:Forest Green", "mockup:front:0:Black"]));
    expect(steps.some((s) => s.name.startsWith("mockup:back"))).toBe(false);
    // a product this shop's Admin API does not return: 404, nothing written
    expect((await call(detail.action, req("/app/products/424242", { json: { intent: "save", setup } }), { id: "424242" })).status).toBe(404);
    expect(await t.db.productSetup.count({ where: { productId: "gid://shopify/Product/424242" } })).toBe(0);
  });
});

describe("designs", () => {
  it("upload refuses a non-image in words and stores nothing; delete is refused while used, 404 for another shop's", async () => {
    const form = new FormData();
    form.set("intent", "upload");
    form.set("file", new File([Buffer.from("%PDF-1.4 not an image")], "brief.pdf", { type: "application/pdf" }));
    const before = await t.db.design.count();
    const res = await call(designs.action, req("/app/designs", { form }));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { code: string }).code).toBe("unknown_type");
    expect(await t.db.design.count()).toBe(before);

    const used = await t.db.design.findFirstOrThrow({ where: { shop: SHOP, name: "logo" } });
    const refused = await call(designs.action, req("/app/designs", { form: { intent: "delete", id: used.id } }));
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ code: "in_use", usedBy: ["Merino Tee"] });
    const theirs = await t.db.design.findFirstOrThrow({ where: { shop: OTHER } });
    expect((await call(designs.action, req("/app/designs", { form: { intent: "delete", id: theirs.id } }))).status).toBe(404);
    expect(await t.db.design.count({ where: { id: theirs.id } })).toBe(1);
    const spare = await uploadPng(SHOP, "spare.png");
    expect((await call(designs.action, req("/app/designs", { form: { intent: "delete", id: spare } }))).status).toBe(200);
    expect(await t.db.design.count({ where: { id: spare } })).toBe(0);
  });

  it("lists the shop's designs with a signed thumbnail: small WebP, cached; another shop's key or a forged signature is 404", async () => {
    const res = await call(designs.loader, req("/app/designs"));
    const body = (await res.json()) as { designs: { name: string; assetKey: string; thumbUrl: string }[] };
    expect(body.designs.map((x) => x.name)).toEqual(["logo"]);
    const url = new URL(body.designs[0].thumbUrl);
    const [, , shop, key] = url.pathname.split("/");
    const get = (s: string, k: string, sig: string | null) => call(thumbs.loader, new Request(`https://mockup.test/thumbs/${s}/${k}?sig=${sig}`), { shop: s, key: k });
    const thumb = await get(decodeURIComponent(shop), key, url.searchParams.get("sig"));
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get("content-type")).toBe("image/webp");
    const meta = await sharp(Buffer.from(await thumb.arrayBuffer())).metadata();
    expect(Math.max(meta.width!, meta.height!)).toBe(240);
    const cached = path.join(process.env.MOCKUP_DATA_DIR!, "thumbs", key.slice(0, 2), `${key}-image.webp`);
    expect(readFileSync(cached).length).toBeGreaterThan(100);
    // the product page's gallery size: 480 px, its own cache file; an unknown size is the list size
    const sized = (size: string) => call(thumbs.loader, new Request(`https://mockup.test/thumbs/${shop}/${key}?sig=${url.searchParams.get("sig")}&size=${size}`), { shop: decodeURIComponent(shop), key });
    const gallery = await sharp(Buffer.from(await (await sized("gallery")).arrayBuffer())).metadata();
    expect([gallery.width, gallery.height]).toEqual([480, 320]);
    expect(readFileSync(path.join(process.env.MOCKUP_DATA_DIR!, "thumbs", key.slice(0, 2), `${key}-image-gallery.webp`)).length).toBeGreaterThan(100);
    expect((await sharp(Buffer.from(await (await sized("4000")).arrayBuffer())).metadata()).width).toBe(240);
    expect(links.thumbLink(SHOP, key, "gallery")).toMatch(/&size=gallery$/);
    // the same key under another shop (it has the same bytes too) with this shop's signature: 404
    const theirs = await t.db.design.findFirstOrThrow({ where: { shop: OTHER } });
    expect((await get(OTHER, theirs.assetKey, url.searchParams.get("sig"))).status).toBe(404);
    expect((await get(SHOP, key, "forged")).status).toBe(404);
    expect(links.thumbLink(OTHER, theirs.assetKey)).not.toBe(body.designs[0].thumbUrl);
  });
});

describe("versions", () => {
  it("roll back with another shop's version id of the same product is 404 and starts nothing; the shop's own version is accepted", async () => {
    const publish = await import("../../app/routes/app.publish");
    const version = (shop: string, number: number) =>
      t.db.publishVersion.create({ data: { shop, productId: tee.id, number, source: "job", status: "published", plan: "{}" } });
    const theirs = await version(OTHER, 1);
    const ours = await version(SHOP, 1);
    const publishJobs = () => t.db.job.count({ where: { type: "publish" } });
    const before = await publishJobs();
    const foreign = await call(publish.action, req("/app/publish", { form: { intent: "rollback", productId: tee.id, versionId: theirs.id } }));
    expect(foreign.status).toBe(404);
    expect(await publishJobs()).toBe(before);
    // the same version id asked for by its own shop, but for another product of the asking shop: 404 too
    const mismatched = await call(publish.action, req("/app/publish", { form: { intent: "rollback", productId: "gid://shopify/Product/424242", versionId: ours.id } }));
    expect(mismatched.status).toBe(404);
    const own = await call(publish.action, req("/app/publish", { form: { intent: "rollback", productId: tee.id, versionId: ours.id } }));
    expect(own.status).toBe(202);
    expect(await publishJobs()).toBe(before + 1);
    // and the product page lists only the asking shop's versions
    const page = (await (await call(detail.loader, req(`/app/products/${legacy(tee.id)}`), { id: legacy(tee.id) })).json()) as { publish: { versions: { id: string }[] } | null };
    expect(page.publish?.versions.map((v) => v.id) ?? []).not.toContain(theirs.id);
  });
});
