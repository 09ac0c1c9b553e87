/** Workers run asset GC periodically when configured (runtime wiring), and never by default in a bare Worker. */
import { existsSync, mkdtempSync, rmSync, utimesSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { LocalDiskBlobStore } from "../../app/assets/store/local-disk";
import { createRuntime, gcEveryMinutes } from "../../app/runtime.server";
import type { GcReport } from "../../app/assets/store/gc";
import { createTestDb, type TestDb } from "../helpers/db";
import { fixture, sleep } from "./helpers";

let t: TestDb;
let dir: string;
beforeAll(async () => {
  t = await createTestDb();
  dir = mkdtempSync(path.join(os.tmpdir(), "worker-gc-"));
});
afterAll(async () => {
  await t.drop();
  rmSync(dir, { recursive: true, force: true });
});

it("a runtime worker with gcEveryMs deletes old unreferenced assets and keeps recent ones", async () => {
  const rt = await createRuntime({ db: t.db, env: { ...t.env, MOCKUP_DATA_DIR: dir, MOCKUP_REGISTRY_MODULE: "tests/cli/fixtures/empty-registry.ts" } });
  const store = rt.assetsFor("gc.myshopify.com");
  const info = { kind: "t", mediaType: "text/plain" };
  const oldKey = await store.put(Buffer.from("old, nobody refers to it"), info);
  const newKey = await store.put(Buffer.from("new, nobody refers to it yet"), info);
  const old = new Date(Date.now() - 3 * 24 * 3_600_000);
  await t.db.asset.updateMany({ where: { key: oldKey }, data: { createdAt: old } });
  const file = (k: string) => (rt.blobs as LocalDiskBlobStore).pathOf(k);
  utimesSync(file(oldKey), old, old);
  const w = await rt.createWorker({ gcEveryMs: 50, pollMs: 50, heartbeatMs: 100, staleAfterMs: 2000 });
  const report = await new Promise<GcReport>((resolve, reject) => {
    w.once("gc", resolve);
    w.once("error", reject);
    w.start();
  });
  await w.stop({ graceMs: 0 });
  expect(report).toMatchObject({ rowsDeleted: 1, blobsDeleted: 1 });
  expect(await t.db.asset.count({ where: { key: oldKey } })).toBe(0);
  expect(existsSync(file(oldKey))).toBe(false);
  expect(await store.has(newKey)).toBe(true);
});

it("a Worker runs no GC unless gcEveryMs is set; MOCKUP_GC_EVERY_MIN is checked", async () => {
  const f = await fixture();
  try {
    let runs = 0;
    const w = f.worker(f.registry(), { collectGarbage: async () => void runs++ }).start();
    await sleep(300); // six poll intervals
    await w.stop();
    expect(runs).toBe(0);
    expect(() => f.worker(f.registry(), { gcEveryMs: -1, collectGarbage: async () => undefined }).start()).toThrow(/gcEveryMs/);
  } finally {
    await f.close();
  }
  expect(gcEveryMinutes({})).toBe(60);
  expect(gcEveryMinutes({ MOCKUP_GC_EVERY_MIN: "0" })).toBe(0);
  expect(() => gcEveryMinutes({ MOCKUP_GC_EVERY_MIN: "soon" })).toThrow(/MOCKUP_GC_EVERY_MIN/);
});
