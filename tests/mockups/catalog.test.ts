import { randomBytes } from "node:crypto";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StepCacheMockupCache } from "../../app/mockups/catalog/cache";
import { runCatalog, type CatalogItem } from "../../app/mockups/catalog/run";
import { catalogJobSpec } from "../../app/mockups/catalog/spec";
import { syntheticPasses } from "../../app/mockups/passes/synthetic";
import { createTestDb, type TestDb } from "../helpers/db";
import { checkerboardPng, FULL_AREA, makeStore, solidPng, storePasses } from "./helpers";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.drop());

describe("catalog batches", () => {
  it("runs on worker threads, caches every mockup, and a corrupt design fails only its own items", async () => {
    const store = makeStore(t);
    const passKeys = await storePasses(store, syntheticPasses({ size: 1024, shading: "folds" }));
    const good1 = await store.put(await checkerboardPng(256, 256, 32), { kind: "design", mediaType: "image/png" });
    const good2 = await store.put(await solidPng(200, 100, [255, 255, 255, 255]), { kind: "design", mediaType: "image/png" });
    // bytes that claim to be a PNG but are not one
    const corrupt = await store.put(Buffer.concat([Buffer.from("89504e470d0a1a0a", "hex"), randomBytes(500)]), { kind: "design", mediaType: "image/png" });
    const colors = [
      { name: "Sea", hex: "#2E8B57" },
      { name: "Black", hex: "#111111" },
    ];
    const items: CatalogItem[] = [];
    for (const key of [good1, corrupt, good2]) {
      for (const color of colors) {
        items.push({ model: "card", view: "front", passKeys, printAreas: [FULL_AREA], design: { key }, color, size: 1024, format: "jpeg" });
      }
    }
    const cache = new StepCacheMockupCache(t.db, store.shop);
    const progress: number[] = [];
    const first = await runCatalog({ items, assets: store, cache, threads: 2, onProgress: (d) => progress.push(d) });
    expect(first.computed).toBe(4);
    expect(first.failed).toBe(2);
    expect(first.cached).toBe(0);
    expect(progress.at(-1)).toBe(6);
    for (const r of first.results) {
      if (r.item.design?.key === corrupt) {
        expect(r.status).toBe("failed");
        expect(r.error).toMatch(/\w/);
      } else {
        expect(r.status).toBe("computed");
        const meta = await sharp(await store.get(r.image!)).metadata();
        expect([meta.format, meta.width, meta.height]).toEqual(["jpeg", 1024, 1024]);
      }
    }
    // different colours give different images
    const sea = first.results.find((r) => r.item.design?.key === good2 && r.item.color.name === "Sea")!;
    const black = first.results.find((r) => r.item.design?.key === good2 && r.item.color.name === "Black")!;
    expect(sea.image).not.toBe(black.image);

    // a re-run computes nothing new and returns the same assets
    const second = await runCatalog({ items, assets: store, cache, threads: 2 });
    expect(second.computed).toBe(0);
    expect(second.cached).toBe(4);
    expect(second.failed).toBe(2);
    expect(second.results.map((r) => r.image)).toEqual(first.results.map((r) => r.image));
  });

  it("a failing cache costs re-computation, never the batch", async () => {
    const store = makeStore(t);
    const passKeys = await storePasses(store, syntheticPasses({ size: 1024 }));
    const key = await store.put(await solidPng(50, 50, [255, 0, 0, 255]), { kind: "design", mediaType: "image/png" });
    const broken = { get: async () => Promise.reject(new Error("no such table: StepCache")), set: async () => Promise.reject(new Error("no such table: StepCache")) };
    const items: CatalogItem[] = [{ model: "card", view: "front", passKeys, printAreas: [FULL_AREA], design: { key }, color: { name: "W", hex: "#FFFFFF" }, size: 1024, format: "png" }];
    const r = await runCatalog({ items, assets: store, cache: broken, threads: 0 });
    expect([r.computed, r.failed, r.cacheErrors]).toEqual([1, 0, 2]);
    expect(r.lastCacheError).toMatch(/StepCache/);
  });

  it("builds a catalog job: passes per model × view and one batch step per model", () => {
    const key = "a".repeat(64);
    const spec = catalogJobSpec({
      shop: "s.myshopify.com",
      models: ["tee", "hoodie"],
      designs: [{ key }],
      colors: [{ name: "Red", hex: "#FF0000" }],
      views: ["front", "back"],
    });
    expect(spec.type).toBe("catalog");
    expect(spec.steps.filter((s) => s.capability === "render.passes")).toHaveLength(4);
    const batch = spec.steps.filter((s) => s.capability === "mockup.catalog");
    expect(batch.map((s) => s.dependsOn)).toEqual([
      ["passes:tee:front", "passes:tee:back", "model:tee"],
      ["passes:hoodie:front", "passes:hoodie:back", "model:hoodie"],
    ]);
    expect(() => catalogJobSpec({ shop: "s", models: ["Bad Name"], designs: [{ key }], colors: [{ name: "R", hex: "#FF0000" }] })).toThrow(/library name/);
  });
});
