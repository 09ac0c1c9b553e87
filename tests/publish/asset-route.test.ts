/**
 * GET /media/{shop}/{key}/{file}?sig=…: the app-hosted GLB the metafield points to when Shopify cannot host it.
 * A valid signature serves the bytes, immutable and CORS-open; a forged signature, another shop in the path or an
 * asset the shop has no row for are 404.
 */
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ShopAssetStore } from "../../app/assets/store/asset-store.server";
import { LocalDiskBlobStore } from "../../app/assets/store/local-disk";
import { signedAssetUrl, verifyAssetSignature } from "../../app/publish/asset-url";
import type { TestDb } from "../helpers/db";
import { installTestDb, TEST_API_SECRET } from "../shopify/env";
import { GLB } from "./harness";

const A = "route-a.myshopify.com";
const B = "route-b.myshopify.com";
let t: TestDb;
let loader: typeof import("../../app/routes/media.$shop.$key.$file").loader;
let key: string;

beforeAll(async () => {
  t = await installTestDb();
  const blobs = new LocalDiskBlobStore(mkdtempSync(path.join(os.tmpdir(), "media-route-")));
  globalThis.__mockupBlobs = blobs;
  key = await new ShopAssetStore(A, t.db, blobs).put(GLB, { kind: "glb", mediaType: "model/gltf-binary" });
  loader = (await import("../../app/routes/media.$shop.$key.$file")).loader;
});
afterAll(async () => t?.drop());

async function get(url: string) {
  const u = new URL(url);
  const [, , shop, k, file] = u.pathname.split("/");
  return loader({ request: new Request(url), params: { shop: decodeURIComponent(shop), key: k, file }, context: {} });
}

describe("app-hosted assets", () => {
  it("serves a signed asset of the shop, immutable and readable from any origin", async () => {
    const url = signedAssetUrl({ appUrl: "https://mockup.test", secret: TEST_API_SECRET }, A, key, "merino tee.glb");
    expect(url).toMatch(/^https:\/\/mockup\.test\/media\/route-a\.myshopify\.com\/[0-9a-f]{64}\/merino-tee\.glb\?sig=/);
    const res = await get(url);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("model/gltf-binary");
    expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(Buffer.from(await res.arrayBuffer()).equals(GLB)).toBe(true);
  });

  it("404 for a forged signature, another shop's path, or a shop without the asset", async () => {
    const good = signedAssetUrl({ appUrl: "https://mockup.test", secret: TEST_API_SECRET }, A, key, "x.glb");
    expect((await get(good.replace(/sig=.*/, "sig=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"))).status).toBe(404);
    expect((await get(good.replace(A, B))).status).toBe(404);
    const forB = signedAssetUrl({ appUrl: "https://mockup.test", secret: TEST_API_SECRET }, B, key, "x.glb");
    expect((await get(forB)).status).toBe(404); // signed for B, but B has no row for the key
    expect(verifyAssetSignature(TEST_API_SECRET, A, "not-a-key", "x")).toBe(false);
  });
});
