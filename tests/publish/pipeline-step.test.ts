/**
 * The product pipeline ends in `shopify.publish`: a Shopify product's job (the mug: library model, raster passes,
 * compositor — no Blender) publishes its GLB and a blank colour mockup per colour to the double. The step is never
 * cached: a second run publishes again (and finds nothing to change). The merchant's publish job does the same
 * from the finished job's outputs; a rollback job publishes an earlier version again.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULTS as DECAL_LAYER } from "../../app/contracts/decal-layer";
import { decalProvider } from "../../app/decal/provider";
import { getIO } from "../../app/gltf/io";
import { gltfProviders } from "../../app/gltf/providers";
import { libraryProviders } from "../../app/library/providers";
import { mockupProviders } from "../../app/mockups/providers";
import { createJob } from "../../app/pipeline/jobs";
import { productJobSpec } from "../../app/pipeline/pipelines/product";
import { ProviderRegistry } from "../../app/pipeline/registry";
import { InProcessQueue } from "../../app/pipeline/queue/in-process";
import { Worker } from "../../app/pipeline/worker";
import { shopifyPublishProvider } from "../../app/publish/provider";
import { publishJobSpec } from "../../app/publish/publish-job";
import { listVersions } from "../../app/publish/versions";
import { ShopAssetStore } from "../../app/assets/store/asset-store.server";
import { SHOP_A, mediaOf, world, type World } from "./harness";

let w: World;
let worker: Worker;
beforeAll(async () => {
  w = await world();
  const registry = new ProviderRegistry({ maxAttempts: 2, initialDelayMs: 1, defaultTimeoutMs: 60_000 });
  const providers = [...libraryProviders(), ...gltfProviders(), decalProvider, ...mockupProviders(), shopifyPublishProvider(() => w.deps)];
  for (const p of [...providers.filter((p) => !p.degraded), ...providers.filter((p) => p.degraded)]) registry.register(p);
  worker = new Worker({
    db: w.t.db,
    registry,
    queue: new InProcessQueue(),
    assetsFor: (shop) => new ShopAssetStore(shop, w.t.db, w.blobs),
    pollMs: 50,
    heartbeatMs: 200,
    staleAfterMs: 10_000,
  }).start();
});
afterAll(async () => {
  await worker?.stop({ graceMs: 0 });
  await w?.close();
});

describe("shopify.publish in the product pipeline", () => {
  it("publishes a Shopify product's GLB and colour images as the last step, and again on a re-run (never cached)", async () => {
    const d = w.doubles[SHOP_A];
    const p = d.store.addProduct({ title: "Trail Mug", colors: ["White", "Black"] });
    const colors = [{ name: "White", hex: "#F2F2F0" }, { name: "Black", hex: "#111111" }];
    const spec = productJobSpec({ shop: SHOP_A, productId: p.id, model: "mug", colors, views: ["front"], mockupSize: 1024 });
    const publish = spec.steps.find((s) => s.capability === "shopify.publish")!;
    expect(spec.steps.at(-1)!.name).toBe("publish");
    // the GLB with its (empty) decal layer: the shopper's editor paints it
    expect(publish.dependsOn).toEqual(["decal", "model", "mockup:front:blank:White", "mockup:front:blank:Black"]);
    // a local product (no gid) is not published
    expect(productJobSpec({ shop: SHOP_A, productId: "local-mug", model: "mug", colors }).steps.some((s) => s.capability === "shopify.publish")).toBe(false);

    const job = await createJob(w.t.db, spec);
    const done = await worker.waitFor(job.id);
    expect(done.status).toBe("succeeded");
    const step = await w.t.db.jobStep.findFirstOrThrow({ where: { jobId: job.id, name: "publish" } });
    expect(JSON.parse(step.output!).data).toMatchObject({ status: "published", productTitle: "Trail Mug", model: "shopify", metafieldNamespace: "app--4811123" });
    // the published GLB is the decal step's: the mug's wrap area has the (empty) layer the shopper's editor paints
    const decalStep = await w.t.db.jobStep.findFirstOrThrow({ where: { jobId: job.id, name: "decal" } });
    const glb = await new ShopAssetStore(SHOP_A, w.t.db, w.blobs).get(JSON.parse(decalStep.output!).assets.glb);
    const materials = (await (await getIO()).readBinary(new Uint8Array(glb))).getRoot().listMaterials().map((m) => m.getName());
    expect(materials).toContain(DECAL_LAYER.material);
    const media = mediaOf(d, p.id);
    expect(media.map((m) => m.__typename).sort()).toEqual(["MediaImage", "MediaImage", "Model3d"]);
    expect(media.find((m) => m.__typename === "MediaImage")!.size).toEqual({ width: 1024, height: 1024 });
    for (const vid of p.variantIds) expect(d.store.variants.get(vid)!.mediaIds).toHaveLength(1);

    // the same job inputs again: the publish step runs (not a cache hit) and changes nothing
    const again = await createJob(w.t.db, { ...spec, dedupKey: "second-run" });
    expect((await worker.waitFor(again.id)).status).toBe("succeeded");
    const step2 = await w.t.db.jobStep.findFirstOrThrow({ where: { jobId: again.id, name: "publish" } });
    expect(step2.cacheHit).toBe(false);
    expect(JSON.parse(step2.output!).data).toMatchObject({ status: "unchanged" });
    expect(mediaOf(d, p.id)).toHaveLength(3);

    // the merchant deletes the Black image in Shopify; their own publish job (from the finished job) brings it back
    const black = mediaOf(d, p.id).find((m) => m.alt === "Trail Mug in Black, front view")!;
    d.store.deleteMedia(black.id);
    const manual = await createJob(w.t.db, publishJobSpec(SHOP_A, [{ productId: p.id }]));
    expect((await worker.waitFor(manual.id)).status).toBe("succeeded");
    expect(mediaOf(d, p.id).filter((m) => m.alt === "Trail Mug in Black, front view")).toHaveLength(1);

    // a rollback to version 1 publishes what version 1 published (same content: only the metafield may differ)
    const versions = await listVersions(w.t.db, SHOP_A, p.id);
    expect(versions.map((v) => v.number)).toEqual([2, 1]);
    expect(versions[0]).toMatchObject({ source: "manual", current: true });
    const rollback = await createJob(w.t.db, publishJobSpec(SHOP_A, [{ productId: p.id, versionId: versions[1].id }]));
    expect((await worker.waitFor(rollback.id)).status).toBe("succeeded");
    expect(mediaOf(d, p.id)).toHaveLength(3);
  });
});
