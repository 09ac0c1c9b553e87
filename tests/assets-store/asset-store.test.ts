/** Content-addressed store under concurrency and failure, and garbage collection. */
import { execFileSync, spawn } from "node:child_process";
import { createWriteStream, mkdtempSync, readdirSync, rmSync, statSync, utimesSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ShopAssetStore } from "../../app/assets/store/asset-store.server";
import { collectGarbage } from "../../app/assets/store/gc";
import { LocalDiskBlobStore, sha256 } from "../../app/assets/store/local-disk";
import { createDb } from "../../app/db/client.server";
import { createTestDb, type TestDb } from "../helpers/db";

const SHOP = "store-a.myshopify.com";
const OTHER = "store-b.myshopify.com";
let t: TestDb;
let root: string;
let blobs: LocalDiskBlobStore;
beforeEach(async () => {
  t = await createTestDb();
  root = mkdtempSync(path.join(os.tmpdir(), "assets-"));
  blobs = new LocalDiskBlobStore(root);
});
afterEach(async () => {
  await t.drop();
  rmSync(root, { recursive: true, force: true });
});

async function listAll(): Promise<string[]> {
  const out: string[] = [];
  for await (const k of blobs.list()) out.push(k);
  return out.sort();
}
const tmpFiles = () => {
  try {
    return readdirSync(path.join(root, "tmp"));
  } catch {
    return [];
  }
};
const info = { kind: "test", mediaType: "application/octet-stream" };

describe("concurrent puts", () => {
  it("stores the same content once (one blob file, one row) when put concurrently", async () => {
    const data = Buffer.alloc(2 * 1024 * 1024, 7);
    data.write("unique content 1");
    // Postgres: a second pool makes the inserts truly concurrent. SQLite: one client per process (two
    // better-sqlite3 connections in one process would block each other's event loop while busy-waiting).
    const db2 = t.target.kind === "postgres" ? createDb(t.target) : t.db;
    try {
      const stores = [new ShopAssetStore(SHOP, t.db, blobs), new ShopAssetStore(SHOP, db2, blobs)];
      const file = path.join(root, "..", `${path.basename(root)}-src.bin`);
      execFileSync("sh", ["-c", `head -c 1048576 /dev/urandom > ${file}`]);
      const keys = await Promise.all([
        ...Array.from({ length: 8 }, (_, i) => stores[i % 2].put(data, info)),
        ...Array.from({ length: 4 }, (_, i) => stores[i % 2].putFile(file, info)),
      ]);
      expect(new Set(keys.slice(0, 8))).toEqual(new Set([sha256(data)]));
      expect(new Set(keys.slice(8)).size).toBe(1);
      expect(await listAll()).toEqual([sha256(data), keys[8]].sort());
      expect(await t.db.asset.count({ where: { shop: SHOP } })).toBe(2);
      expect(tmpFiles()).toEqual([]);
      expect(statSync(blobs.pathOf(sha256(data))).size).toBe(data.length);
      rmSync(file);
    } finally {
      if (db2 !== t.db) await db2.$disconnect();
    }
  });
});

