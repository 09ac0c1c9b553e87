/**
 * The editor's write routes through the app proxy — POST /proxy/design-images and POST /proxy/design-documents —
 * called as Shopify forwards them (signed query, untrusted body): tenancy, forged signatures, size limits before
 * reading, hostile files and documents, the rate limit, and every refusal in the shopper's language with nothing
 * stored. (The whole editor → cart → order path is tests/orders/editor-order.test.ts.)
 */
import { createHmac } from "node:crypto";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { LocalDiskBlobStore } from "../../app/assets/store/local-disk";
import { validateGlb } from "../../app/gltf/validate";
import { importModel } from "../../app/gltf/import";
import type { Transform } from "@gltf-transform/extensions";
import { memoryRateLimits } from "../../app/storefront/rate-limit";
import { clearLiveCaches } from "../../app/storefront/live-product.server";
import * as hostile from "../fixtures/hostile/generate";
import { discPng } from "../designs/document/helpers";
import type { TestDb } from "../helpers/db";
import { callAction, installTestDb, TEST_API_SECRET } from "../shopify/env";
import { offlineSessionRow } from "../shopify/session-token";

const SHOP = "editor-a.myshopify.com";
const OTHER = "editor-b.myshopify.com";
const PRODUCT = "8012345678901";
type Action = Parameters<typeof callAction>[0];
let t: TestDb;
let images: Action, documents: Action;
let proxyLoader: Action;

interface Opts {
  shop?: string;
  locale?: string;
  secret?: string;
  unsigned?: boolean;
  timestamp?: number;
  tamper?: (q: URLSearchParams) => void;
  headers?: Record<string, string>;
  ip?: string;
}

function proxied(sub: string, body: BodyInit | undefined, o: Opts = {}): Request {
  const q = new URLSearchParams({
    shop: o.shop ?? SHOP,
    logged_in_customer_id: "",
    path_prefix: "/apps/mockup",
    timestamp: String(o.timestamp ?? Math.floor(Date.now() / 1000)),
    locale: o.locale ?? "en",
  });
  const message = [...q.entries()].map(([k, v]) => `${k}=${v}`).sort().join("");
  if (!o.unsigned) q.set("signature", createHmac("sha256", o.secret ?? TEST_API_SECRET).update(message).digest("hex"));
  o.tamper?.(q);
  return new Request(`https://mockup.test/proxy/${sub}?${q}`, {
    method: body === undefined ? "GET" : "POST",
    body,
    headers: { "X-Forwarded-For": o.ip ?? "203.0.113.50", ...o.headers },
    duplex: "half",
  } as RequestInit);
}

const postImage = async (bytes: Buffer | ReadableStream, o: Opts = {}) => callAction(images, proxied("design-images", Buffer.isBuffer(bytes) ? new Uint8Array(bytes) : bytes, o));
const postDocument = async (body: unknown, o: Opts = {}) => callAction(documents, proxied("design-documents", typeof body === "string" ? body : JSON.stringify(body), o));
const get = (sub: string, o: Opts = {}) => callAction(proxyLoader, proxied(sub, undefined, o), { "*": sub });
const counts = async () => ({ designs: await t.db.design.count(), assets: await t.db.asset.count() });

/** a one-text document on the front: valid under the default policy */
const textDoc = (text = "MERINO") => ({ version: 1, areas: [{ area: "front", layers: [{ id: "t", kind: "text", text, font: "inter-700", color: "#111111", xCm: 15, yCm: 12, widthCm: 18, rotationDeg: 0 }] }] });
const imageDoc = (key: string, w: number, h: number) => ({ version: 1, areas: [{ area: "front", layers: [{ id: "i", kind: "image", image: key, widthPx: w, heightPx: h, xCm: 15, yCm: 14, widthCm: 12, rotationDeg: 0 }] }] });

beforeAll(async () => {
  t = await installTestDb();
  globalThis.__mockupBlobs = new LocalDiskBlobStore(mkdtempSync(path.join(os.tmpdir(), "proxy-editor-")));
  images = (await import("../../app/routes/proxy.design-images")).action as Action;
  documents = (await import("../../app/routes/proxy.design-documents")).action as Action;
  proxyLoader = (await import("../../app/routes/proxy.$")).loader as Action;
  for (const shop of [SHOP, OTHER]) {
    await t.db.session.create({ data: offlineSessionRow(shop) });
    await t.db.shop.create({ data: { domain: shop } });
  }
  // only shop A set the product up
  await t.db.productSetup.create({ data: { shop: SHOP, productId: `gid://shopify/Product/${PRODUCT}`, modelName: "tee", colors: JSON.stringify([{ name: "Beige", hex: "#F5DEB3" }]), views: JSON.stringify(["front", "back"]) } });
  clearLiveCaches();
}, 60_000);
afterAll(async () => t?.drop());
beforeEach(() => {
  globalThis.__mockupRateLimits = memoryRateLimits({ burst: 1000, perMinute: 1000 });
});

