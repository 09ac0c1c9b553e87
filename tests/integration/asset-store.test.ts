import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalDiskBlobStore, sha256 } from "../../app/assets/store/local-disk";
import { ShopAssetStore, AssetNotFoundError } from "../../app/assets/store/asset-store.server";
import { createTestDb, type TestDb } from "../helpers/db";

let t: TestDb;
let blobs: LocalDiskBlobStore;
beforeAll(async () => {
  t = await createTestDb();
  blobs = new LocalDiskBlobStore(mkdtempSync(path.join(os.tmpdir(), "blobs-")));
});
afterAll(() => t.drop());

describe("ShopAssetStore", () => {
  it("addresses content by sha256 and scopes rows to the shop", async () => {
    const a = new ShopAssetStore("a.myshopify.com", t.db, blobs);
    const b = new ShopAssetStore("b.myshopify.com", t.db, blobs);
    const data = Buffer.from("hello asset");
    const key = await a.put(data, { kind: "test", mediaType: "text/plain" });
    expect(key).toBe(sha256(data));
    expect((await a.get(key)).toString()).toBe("hello asset");
    expect((await a.info(key))?.bytes).toBe(data.length);
    await expect(b.get(key)).rejects.toBeInstanceOf(AssetNotFoundError);
    expect(await b.has(key)).toBe(false);
  });
});