describe("interrupted puts", () => {
  it("leaves no blob, no row and no temp file when the stream fails midway", async () => {
    const store = new ShopAssetStore(SHOP, t.db, blobs);
    async function* failing() {
      yield Buffer.alloc(64 * 1024, 1);
      yield Buffer.alloc(64 * 1024, 2);
      throw new Error("connection reset by peer");
    }
    await expect(store.putStream(Readable.from(failing()), info)).rejects.toThrow("connection reset");
    expect(await listAll()).toEqual([]);
    expect(await t.db.asset.count()).toBe(0);
    expect(tmpFiles()).toEqual([]);
  });

  it("leaves only a temp file, which sweepTemp removes, when the process is killed midway", async () => {
    const fifo = path.join(root, "..", `${path.basename(root)}.fifo`);
    execFileSync("mkfifo", [fifo]);
    const child = spawn(process.execPath, ["--import", "tsx", "tests/assets-store/fixtures/put-from-fifo.ts", fifo, root, SHOP], {
      env: { ...process.env, ...t.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    const writer = createWriteStream(fifo);
    writer.on("error", () => undefined); // EPIPE once the reader is killed
    writer.write(Buffer.alloc(512 * 1024, 3));
    // wait for the partial temp file to hold some bytes
    for (let i = 0; ; i++) {
      const parts = tmpFiles();
      if (parts.length && statSync(path.join(root, "tmp", parts[0])).size > 0) break;
      if (i > 600) throw new Error(`child never started writing: ${out}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));
    writer.destroy();
    rmSync(fifo, { force: true });

    expect(out).not.toContain("stored");
    expect(await listAll()).toEqual([]);
    expect(await t.db.asset.count()).toBe(0);
    expect(tmpFiles()).toHaveLength(1);
    expect(await blobs.sweepTemp(0)).toBe(1);
    expect(tmpFiles()).toEqual([]);
  });
});

describe("collectGarbage", () => {
  it("removes only unreferenced rows and blobs older than the grace period", async () => {
    const a = new ShopAssetStore(SHOP, t.db, blobs);
    const b = new ShopAssetStore(OTHER, t.db, blobs);
    const put = (s: ShopAssetStore, name: string) => s.put(Buffer.from(`asset ${name}`), info);
    const k = {
      cache: await put(a, "cache"),
      stepOut: await put(a, "step output"),
      stepParam: await put(a, "design in params"),
      design: await put(a, "design"),
      published: await put(a, "published"),
      orphanOld: await put(a, "orphan old"),
      orphanYoung: await put(a, "orphan young"),
      shared: await put(a, "shared with b"),
    };
    await put(b, "shared with b");
    const blobOnlyOld = (await blobs.put(Buffer.from("blob without row, old"))).key;
    const blobOnlyYoung = (await blobs.put(Buffer.from("blob without row, young"))).key;

    await t.db.stepCache.create({ data: { shop: SHOP, key: "c".repeat(64), capability: "x", provider: "p", output: JSON.stringify({ assets: { glb: k.cache }, data: {} }) } });
    const job = await t.db.job.create({ data: { shop: SHOP, type: "t" } });
    await t.db.jobStep.create({ data: { jobId: job.id, shop: SHOP, name: "s", capability: "x", output: JSON.stringify({ assets: { image: k.stepOut }, data: {} }), params: JSON.stringify({ designKey: k.stepParam }) } });
    await t.db.design.create({ data: { shop: SHOP, assetKey: k.design, name: "d", width: 1, height: 1, mediaType: "image/png" } });
    await t.db.publishedMedia.create({ data: { shop: SHOP, productId: "1", mediaId: "m", assetKey: k.published, kind: "image" } });
    // shop B references the shared asset; shop A does not
    await t.db.stepCache.create({ data: { shop: OTHER, key: "d".repeat(64), capability: "x", provider: "p", output: JSON.stringify({ assets: { glb: k.shared }, data: {} }) } });

    // age everything except the young ones by two hours
    const old = new Date(Date.now() - 2 * 3600_000);
    await t.db.asset.updateMany({ where: { key: { notIn: [k.orphanYoung] } }, data: { createdAt: old } });
    for (const key of [...Object.values(k).filter((x) => x !== k.orphanYoung), blobOnlyOld]) utimesSync(blobs.pathOf(key), old, old);

    const dry = await collectGarbage(t.db, blobs, { graceMs: 3600_000, dryRun: true });
    expect(dry.rowsDeleted).toBe(2);
    expect(await t.db.asset.count()).toBe(9);

    const r = await collectGarbage(t.db, blobs, { graceMs: 3600_000 });
    expect(r.rowsDeleted).toBe(2); // A's orphanOld and A's row for the shared asset
    expect(r.blobsDeleted).toBe(2); // orphanOld and blobOnlyOld
    const rowsA = (await t.db.asset.findMany({ where: { shop: SHOP } })).map((x) => x.key).sort();
    expect(rowsA).toEqual([k.cache, k.stepOut, k.stepParam, k.design, k.published, k.orphanYoung].sort());
    expect(await t.db.asset.count({ where: { shop: OTHER } })).toBe(1);
    const left = await listAll();
    expect(left).not.toContain(k.orphanOld);
    expect(left).not.toContain(blobOnlyOld);
    expect(left).toContain(k.shared);
    expect(left).toContain(blobOnlyYoung);
    expect(left).toContain(k.orphanYoung);
    expect(left).toHaveLength(8);
    // A can no longer read what it lost; B still can
    expect(await a.has(k.shared)).toBe(false);
    expect(await b.has(k.shared)).toBe(true);
  });
});