describe("POST /proxy/design-images", () => {
  it("stores an image for the signed shop only: shop B cannot read it, nor use it in a design", async () => {
    const res = await postImage(await discPng(600, 400));
    expect(res.status, await res.clone().text()).toBe(201);
    const img = (await res.json()) as { image: string; width: number; height: number; url: string };
    expect(img.url).toBe(`/apps/mockup/design-assets/${img.image}`);
    expect((await get(`design-assets/${img.image}`)).status).toBe(404); // served by its own route, not the catch-all
    const own = await callAction((await import("../../app/routes/proxy.design-assets.$key")).loader as Action, proxied(`design-assets/${img.image}`, undefined), { key: img.image });
    expect(own.status).toBe(200);
    const theirs = await callAction((await import("../../app/routes/proxy.design-assets.$key")).loader as Action, proxied(`design-assets/${img.image}`, undefined, { shop: OTHER }), { key: img.image });
    expect(theirs.status).toBe(404);
    // shop B sets the same product up and names shop A's image: unknown there
    await t.db.productSetup.create({ data: { shop: OTHER, productId: PRODUCT, modelName: "tee", colors: "[]", views: '["front"]' } });
    const before = await counts();
    const doc = await postDocument({ document: imageDoc(img.image, img.width, img.height), productId: PRODUCT, color: "#F5DEB3" }, { shop: OTHER, locale: "de" });
    expect(doc.status).toBe(422);
    expect(await doc.json()).toEqual({ error: "unknown_image", message: "Ein Bild des Designs fehlt; bitte füge es erneut hinzu." });
    expect(await counts()).toEqual(before);
    await t.db.productSetup.deleteMany({ where: { shop: OTHER } });
    clearLiveCaches();
  });

  it.each([
    ["decompression bomb PNG", 422, "too_many_pixels", hostile.decompressionBombPng],
    ["SVG with <script> and external href", 422, "unsafe_svg", () => hostile.svgWithScript],
    ["polyglot PNG + HTML + ZIP", 415, "polyglot", hostile.polyglotPng],
    ["HTML named design.png", 415, "unknown_type", () => hostile.htmlNamedPng.bytes],
    ["empty body", 422, "empty", () => Buffer.alloc(0)],
  ])("hostile image (%s) → %i %s in German, nothing stored", async (_n, status, code, make) => {
    const before = await counts();
    const res = await postImage(await make(), { locale: "de" });
    expect(res.status).toBe(status);
    expect(res.headers.get("content-language")).toBe("de");
    const body = await res.json();
    expect(body.error).toBe(code);
    expect(body.message).toMatch(/Bitte|Datei|Bild|SVG/);
    expect(body.message).not.toMatch(/the |file|image/i); // not intake's English
    expect(await counts()).toEqual(before);
  });

  it("larger than 15 MB: refused from Content-Length before reading (de), and cut off when the length lies (en)", async () => {
    let pulled = 0;
    const stream = new ReadableStream({ pull: (c) => void (pulled++, c.enqueue(new Uint8Array(1024 * 1024))) });
    const res = await postImage(stream, { locale: "de", headers: { "Content-Length": String(16 * 1024 * 1024) } });
    expect(res.status).toBe(413);
    expect((await res.json()).message).toBe("Die Datei ist zu groß. Bitte lade ein Bild mit höchstens 15 MB hoch.");
    expect(pulled).toBeLessThanOrEqual(1);
    const lies = await postImage(hostile.fiftyMegabytes(), { headers: { "Content-Length": "1000" } });
    expect(lies.status).toBe(413);
    expect((await lies.json()).message).toBe("The file is too large. Please upload an image of up to 15 MB.");
  });
});

