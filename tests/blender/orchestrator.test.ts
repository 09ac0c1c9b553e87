/**
 * The Blender providers inside the real orchestrator (Worker + ProviderRegistry + createJob on a migrated
 * database): a hero step whose Blender process is killed mid-render is retried and finishes; without
 * Blender the providers are skipped and the fallbacks run.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ShopAssetStore } from "../../app/assets/store/asset-store.server";
import { BlenderPool } from "../../app/blender/pool";
import { blenderProviders } from "../../app/blender/providers";
import { createJob, getJob } from "../../app/pipeline/jobs";
import type { JsonObject, StepOutput } from "../../app/pipeline/types";
import { fixture, scripted, SHOP, type Fixture } from "../pipeline/helpers";
import { GARMENTS, HAS_BLENDER, pixels } from "./helpers";

let f: Fixture;
beforeEach(async () => (f = await fixture()));
afterEach(() => f.close());

/** model.fetch stand-in: the committed tee and its sidecar, stored in the shop's assets */
const teeModel = () =>
  scripted("library", "model.fetch", async (_input, ctx): Promise<StepOutput> => {
    const glb = await ctx.assets.put(readFileSync(path.join(GARMENTS, "tee.glb")), { kind: "glb", mediaType: "model/gltf-binary" });
    const info = JSON.parse(readFileSync(path.join(GARMENTS, "tee.json"), "utf8")) as JsonObject;
    return { assets: { glb }, data: { info } };
  });

const heroJob = (extra: JsonObject = {}) =>
  createJob(
    f.t.db,
    {
      shop: SHOP,
      type: "test",
      steps: [
        { name: "model", capability: "model.fetch", params: { model: "tee" } },
        { name: "hero", capability: "render.hero", dependsOn: ["model"], params: { view: "front", color: { name: "navy", hex: "#1f2a44" }, size: 128, samples: 64, ...extra } },
        { name: "passes", capability: "render.passes", dependsOn: ["model"], params: { view: "front", size: 128, samples: 4 } },
      ],
    },
    { queue: f.queue },
  );

describe.skipIf(!HAS_BLENDER)("Blender providers in the orchestrator", () => {
  it("retries a hero step whose Blender process was killed mid-job, and finishes the job", async () => {
    const pool = new BlenderPool({ size: 1 });
    try {
      const reg = f.registry({ defaultTimeoutMs: 60_000 });
      reg.register(teeModel());
      const calls: Record<string, number> = {};
      for (const p of blenderProviders(pool)) {
        reg.register({ ...p, run: (input, ctx) => ((calls[p.capability] = (calls[p.capability] ?? 0) + 1), p.run(input, ctx)) });
      }
      const w = f.worker(reg).start();
      const job = await heroJob();
      // kill the process while it renders the hero (the first Blender job of this pool)
      let killed: number | undefined;
      for (let i = 0; i < 3000 && killed === undefined; i++) {
        const [pid] = pool.busyPids();
        if (pid) {
          await new Promise((r) => setTimeout(r, 150));
          process.kill(pid, "SIGKILL");
          killed = pid;
        } else await new Promise((r) => setTimeout(r, 10));
      }
      expect(killed).toBeDefined();
      const done = await w.waitFor(job.id);
      expect(done.status).toBe("succeeded");
      const view = (await getJob(f.t.db, SHOP, job.id))!;
      const hero = view.steps.find((s) => s.name === "hero")!;
      const passes = view.steps.find((s) => s.name === "passes")!;
      expect(pool.stats.crashed).toBeGreaterThanOrEqual(1);
      expect(hero.provider).toBe("blender");
      expect(passes.provider).toBe("blender");
      // the killed step's provider ran twice (retried by the registry's policy), on a fresh process
      expect(calls["render.hero"] + calls["render.passes"]).toBeGreaterThanOrEqual(3);
      expect(pool.stats.started).toBeGreaterThanOrEqual(2);
      expect(hero.degraded).toBe(false);
      const store = new ShopAssetStore(SHOP, f.t.db, f.blobs);
      const img = await pixels(await store.get(hero.output!.assets.image));
      expect([img.width, img.height, img.channels]).toEqual([128, 128, 4]);
      const uv = await pixels(await store.get(passes.output!.assets.uv));
      expect([uv.width, uv.channels, uv.depth]).toEqual([128, 3, "ushort"]);
      expect(pool.pids()).not.toContain(killed);
    } finally {
      await pool.close();
    }
  });
});

describe("without Blender", () => {
  it("skips the Blender providers and runs the fallbacks (hero degraded)", async () => {
    const pool = new BlenderPool({ blender: null });
    const reg = f.registry();
    reg.register(teeModel());
    for (const p of blenderProviders(pool)) reg.register(p);
    const fallbackHero = scripted("compositor", "render.hero", async (_i, ctx) => ({ assets: { image: await ctx.assets.put(Buffer.from("png"), { kind: "render", mediaType: "image/png" }) }, data: { renderer: "compositor" } }), { degraded: true });
    const fallbackPasses = scripted("raster", "render.passes", () => ({ assets: {}, data: { renderer: "raster" } }), { degraded: true });
    reg.register(fallbackHero).register(fallbackPasses);
    const w = f.worker(reg).start();
    const job = await heroJob();
    const done = await w.waitFor(job.id);
    expect(done.status).toBe("succeeded");
    const view = (await getJob(f.t.db, SHOP, job.id))!;
    const hero = view.steps.find((s) => s.name === "hero")!;
    expect(hero.provider).toBe("compositor");
    expect(hero.degraded).toBe(true);
    expect(view.steps.find((s) => s.name === "passes")!.provider).toBe("raster");
    expect(fallbackHero.calls).toHaveLength(1);
  });
});
