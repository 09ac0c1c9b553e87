/**
 * On S3 the bucket serves what Shopify and the storefront fetch (decision 150): the app's media route answers a
 * redirect to the object, which carries the immutable Cache-Control; a shopper's private asset is a presigned GET
 * that expires, only for the shop that owns the key. On local disk the same route serves the bytes (asset-route.test).
 */
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AssetNotFoundError, ShopAssetStore } from "../../app/assets/store/asset-store.server";
import { bucketRedirect, DEFAULTS } from "../../app/assets/store/bucket-redirect.server";
import { blobStoreFromEnv } from "../../app/assets/store/from-env";
import { signedAssetUrl } from "../../app/publish/asset-url";
import type { TestDb } from "../helpers/db";
import { startTestS3, type TestS3 } from "../helpers/s3";
import { installTestDb, TEST_API_SECRET } from "../shopify/env";

const A = "bucket-a.myshopify.com";
const B = "bucket-b.myshopify.com";
let t: TestDb;
let s3: TestS3;
let loader: typeof import("../../app/routes/media.$shop.$key.$file").loader;
const GLB = Buffer.concat([Buffer.from("glTF"), Buffer.alloc(60, 7)]);

beforeAll(async () => {
  t = await installTestDb();
  s3 = await startTestS3("bucket-serving");
  globalThis.__mockupBlobs = blobStoreFromEnv({ ...s3.env, MOCKUP_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "bucket-serving-")) });
  loader = (await import("../../app/routes/media.$shop.$key.$file")).loader;
});
afterAll(async () => {
  globalThis.__mockupBlobs = undefined;
  await t?.drop();
  await s3?.stop();
});

async function get(url: string) {
  const u = new URL(url);
  const [, , shop, k, file] = u.pathname.split("/");
  return loader({ request: new Request(url), params: { shop: decodeURIComponent(shop), key: k, file }, context: {} });
}

describe("served from the bucket", () => {
  it("the media route redirects to the object; the object is immutable, typed and the same bytes", async () => {
    const key = await new ShopAssetStore(A, t.db, globalThis.__mockupBlobs!).put(GLB, { kind: "glb", mediaType: "model/gltf-binary" });
    const res = await get(signedAssetUrl({ appUrl: "https://mockup.test", secret: TEST_API_SECRET }, A, key, "tee.glb"));
    expect(res.status).toBe(302);
    expect(res.headers.get("cache-control")).toBe(`public, max-age=${DEFAULTS.publicRedirectSeconds}`);
    const location = res.headers.get("location")!;
    expect(location.startsWith(`${s3.endpoint}/bucket-serving/`)).toBe(true);
    expect(location).toContain(key);
    const obj = await fetch(location);
    expect(obj.status).toBe(200);
    expect(obj.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(obj.headers.get("content-type")).toBe("model/gltf-binary");
    expect(Buffer.from(await obj.arrayBuffer()).equals(GLB)).toBe(true);
    // another shop in the path: 404 before any URL is made
    expect((await get(signedAssetUrl({ appUrl: "https://mockup.test", secret: TEST_API_SECRET }, B, key, "tee.glb"))).status).toBe(404);
  });

  it("a private asset is a presigned GET that expires, for the owning shop only, never cached", async () => {
    const blobs = globalThis.__mockupBlobs!;
    const key = await new ShopAssetStore(A, t.db, blobs).put(Buffer.from("a shopper's design"), { kind: "design", mediaType: "image/png" });
    const res = (await bucketRedirect(new ShopAssetStore(A, t.db, blobs), key, "private"))!;
    expect(res.status).toBe(302);
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
    const location = res.headers.get("location")!;
    expect(location).toMatch(new RegExp(`X-Amz-Expires=${DEFAULTS.privateSeconds}(&|$)`));
    expect(location).toMatch(/X-Amz-Signature=[0-9a-f]{64}/);
    expect(await (await fetch(location)).text()).toBe("a shopper's design");
    await expect(bucketRedirect(new ShopAssetStore(B, t.db, blobs), key, "private")).rejects.toBeInstanceOf(AssetNotFoundError);
  });
});
