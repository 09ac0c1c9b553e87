/** `mockup gc` (child process): deletes only unreferenced assets and unused Blender staging older than the grace period; --dry-run deletes nothing. */
import { existsSync, mkdirSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ShopAssetStore } from "../../app/assets/store/asset-store.server";
import { LocalDiskBlobStore } from "../../app/assets/store/local-disk";
import { createJob } from "../../app/pipeline/jobs";
import { InProcessQueue } from "../../app/pipeline/queue/in-process";
import { useCliHarness } from "./harness";

const h = useCliHarness();
const SHOP = "gc-shop.myshopify.com";
const DAY = 24 * 3_600_000;
let blobs: LocalDiskBlobStore;
const keys: Record<"oldUnused" | "oldUsed" | "newUnused" | "orphan", string> = { oldUnused: "", oldUsed: "", newUnused: "", orphan: "" };

beforeAll(async () => {
  mkdirSync(path.join(h.dir, "assets"), { recursive: true });
  blobs = new LocalDiskBlobStore(path.join(h.dir, "assets"));
  const store = new ShopAssetStore(SHOP, h.t.db, blobs);
  const info = { mediaType: "application/octet-stream", kind: "test" };
  keys.oldUnused = await store.put(Buffer.from("old and unused"), info);
  keys.oldUsed = await store.put(Buffer.from("old but a job refers to it"), info);
  keys.newUnused = await store.put(Buffer.from("unused but new"), info);
  keys.orphan = (await blobs.put(Buffer.from("a blob without any row"))).key;
  await createJob(h.t.db, { shop: SHOP, type: "t", input: { model: keys.oldUsed }, steps: [{ name: "s", capability: "t.x" }] }, { queue: new InProcessQueue() });
  const old = new Date(Date.now() - 2 * DAY);
  await h.t.db.asset.updateMany({ where: { key: { in: [keys.oldUnused, keys.oldUsed] } }, data: { createdAt: old } });
  for (const k of [keys.oldUnused, keys.oldUsed, keys.orphan]) utimesSync(blobs.pathOf(k), old, old);
  // Blender's staged copies: one unused for two days, one used now
  mkdirSync(path.join(h.dir, "blender-stage/models"), { recursive: true });
  for (const name of ["old", "new"]) writeFileSync(staged(name), Buffer.alloc(100));
  utimesSync(staged("old"), old, old);
});

const staged = (name: string) => path.join(h.dir, "blender-stage/models", `${name}.glb`);

const state = async () => ({
  rows: (await h.t.db.asset.findMany({ where: { shop: SHOP }, select: { key: true } })).map((r) => r.key).sort(),
  files: Object.fromEntries(Object.entries(keys).map(([n, k]) => [n, existsSync(blobs.pathOf(k))])),
});

describe("mockup gc", () => {
  it("refuses a bad --grace-hours with exit 2", async () => {
    for (const bad of ["-1", "abc", "", "1e9"]) {
      const r = await h.mockup(["gc", "--grace-hours", bad]);
      expect(r.code).toBe(2);
      expect(r.err).toContain("--grace-hours");
      expect(r.err).not.toContain("unknown command");
    }
  });

  it("--dry-run reports what would go and deletes nothing", async () => {
    const before = await state();
    const r = await h.mockup(["gc", "--dry-run"]);
    expect(r.code, r.err).toBe(0);
    const report = JSON.parse(r.out.trim().split("\n").at(-1)!);
    expect(report).toMatchObject({ dryRun: true, graceHours: 24, rowsDeleted: 1, blobsDeleted: 1, staged: { removed: 1, bytes: 100 } });
    expect(await state()).toEqual(before);
    expect(existsSync(staged("old"))).toBe(true);
  });

  it("deletes the old unreferenced asset and the old orphan blob, keeps referenced and recent ones", async () => {
    const r = await h.mockup(["gc", "--grace-hours", "24"]);
    expect(r.code, r.err).toBe(0);
    const report = JSON.parse(r.out.trim().split("\n").at(-1)!);
    expect(report).toMatchObject({ dryRun: false, rowsDeleted: 1 });
    // the orphan blob, and the old unused asset's blob once its row is gone
    expect(report.blobsDeleted).toBe(2);
    expect(report.bytesFreed).toBe(Buffer.byteLength("old and unused") + Buffer.byteLength("a blob without any row"));
    const after = await state();
    expect(after.rows).toEqual([keys.oldUsed, keys.newUnused].sort());
    expect(after.files).toEqual({ oldUnused: false, oldUsed: true, newUnused: true, orphan: false });
    expect(report.staged).toEqual({ removed: 1, bytes: 100 });
    expect([existsSync(staged("old")), existsSync(staged("new"))]).toEqual([false, true]);
  });
});