describe("POST /proxy/design-documents", () => {
  it("renders with the upload path's passes and decal template: mockups, and a design GLB joined from template + atlas", async () => {
    const res = await postDocument({ document: textDoc(), productId: `gid://shopify/Product/${PRODUCT}`, color: "#F5DEB3" });
    expect(res.status, await res.clone().text()).toBe(201);
    const answer = (await res.json()) as { designId: string; glb: string; mockups: { url: string }[] };
    expect((await get(answer.mockups[0].url.replace("/apps/mockup/", ""))).status).toBe(200);
    const glbRes = await get(answer.glb.replace("/apps/mockup/", ""));
    expect(glbRes.status).toBe(200);
    const glb = new Uint8Array(await glbRes.arrayBuffer());
    const report = await validateGlb(glb);
    expect(report.errors, report.messages.join("\n")).toBe(0);
    const { doc } = await importModel(glb, { fileName: "design.glb" });
    const decal = doc.getRoot().listMaterials().find((m) => m.getName() === "mockup_decal")!;
    const tt = decal.getBaseColorTextureInfo()!.getExtension<Transform>("KHR_texture_transform")!;
    expect([tt.getOffset(), tt.getScale()]).toEqual([[0, 0], [1, 1]]); // the atlas is in the model's UV square
    const row = await t.db.design.findUniqueOrThrow({ where: { id: answer.designId } });
    const previews = JSON.parse(row.previews) as { glb: { template: string; texture: string }; atlas: string };
    expect(previews.glb.texture).toBe(previews.atlas);
    // no whole GLB stored per design: the only GLB asset of the shop is the product's template
    expect(await t.db.asset.count({ where: { shop: SHOP, mediaType: "model/gltf-binary" } })).toBe(1);
    // shop B: the design is not there
    expect((await get(answer.glb.replace("/apps/mockup/", ""), { shop: OTHER })).status).toBe(404);
  });

  it.each([
    ["signed with another secret", { secret: "not-the-app-secret" }],
    ["unsigned", { unsigned: true }],
    ["shop changed after signing", { tamper: (q: URLSearchParams) => q.set("shop", OTHER) }],
    ["signature 10 minutes old", { timestamp: Math.floor(Date.now() / 1000) - 600 }],
  ])("%s: both write routes refuse (400), nothing stored", async (_n, o) => {
    const before = await counts();
    expect((await postImage(await discPng(64, 64), o as Opts)).status).toBe(400);
    expect((await postDocument({ document: textDoc(), productId: PRODUCT }, o as Opts)).status).toBe(400);
    expect(await counts()).toEqual(before);
  });

  it.each([
    ["not JSON", "{document:", 422, "invalid", /konnte nicht gelesen werden/],
    ["no product id", { document: textDoc() }, 400, "bad_request", /Anfrage/],
    ["a product id that is not one", { document: textDoc(), productId: "../../etc" }, 400, "bad_request", /Anfrage/],
    ["a colour that is not #RRGGBB", { document: textDoc(), productId: PRODUCT, color: "red" }, 400, "bad_request", /Anfrage/],
    ["a product this shop did not set up", { document: textDoc(), productId: "8012345678999" }, 404, "product_unknown", /Produkt/],
    ["an area the product has not", { document: { version: 1, areas: [{ area: "hood", layers: [] }] }, productId: PRODUCT }, 422, "unknown_area", /Druckbereich „hood“/],
    ["a font the merchant did not allow", { document: { ...textDoc(), areas: [{ ...textDoc().areas[0], layers: [{ ...textDoc().areas[0].layers[0], font: "comic-sans" }] }] }, productId: PRODUCT }, 422, "font_not_allowed", /Schrift/],
    ["an empty design", { document: { version: 1, areas: [{ area: "front", layers: [] }] }, productId: PRODUCT }, 422, "invalid", /leer|empty/],
  ])("%s: refused with its code in German, nothing stored", async (_n, body, status, code, message) => {
    const before = await counts();
    const res = await postDocument(body, { locale: "de" });
    expect(res.status, await res.clone().text()).toBe(status);
    const b = await res.json();
    expect(b.error).toBe(code);
    expect(b.message).toMatch(message as RegExp);
    expect(await counts()).toEqual(before);
  });

  it("a body over 1 MB is refused before it is read", async () => {
    let pulled = 0;
    const stream = new ReadableStream({ pull: (c) => void (pulled++, c.enqueue(new Uint8Array(256 * 1024))) });
    const res = await callAction(documents, proxied("design-documents", stream, { headers: { "Content-Length": String(2 * 1024 * 1024) } }));
    expect(res.status).toBe(413);
    expect((await res.json()).error).toBe("too_large");
    expect(pulled).toBeLessThanOrEqual(1);
  });

  it("the merchant switched uploads off: an image layer is refused in the shopper's language", async () => {
    const img = (await (await postImage(await discPng(300, 300))).json()) as { image: string; width: number; height: number };
    await t.db.shop.update({ where: { domain: SHOP }, data: { settings: JSON.stringify({ editor: { uploads: false } }) } });
    const res = await postDocument({ document: imageDoc(img.image, img.width, img.height), productId: PRODUCT }, { locale: "de" });
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({ error: "uploads_disabled", message: "Dieser Shop nimmt keine hochgeladenen Bilder an." });
    await t.db.shop.update({ where: { domain: SHOP }, data: { settings: "{}" } });
  });
});

describe("rate limit on the editor routes", () => {
  it("429 with Retry-After past the burst, before anything is read; each route has its own bucket", async () => {
    globalThis.__mockupRateLimits = memoryRateLimits({ burst: 1, perMinute: 1 });
    const ip = "198.51.100.77";
    expect((await postImage(await discPng(64, 64), { ip })).status).toBe(201);
    const before = await counts();
    const limited = await postImage(await discPng(64, 64), { ip, locale: "de" });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(30);
    expect((await limited.json()).message).toMatch(/warte/);
    expect(await counts()).toEqual(before);
    // the save has its own bucket (an upload does not use it up) …
    expect((await postDocument({ document: textDoc("A"), productId: PRODUCT }, { ip })).status).toBe(201);
    // … and its own limit
    const again = await postDocument({ document: textDoc("B"), productId: PRODUCT }, { ip });
    expect(again.status).toBe(429);
    expect((await again.json()).error).toBe("rate_limited");
    // another shopper is not affected
    expect((await postImage(await discPng(64, 64), { ip: "198.51.100.78" })).status).toBe(201);
  });
});
