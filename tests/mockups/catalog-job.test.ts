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
  it("library model → rasterised passes → one batch step; a corrupt design fails only its items; a second job computes nothing", async () => {
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
    const j1 = await createJob(f.t.db, spec("first"), { queue: f.queue });
    expect((await w.waitFor(j1.id)).status).toBe("succeeded");
    const done = (await getJob(f.t.db, SHOP, j1.id))!;
    const batch = done.steps.find((s) => s.name === "catalog:mug")!;
    const out = batch.output as unknown as { assets: Record<string, string>; data: { computed: number; failed: number; cached: number; items: { name: string; status: string; error: string | null }[] } };
    expect(out.data).toMatchObject({ computed: 2, failed: 2, cached: 0 });
    expect(out.data.items.filter((i) => i.status === "failed").every((i) => i.name.includes("broken") && i.error)).toBe(true);
    for (const key of Object.values(out.assets)) expect((await sharp(await assets.get(key)).metadata()).width).toBe(1024);

    // a new job (different dedup key) over the same inputs: every mockup is a cache hit
    const j2 = await createJob(f.t.db, spec("second"), { queue: f.queue });
    expect((await w.waitFor(j2.id)).status).toBe("succeeded");
    const again = (await getJob(f.t.db, SHOP, j2.id))!.steps.find((s) => s.name === "catalog:mug")!;
    const data2 = (again.output as unknown as { data?: { computed: number; cached: number } } | null)?.data;
    // either the orchestrator's step cache answered the whole step, or the step ran and found every mockup cached
    expect(again.cacheHit || (data2?.computed === 0 && data2?.cached === 2)).toBe(true);
  });
});
