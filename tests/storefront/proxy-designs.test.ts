/**
 * POST /proxy/designs and the files it hands out, through the real route with Shopify-signed requests: a design
 * is stored for the signed shop (and customer), mockups and the design GLB are there when the answer arrives;
 * bad signatures, hostile files, floods and other shops' ids change nothing and get a clear answer in the
 * shopper's language.
 */
import { createHmac } from "node:crypto";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { LocalDiskBlobStore } from "../../app/assets/store/local-disk";
import type { Transform } from "@gltf-transform/extensions";
import { validateGlb } from "../../app/gltf/validate";
import { importModel } from "../../app/gltf/import";
import { memoryRateLimits } from "../../app/storefront/rate-limit";
import { decalMargin } from "../../app/storefront/decal-glb";
import * as hostile from "../fixtures/hostile/generate";
import type { TestDb } from "../helpers/db";
import { installTestDb, TEST_API_SECRET } from "../shopify/env";
import { offlineSessionRow } from "../shopify/session-token";

const SHOP = "merino-a.myshopify.com";
const OTHER = "merino-b.myshopify.com";
const PRODUCT = "8012345678901";
const COLORS = [
  { name: "Forest Green", hex: "#2E8B57" },
  { name: "Beige", hex: "#F5DEB3" },
  { name: "Black", hex: "#000000" },
];
let t: TestDb;
let route: typeof import("../../app/routes/proxy.$");

interface Opts {
  shop?: string;
  customer?: string;
  secret?: string;
  timestamp?: number;
  unsigned?: boolean;
  tamper?: (q: URLSearchParams) => void;
  ip?: string;
  headers?: Record<string, string>;
}

/** A request as Shopify's app proxy forwards it: the storefront's query plus Shopify's signed parameters. */
function proxied(sub: string, query: Record<string, string>, init: RequestInit & Opts = {}): Request {
  const q = new URLSearchParams({
    ...query,
    shop: init.shop ?? SHOP,
    logged_in_customer_id: init.customer ?? "",
    path_prefix: "/apps/mockup",
    timestamp: String(init.timestamp ?? Math.floor(Date.now() / 1000)),
  });
  const message = [...q.entries()].map(([k, v]) => `${k}=${v}`).sort().join("");
  if (!init.unsigned) q.set("signature", createHmac("sha256", init.secret ?? TEST_API_SECRET).update(message).digest("hex"));
  init.tamper?.(q);
  return new Request(`https://mockup.test/proxy/${sub}?${q}`, {
    method: init.method ?? "GET",
    body: init.body,
    headers: { "X-Forwarded-For": init.ip ?? "203.0.113.7", "X-Forwarded-Host": (init.shop ?? SHOP), ...init.headers },
    duplex: "half", // Node's fetch needs it for a streamed body
  } as RequestInit);
}

