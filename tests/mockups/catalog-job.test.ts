import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ShopAssetStore } from "../../app/assets/store/asset-store.server";
import { libraryProviders } from "../../app/library/providers";
import { StepCacheMockupCache } from "../../app/mockups/catalog/cache";
import { catalogProvider } from "../../app/mockups/catalog/provider";
import { catalogJobSpec } from "../../app/mockups/catalog/spec";
import { rasterPassesProvider } from "../../app/mockups/providers/passes-raster";
import { createJob, getJob } from "../../app/pipeline/jobs";
import { fixture, SHOP, type Fixture } from "../pipeline/helpers";
import { solidPng } from "./helpers";

let f: Fixture;
beforeAll(async () => {
  f = await fixture();
});
afterAll(() => f.close());

describe("job type catalog through the orchestrator", () => {
  it("library model → rasterised passes → one batch step; a corrupt design fails only its items; a partial batch is degraded and not step-cached; a re-run recomputes only the failed items", async () => {
    const assets = new ShopAssetStore(SHOP, f.t.db, f.blobs);
    const good = await assets.put(await solidPng(300, 200, [240, 240, 240, 255]), { kind: "design", mediaType: "image/png" });
    const corrupt = await assets.put(Buffer.from("GIF89a garbage that is not a design"), { kind: "design", mediaType: "image/png" });
    const registry = f.registry({ defaultTimeoutMs: 120_000 });
    for (const p of [...libraryProviders(), rasterPassesProvider(), catalogProvider({ threads: 2, cache: (shop) => new StepCacheMockupCache(f.t.db, shop) })]) registry.register(p);
    const w = f.worker(registry).start();
    const spec = (dedupKey: string) =>
      catalogJobSpec({
        shop: SHOP,
        models: ["mug"],
        designs: [{ key: good, name: "logo" }, { key: corrupt, name: "broken" }],
        colors: [{ name: "White", hex: "#FFFFFF" }, { name: "Navy", hex: "#1E2A4A" }],
        views: ["front"],
        dedupKey,
      });
    type Out = { assets: Record<string, string>; data: { computed: number; failed: number; cached: number; partial?: boolean; items: { name: string; status: string; image: string | null; error: string | null }[] } };
    const j1 = await createJob(f.t.db, spec("first"), { queue: f.queue });
    expect((await w.waitFor(j1.id)).status).toBe("succeeded");
    const done = (await getJob(f.t.db, SHOP, j1.id))!;
    const batch = done.steps.find((s) => s.name === "catalog:mug")!;
    const out = batch.output as unknown as Out;
    expect(out.data).toMatchObject({ computed: 2, failed: 2, cached: 0, partial: true });
    expect(out.data.items.filter((i) => i.status === "failed").every((i) => i.name.includes("broken") && i.error)).toBe(true);
    for (const key of Object.values(out.assets)) expect((await sharp(await assets.get(key)).metadata()).width).toBe(1024);
    // a partly failed batch is visible (degraded step and job) and not stored as a full success
    expect(batch.degraded).toBe(true);
    expect(batch.cacheHit).toBe(false);
    expect(done.degraded).toBe(true);

    // a new job (different dedup key) over the same inputs: the step runs again (not an orchestrator cache
    // hit), the good mockups come from the per-mockup cache and only the failed ones are recomputed
    const j2 = await createJob(f.t.db, spec("second"), { queue: f.queue });
    expect((await w.waitFor(j2.id)).status).toBe("succeeded");
    const again = (await getJob(f.t.db, SHOP, j2.id))!.steps.find((s) => s.name === "catalog:mug")!;
    expect(again.cacheHit).toBe(false);
    expect(again.degraded).toBe(true);
    const out2 = again.output as unknown as Out;
    expect(out2.data).toMatchObject({ computed: 0, cached: 2, failed: 2, partial: true });
    const images = (o: Out) => o.data.items.filter((i) => i.image).map((i) => i.image).sort();
    expect(images(out2)).toEqual(images(out));

    // a fully successful batch is cached by the orchestrator as before: the second identical job is a step cache hit
    const goodOnly = (dedupKey: string) =>
      catalogJobSpec({ shop: SHOP, models: ["mug"], designs: [{ key: good, name: "logo" }], colors: [{ name: "White", hex: "#FFFFFF" }], views: ["front"], dedupKey });
    const j3 = await createJob(f.t.db, goodOnly("third"), { queue: f.queue });
    expect((await w.waitFor(j3.id)).status).toBe("succeeded");
    const s3 = (await getJob(f.t.db, SHOP, j3.id))!.steps.find((s) => s.name === "catalog:mug")!;
    expect(s3).toMatchObject({ degraded: false, cacheHit: false });
    expect((s3.output as unknown as Out).data).toMatchObject({ computed: 0, cached: 1, failed: 0 });
    expect((s3.output as unknown as Out).data.partial).toBeUndefined();
    const j4 = await createJob(f.t.db, goodOnly("fourth"), { queue: f.queue });
    expect((await w.waitFor(j4.id)).status).toBe("succeeded");
    const s4 = (await getJob(f.t.db, SHOP, j4.id))!.steps.find((s) => s.name === "catalog:mug")!;
    expect(s4).toMatchObject({ degraded: false, cacheHit: true });
  });
});
