import { describe, expect, it } from "vitest";
import { CatalogPool } from "../../app/mockups/catalog/pool";
import type { MockupTask } from "../../app/mockups/catalog/task";
import { syntheticPasses } from "../../app/mockups/passes/synthetic";
import { createTestDb } from "../helpers/db";
import { EXIT_CLEAN, EXIT_CODE, PROBE_ENV, THROW } from "./fixtures/dying-worker";
import { FULL_AREA, makeStore, solidPng, storePasses } from "./helpers";

const workerUrl = new URL("./fixtures/dying-worker.ts", import.meta.url);

describe("catalog worker pool", () => {
  // a pool that missed a worker's death would leave the task pending forever: the test timeout is the guard
  it("a worker that dies (exit with or without an error) fails only its task; replacements keep the env and the work", { timeout: 30_000 }, async () => {
    const t = await createTestDb();
    const pool = new CatalogPool({ threads: 1, passCacheMb: 77, workerUrl });
    try {
      const store = makeStore(t);
      const passKeys = await storePasses(store, syntheticPasses({ size: 1024 }));
      const design = await store.put(await solidPng(64, 64, [200, 30, 30, 255]), { kind: "design", mediaType: "image/png" });
      let id = 0;
      const task = (color: string): MockupTask => ({
        id: id++,
        passKeys,
        passPaths: { uv: "", shading: "", mask: "" },
        printAreas: [FULL_AREA],
        design: null,
        color,
        placement: {},
        size: 1024,
        format: "jpeg",
      });
      const real = async (): Promise<MockupTask> => ({
        ...task("#336699"),
        passPaths: { uv: await store.path(passKeys.uv), shading: await store.path(passKeys.shading), mask: await store.path(passKeys.mask) },
        design: { key: design, path: await store.path(design) },
      });
      const env = { ok: false, error: "MOCKUP_PASS_CACHE_MB=77" };
      expect(await pool.run(task(PROBE_ENV))).toMatchObject(env);

      expect(await pool.run(task(THROW))).toMatchObject({ ok: false, error: expect.stringMatching(/worker crashed: boom/) });
      // the replacement is started like the first worker (same env) and does real work
      expect(await pool.run(task(PROBE_ENV))).toMatchObject(env);
      expect(await pool.run(await real())).toMatchObject({ ok: true, width: 1024, height: 1024, mediaType: "image/jpeg" });

      // exits without an 'error' event: the task fails at once instead of waiting for the step timeout
      expect(await pool.run(task(EXIT_CLEAN))).toMatchObject({ ok: false, error: "worker exited (code 0)" });
      expect(await pool.run(task(EXIT_CODE))).toMatchObject({ ok: false, error: "worker exited (code 3)" });

      // tasks queued behind a dying one still run, each on a fresh worker, in one pool of one thread
      const batch = await Promise.all([pool.run(task(EXIT_CLEAN)), pool.run(await real()), pool.run(task(THROW)), pool.run(task(PROBE_ENV))]);
      expect(batch.map((r) => r.ok)).toEqual([false, true, false, false]);
      expect(batch[3]).toMatchObject(env);
      expect(pool.threads).toBe(1);
    } finally {
      await pool.close();
      await t.drop();
    }
  });
});