async function call(req: Request): Promise<Response> {
  const sub = new URL(req.url).pathname.replace(/^\/proxy\//, "");
  const args = { request: req, params: { "*": sub }, context: {} };
  try {
    return (await (req.method === "GET" ? route.loader(args) : route.action(args))) as Response;
  } catch (e) {
    if (e instanceof Response) return e;
    throw e;
  }
}

function upload(body: Buffer | ReadableStream, query: Record<string, string> = {}, opts: Opts = {}) {
  return call(proxied("designs", { product: PRODUCT, color: "Beige", locale: "en", ...query }, { method: "POST", body: Buffer.isBuffer(body) ? new Uint8Array(body) : body, ...opts }));
}

async function logoPng(): Promise<Buffer> {
  // a two-colour logo on transparency: a red disc and a dark bar
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600"><circle cx="400" cy="260" r="220" fill="#C62828"/><rect x="120" y="500" width="560" height="80" fill="#1B1B1B"/></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

const counts = async () => ({ designs: await t.db.design.count(), assets: await t.db.asset.count() });

beforeAll(async () => {
  t = await installTestDb();
  globalThis.__mockupBlobs = new LocalDiskBlobStore(mkdtempSync(path.join(os.tmpdir(), "proxy-designs-")));
  route = await import("../../app/routes/proxy.$");
  for (const shop of [SHOP, OTHER]) {
    await t.db.session.create({ data: offlineSessionRow(shop) });
    await t.db.shop.create({ data: { domain: shop } });
  }
  // only shop A set the product up
  await t.db.productSetup.create({
    data: { shop: SHOP, productId: `gid://shopify/Product/${PRODUCT}`, modelName: "tee", colors: JSON.stringify(COLORS), views: JSON.stringify(["front", "back"]) },
  });
}, 60_000);
afterAll(async () => t?.drop());
beforeEach(() => {
  globalThis.__mockupRateLimits = memoryRateLimits({ burst: 1000, perMinute: 1000 });
});

describe("POST /proxy/designs", () => {
  let answer: {
    designId: string;
    color: string;
    mockups: { view: string; url: string; width: number; height: number }[];
    glb: string;
  };

  it("stores the design for the shop and customer, and answers with stored mockups per view and a design GLB", async () => {
    const res = await upload(await logoPng(), {}, { customer: "7012345" });
    expect(res.status, await res.clone().text()).toBe(200);
    answer = await res.json();
    expect(answer.color).toBe("Beige");
    expect(answer.mockups.map((m) => m.view)).toEqual(["front"]); // a front design does not show on the back view
    expect(answer.mockups[0]).toMatchObject({ width: 1024, height: 1024 });
    expect(answer.mockups[0].url).toMatch(new RegExp(`^/apps/mockup/designs/${answer.designId}/f5deb3-front\\.jpg$`));
    expect(answer.glb).toBe(`/apps/mockup/designs/${answer.designId}/design.glb`);
    const row = await t.db.design.findUniqueOrThrow({ where: { id: answer.designId } });
    expect(row).toMatchObject({ shop: SHOP, source: "shopper", customerId: "7012345", productId: PRODUCT, mediaType: "image/png" });
    // the placement the shopper saw is what an order prints (app/orders/resolve.server.ts)
    expect(JSON.parse(row.document ?? "null")).toMatchObject({ area: "front", scale: 0.8 });
    expect(Date.now() - row.createdAt.getTime()).toBeLessThan(60_000);
  }, 120_000);

  it("the mockup is a 1024² JPEG of a beige tee with the red logo on it", async () => {
    const sub = answer.mockups[0].url.replace("/apps/mockup/", "");
    const res = await call(proxied(sub, {}));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/jpeg");
    const { data, info } = await sharp(Buffer.from(await res.arrayBuffer())).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([1024, 1024]);
    let red = 0;
    let beige = 0;
    for (let i = 0; i < data.length; i += 3) {
      const [r, g, b] = [data[i], data[i + 1], data[i + 2]];
      if (r > 150 && g < 80 && b < 80) red++;
      if (r > 170 && g > 150 && b > 110 && r - b > 25 && r - b < 90) beige++;
    }
    const px = info.width * info.height;
    expect(red / px).toBeGreaterThan(0.01); // the logo is printed
    expect(beige / px).toBeGreaterThan(0.05); // on beige fabric
  });

  it("the design GLB validates, keeps the colour variants and has the design on its decal layer", async () => {
    const res = await call(proxied(answer.glb.replace("/apps/mockup/", ""), {}));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("model/gltf-binary");
    const glb = new Uint8Array(await res.arrayBuffer());
    const report = await validateGlb(glb);
    expect(report.errors, report.messages.join("\n")).toBe(0);
    const { doc } = await importModel(glb, { fileName: "design.glb" });
    const decal = doc.getRoot().listMaterials().find((m) => m.getName() === "mockup_decal")!; // the decal layer of app/designs/document
    expect(decal.getAlphaMode()).toBe("BLEND");
    const tex = decal.getBaseColorTexture()!;
    const front = (await import("../../app/library/index")).listModels().find((m) => m.name === "tee")!.printAreas.find((a) => a.name === "front")!;
    // the design's own pixels (the logo trimmed by intake to 560×540; no upscale to the area's width) in a
    // transparent margin wide enough for the viewer's mipmaps
    const { data, info: px } = await sharp(Buffer.from(tex.getImage()!)).raw().toBuffer({ resolveWithObject: true });
    const m = decalMargin(560, 540);
    expect([px.width, px.height]).toEqual([Math.ceil((560 + 2 * m) / 32) * 32, Math.ceil((540 + 2 * m) / 32) * 32]);
    let border = 0;
    for (let y = 0; y < px.height; y++) for (let x = 0; x < px.width; x++) {
      if (x < m || y < m || x >= m + 560 || y >= m + 540) border += data[(y * px.width + x) * 4 + 3];
    }
    expect(border).toBe(0); // CLAMP_TO_EDGE then shows nothing outside the design
    const info = decal.getBaseColorTextureInfo()!;
    expect([info.getWrapS(), info.getWrapT()]).toEqual([33071, 33071]);
    // placed by KHR_texture_transform (uv' = offset + scale · uv) where the mockup has it: 80 % wide, centred
    const tt = info.getExtension<Transform>("KHR_texture_transform")!;
    const [su, sv] = tt.getScale();
    const [ou, ov] = tt.getOffset();
    const sample = (u: number, v: number) => {
      const s = ou + su * u, t = ov + sv * v;
      if (s < 0 || s > 1 || t < 0 || t > 1) return null; // clamped to the transparent border
      const i = (Math.min(px.height - 1, Math.floor(t * px.height)) * px.width + Math.min(px.width - 1, Math.floor(s * px.width))) * 4;
      return [data[i], data[i + 1], data[i + 2], data[i + 3]];
    };
    const at = (fx: number, fy: number) => sample(front.uv.u0 + fx * (front.uv.u1 - front.uv.u0), front.uv.v0 + fy * (front.uv.v1 - front.uv.v0));
    const heightFrac = (0.8 * front.widthCm * 540) / 560 / front.heightCm; // the design's height as a share of the area's
    // the red disc (its centre is 220 px down the trimmed logo)
    const disc = at(0.5, 0.5 + (220 / 540 - 0.5) * heightFrac)!;
    expect(disc[0]).toBeGreaterThan(150);
    expect(disc[1]).toBeLessThan(80);
    expect(disc[3]).toBe(255);
    // the dark bar near the design's bottom edge
    const bar = at(0.5, 0.5 + (500 / 540 - 0.5) * heightFrac)!;
    expect(Math.max(bar[0], bar[1], bar[2])).toBeLessThan(60);
    expect(bar[3]).toBe(255);
    // the area's corners and the strip left of the design (10 % of the width) show nothing
    for (const [fx, fy] of [[0.02, 0.02], [0.98, 0.98], [0.05, 0.5], [0.95, 0.5]]) {
      const p = at(fx, fy);
      expect(p === null || p[3] === 0, `area point ${fx},${fy}`).toBe(true);
    }
    // and the design's left edge sits at 10 % of the area's width
    const edge = (fx: number) => (at(fx, 0.5 + (500 / 540 - 0.5) * heightFrac)?.[3] ?? 0) > 0;
    expect(edge(0.095)).toBe(false);
    expect(edge(0.11)).toBe(true);
    const decalTris = doc.getRoot().listMeshes().flatMap((m) => m.listPrimitives()).filter((p) => p.getMaterial() === decal)
      .reduce((n, p) => n + (p.getIndices()?.getCount() ?? p.getAttribute("POSITION")!.getCount()) / 3, 0);
    expect(decalTris).toBeGreaterThan(50);
    const variants = (doc.getRoot().listExtensionsUsed().find((e) => e.extensionName === "KHR_materials_variants") as unknown as { listVariants(): { getName(): string }[] })
      .listVariants().map((v) => v.getName());
    expect(variants).toEqual(COLORS.map((c) => c.name));
  });

  it("shop B cannot read shop A's design files (404), nor upload to a product it did not set up", async () => {
    const other = (sub: string) => call(proxied(sub.replace("/apps/mockup/", ""), {}, { shop: OTHER }));
    expect((await other(answer.glb)).status).toBe(404);
    expect((await other(answer.mockups[0].url)).status).toBe(404);
    const before = await counts();
    const res = await upload(await logoPng(), {}, { shop: OTHER });
    expect(res.status).toBe(404);
    expect((await res.json()).error).toBe("product_unknown");
    expect(await counts()).toEqual(before);
  });

  it.each([
    ["signed with another secret", { secret: "not-the-app-secret" }],
    ["unsigned", { unsigned: true }],
    ["product changed after signing", { tamper: (q: URLSearchParams) => q.set("product", "8012345678902") }],
    ["shop changed after signing", { tamper: (q: URLSearchParams) => q.set("shop", OTHER) }],
    ["customer id added after signing", { tamper: (q: URLSearchParams) => q.set("logged_in_customer_id", "1") }],
    ["signature 10 minutes old", { timestamp: Math.floor(Date.now() / 1000) - 600 }],
  ])("%s: refused (400), nothing stored", async (_name, opts) => {
    const before = await counts();
    const res = await upload(await logoPng(), {}, opts as Opts);
    expect(res.status).toBe(400);
    expect(await counts()).toEqual(before);
  });

  it.each([
    ["decompression bomb PNG", 422, "too_many_pixels", hostile.decompressionBombPng],
    ["100,000 × 100,000 header", 422, "bad_dimensions", hostile.hugeHeaderPng],
    ["SVG with <script> and external href", 422, "unsafe_svg", () => hostile.svgWithScript],
    ["XML entity bomb", 422, "unsafe_svg", () => hostile.svgEntityBomb],
    ["polyglot PNG + HTML + ZIP", 415, "polyglot", hostile.polyglotPng],
    ["truncated JPEG", 422, "truncated", hostile.truncatedJpeg],
    ["HTML named design.png", 415, "unknown_type", () => hostile.htmlNamedPng.bytes],
    ["empty body", 422, "empty", () => Buffer.alloc(0)],
  ])("hostile upload (%s) → %i %s in German, nothing stored", async (_name, status, code, make) => {
    const before = await counts();
    const res = await upload(await make(), { locale: "de" });
    expect(res.status).toBe(status);
    expect(res.headers.get("content-language")).toBe("de");
    const body = await res.json();
    expect(body.error).toBe(code);
    expect(body.message).toMatch(/[äöüß]|Bitte|Datei|Bild|SVG/);
    expect(await counts()).toEqual(before);
  });

  it("a body larger than 25 MB is refused from its Content-Length before it is read", async () => {
    let pulled = 0;
    const stream = new ReadableStream({
      pull(c) {
        pulled++;
        c.enqueue(new Uint8Array(1024 * 1024));
      },
    });
    const before = await counts();
    const res = await upload(stream, {}, { headers: { "Content-Length": String(26 * 1024 * 1024) } });
    expect(res.status).toBe(413);
    expect((await res.json()).message).toMatch(/too large/);
    expect(pulled).toBeLessThanOrEqual(1);
    expect(await counts()).toEqual(before);
  });

  it("…and one that lies about its length is cut off at the limit while reading", async () => {
    const res = await upload(hostile.fiftyMegabytes(), { locale: "de" }, { headers: { "Content-Length": "1000" } });
    expect(res.status).toBe(413);
    expect((await res.json()).message).toMatch(/zu groß/);
  });

  it("bad query: unknown colour, view or placement → 400 with a message", async () => {
    const r1 = await upload(await logoPng(), { color: "Pink" });
    expect([r1.status, (await r1.json()).error]).toEqual([400, "color_unknown"]);
    const r2 = await upload(await logoPng(), { views: "side" });
    expect([r2.status, (await r2.json()).error]).toEqual([400, "bad_request"]);
    const r3 = await upload(await logoPng(), { placement: '{"scale": 7}' });
    expect([r3.status, (await r3.json()).error]).toEqual([400, "bad_request"]);
  });
});

describe("rate limit per shop and client", () => {
  it("429 with Retry-After past the burst; another IP and a logged-in customer have their own buckets", async () => {
    globalThis.__mockupRateLimits = memoryRateLimits({ burst: 2, perMinute: 2 });
    const tiny = await sharp({ create: { width: 64, height: 64, channels: 4, background: "#C62828" } }).png().toBuffer();
    const ip = "198.51.100.20";
    expect((await upload(tiny, {}, { ip })).status).toBe(200);
    expect((await upload(tiny, {}, { ip })).status).toBe(200);
    const before = await counts();
    const limited = await upload(tiny, { locale: "de" }, { ip });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect((await limited.json()).message).toMatch(/warte/);
    expect(await counts()).toEqual(before);
    expect((await upload(tiny, {}, { ip: "198.51.100.21" })).status).toBe(200);
    expect((await upload(tiny, {}, { ip, customer: "55" })).status).toBe(200);
  }, 60_000);
});
