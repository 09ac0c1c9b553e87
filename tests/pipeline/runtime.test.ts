/** Shared runtime wiring: SQLite tuning, blob store location, registry selection. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { LocalDiskBlobStore } from "../../app/assets/store/local-disk";
import { createRuntime } from "../../app/runtime.server";
import { createTestDb, type TestDb } from "../helpers/db";

let t: TestDb;
let dir: string;
beforeAll(async () => {
  t = await createTestDb();
  dir = mkdtempSync(path.join(os.tmpdir(), "runtime-"));
});
afterAll(async () => {
  await t.drop();
  rmSync(dir, { recursive: true, force: true });
});

it("wires database, blob store under dataDir()/assets and the registry module", async () => {
  const rt = await createRuntime({ env: { ...t.env, MOCKUP_DATA_DIR: dir, MOCKUP_REGISTRY_MODULE: "tests/cli/fixtures/product-registry.ts" } });
  try {
    expect(rt.target.kind).toBe(t.target.kind);
    if (rt.target.kind === "sqlite") {
      expect(await rt.db.$queryRawUnsafe("PRAGMA journal_mode")).toEqual([{ journal_mode: "wal" }]);
    }
    expect((rt.blobs as LocalDiskBlobStore).root).toBe(path.join(dir, "assets"));
    const reg = await rt.registry();
    expect(reg.providersFor("model.fetch").map((p) => p.name)).toEqual(["fake"]);
    expect(await rt.registry()).toBe(reg); // built once
    const key = await rt.assetsFor("demo.local").put(Buffer.from("x"), { kind: "t", mediaType: "text/plain" });
    expect(await rt.assetsFor("other.local").has(key)).toBe(false);
  } finally {
    await rt.close();
  }
});

it("explains a registry module without createRegistry", async () => {
  const mod = path.join(dir, "bad-registry.mjs");
  writeFileSync(mod, "export const nothing = 1;\n");
  const rt = await createRuntime({ env: { ...t.env, MOCKUP_DATA_DIR: dir, MOCKUP_REGISTRY_MODULE: mod } });
  try {
    await expect(rt.registry()).rejects.toThrow(/exports no createRegistry/);
  } finally {
    await rt.close();
  }
});

it("selects the BullMQ queue with MOCKUP_QUEUE=bullmq and refuses unknown queue kinds", async () => {
  const { BullmqJobQueue } = await import("../../app/pipeline/queue/bullmq");
  const before = globalThis.__mockupQueue;
  const rt = await createRuntime({ env: { ...t.env, MOCKUP_DATA_DIR: dir, MOCKUP_QUEUE: "bullmq" } });
  try {
    expect(rt.queue).toBeInstanceOf(BullmqJobQueue);
  } finally {
    await rt.queue.close();
    globalThis.__mockupQueue = before;
    await rt.close();
  }
  await expect(createRuntime({ env: { ...t.env, MOCKUP_DATA_DIR: dir, MOCKUP_QUEUE: "kafka" } })).rejects.toThrow(/MOCKUP_QUEUE must be/);
});
