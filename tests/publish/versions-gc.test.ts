/**
 * Versions: every publish that changes the store is recorded (assets, media, job, when); a rollback publishes an old
 * version again, reconciled; the asset GC never collects what a kept version uses, and does once it is pruned.
 */
import { utimesSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collectGarbage } from "../../app/assets/store/gc";
import { publishPlan } from "../../app/publish/publish";
import { listVersions, pruneVersions, rollbackToVersion } from "../../app/publish/versions";
import { COLORS, SHOP_A, colourJpeg, mediaOf, productPlan, world, type World } from "./harness";

let w: World;
beforeAll(async () => {
  w = await world();
});
afterAll(async () => w?.close());

describe("publish versions", () => {
  it("records versions, rolls back to one, and keeps its assets from the GC until pruned", async () => {
    const d = w.doubles[SHOP_A];
    const p = d.store.addProduct({ title: "Versioned Tee", colors: ["Black"] });
    const v1 = await productPlan(w, SHOP_A, p.id, { colors: [COLORS[2]] });
    const r1 = await publishPlan(w.deps, SHOP_A, v1, { source: "job", jobId: "job1" });
    const oldImage = v1.images[0].assetKey;
    const newImage = await w.assets(SHOP_A).put(await colourJpeg("#222222", 9), { kind: "mockup", mediaType: "image/jpeg", width: 64, height: 64 });
    const v2 = { ...v1, images: [{ ...v1.images[0], assetKey: newImage }] };
    const r2 = await publishPlan(w.deps, SHOP_A, v2, { source: "manual", jobId: "job2" });

    const versions = await listVersions(w.t.db, SHOP_A, p.id);
    expect(versions.map((v) => [v.number, v.source, v.jobId, v.current])).toEqual([
      [2, "manual", "job2", true],
      [1, "job", "job1", false],
    ]);
    expect(versions[1].images[0].assetKey).toBe(oldImage);
    expect(versions[0].media.find((m) => m.role === "mockup:front")?.assetKey).toBe(newImage);
    expect(versions.map((v) => v.id)).toEqual([r2.versionId, r1.versionId]);
    // the old image is no longer on the product nor in PublishedMedia: only version 1 refers to it
    expect(await w.t.db.publishedMedia.count({ where: { shop: SHOP_A, assetKey: oldImage } })).toBe(0);

    // every asset row and blob two hours old; nothing but versions and PublishedMedia refer to them
    const old = new Date(Date.now() - 2 * 3600_000);
    await w.t.db.asset.updateMany({ where: { shop: SHOP_A }, data: { createdAt: old } });
    for (const key of [oldImage, newImage]) utimesSync(w.blobs.pathOf(key), old, old);
    await collectGarbage(w.t.db, w.blobs, { graceMs: 3600_000 });
    expect(await w.assets(SHOP_A).has(oldImage)).toBe(true);

    // rollback: version 1's image is published again (a new media), version 2's is deleted; recorded as version 3
    const rb = await rollbackToVersion(w.deps, SHOP_A, p.id, r1.versionId!);
    expect(rb.status).toBe("published");
    expect(rb.media).toMatchObject({ created: 1, removed: 1 });
    const after = await listVersions(w.t.db, SHOP_A, p.id);
    expect(after[0]).toMatchObject({ number: 3, source: "rollback", jobId: "job1", current: true });
    const images = mediaOf(d, p.id).filter((m) => m.__typename === "MediaImage");
    expect(images).toHaveLength(1);
    expect(images[0].bytes!.equals(await w.assets(SHOP_A).get(oldImage))).toBe(true);

    // pruned to the newest one: version 2's image (referenced by nothing else now) becomes collectable
    expect(await pruneVersions(w.t.db, SHOP_A, p.id, 1)).toBe(2);
    await collectGarbage(w.t.db, w.blobs, { graceMs: 3600_000 });
    expect(await w.assets(SHOP_A).has(newImage)).toBe(false);
    expect(await w.assets(SHOP_A).has(oldImage)).toBe(true); // still on the product (PublishedMedia) and in version 3
  });
});
