import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadModel } from "../../app/library";
import { mockupProviders } from "../../app/mockups/providers";
import { syntheticPasses } from "../../app/mockups/passes/synthetic";
import type { StepOutput } from "../../app/pipeline/types";
import { createTestDb, type TestDb } from "../helpers/db";
import { providerCtx } from "./ctx";
import { FULL_AREA, makeStore, rawOf, solidPng, storePasses } from "./helpers";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.drop());

const byCap = (cap: string) => mockupProviders().find((p) => p.capability === cap)!;

describe("mockup providers", () => {
  it("mockup.compose local: passes + model info + design key → a stored mockup", async () => {
    const store = makeStore(t);
    const passes = await storePasses(store, syntheticPasses({ size: 2048 }));
    const designKey = await store.put(await solidPng(100, 100, [255, 255, 255, 255]), { kind: "design", mediaType: "image/png" });
    const inputs: Record<string, StepOutput> = {
      "passes:front": { assets: passes, data: { view: "front", renderer: "blender" } },
      model: { assets: { glb: "f".repeat(64) }, data: { info: { name: "card", printAreas: [FULL_AREA], tintMaterials: [] } as never } },
    };
    const compose = byCap("mockup.compose");
    const out = await compose.run(
      { params: { view: "front", color: { name: "Sea", hex: "#2E8B57" }, designKey, placement: { area: "front", scale: 0.5 }, size: 1024, format: "jpeg" }, inputs },
      providerCtx(store),
    );
    expect(out.data).toMatchObject({ width: 1024, height: 1024, degraded: false });
    const img = await rawOf(await store.get(out.assets.image));
    expect([img.width, img.height]).toEqual([1024, 1024]);
    const centre = img.at(512, 512);
    expect(Math.min(...centre)).toBeGreaterThan(245); // white design in the middle
    const fabric = img.at(150, 150);
    expect(fabric[1]).toBeGreaterThan(fabric[0] + 50); // sea green around it
    expect((await store.info(out.assets.image))?.kind).toBe("mockup");
    // bad params are refused before any work
    await expect(compose.run({ params: { view: "side", color: { name: "x", hex: "red" } }, inputs }, providerCtx(store))).rejects.toThrow();
  });

  it("mockup.compose local and render.hero compositor share one compose-and-store path: same inputs, same pixels", async () => {
    const store = makeStore(t);
    const passes = await storePasses(store, syntheticPasses({ size: 2048, shading: "folds" }));
    const designKey = await store.put(await solidPng(120, 80, [250, 200, 0, 255]), { kind: "design", mediaType: "image/png" });
    const inputs: Record<string, StepOutput> = {
      "passes:front": { assets: passes, data: { view: "front", renderer: "blender" } },
      model: { assets: { glb: "f".repeat(64) }, data: { info: { name: "card", printAreas: [FULL_AREA], tintMaterials: [] } as never } },
    };
    const common = { view: "front", color: { name: "Navy", hex: "#1E2A4A" }, designKey, placement: { scale: 0.4 }, size: 1024, format: "png" };
    const composed = await byCap("mockup.compose").run({ params: common, inputs }, providerCtx(store));
    const hero2 = await byCap("render.hero").run({ params: { ...common, transparent: false }, inputs }, providerCtx(store));
    expect(await store.get(hero2.assets.image)).toEqual(await store.get(composed.assets.image));
    expect((await store.info(composed.assets.image))?.mediaType).toBe("image/png");
    const img = await rawOf(await store.get(hero2.assets.image));
    expect([img.width, img.height]).toEqual([1024, 1024]);
    const centre = img.at(512, 512);
    expect(centre[0]).toBeGreaterThan(centre[2] + 60); // the yellow design in the middle
  });

  it("render.passes raster + render.hero compositor on the library tee", async () => {
    const store = makeStore(t);
    const tee = await loadModel("tee");
    const glb = await store.put(tee.glb, { kind: "glb", mediaType: "model/gltf-binary" });
    const model: StepOutput = { assets: { glb }, data: { info: tee.info as never } };
    const raster = byCap("render.passes");
    expect(raster.degraded).toBe(true);
    const passes = await raster.run({ params: { view: "front", size: 1024 }, inputs: { model } }, providerCtx(store));
    expect(passes.data).toMatchObject({ view: "front", renderer: "raster", degraded: true });
    const uvMeta = await sharp(await store.get(passes.assets.uv)).metadata();
    expect([uvMeta.width, uvMeta.depth, uvMeta.channels]).toEqual([1024, "ushort", 3]);
    const mask = await sharp(await store.get(passes.assets.mask)).stats();
    expect(mask.channels[0].mean).toBeGreaterThan(255 * 0.15); // the tee covers a good part of the frame
    expect(mask.channels[0].mean).toBeLessThan(255 * 0.8);

    const hero = byCap("render.hero");
    const designKey = await store.put(await solidPng(300, 300, [250, 200, 0, 255]), { kind: "design", mediaType: "image/png" });
    const out = await hero.run(
      { params: { view: "front", color: { name: "Navy", hex: "#1E2A4A" }, designKey, size: 512, samples: 16, transparent: true }, inputs: { model } },
      providerCtx(store),
    );
    expect(out.data).toMatchObject({ renderer: "compositor", degraded: true, width: 512 });
    const meta = await sharp(await store.get(out.assets.image)).metadata();
    expect([meta.format, meta.width, meta.height, meta.hasAlpha]).toEqual(["png", 512, 512, true]);
  });

  it("mockup.catalog local: a step over passes inputs, progress reported, failures listed", async () => {
    const store = makeStore(t);
    const passes = await storePasses(store, syntheticPasses({ size: 1024 }));
    const good = await store.put(await solidPng(100, 100, [0, 0, 0, 255]), { kind: "design", mediaType: "image/png" });
    const bad = await store.put(Buffer.from("not an image at all"), { kind: "design", mediaType: "image/png" });
    const { catalogProvider } = await import("../../app/mockups/catalog/provider");
    const { MemoryMockupCache } = await import("../../app/mockups/catalog/cache");
    const cache = new MemoryMockupCache();
    const p = catalogProvider({ cache: () => cache, threads: 1 });
    const progress: number[] = [];
    const out = await p.run(
      {
        params: { model: "card", designs: [{ key: good, name: "good" }, { key: bad, name: "bad" }], colors: [{ name: "Red", hex: "#FF0000" }, { name: "Blue", hex: "#0000FF" }], views: ["front"], size: 1024, format: "webp" },
        inputs: {
          "passes:card:front": { assets: passes, data: { view: "front" } },
          "model:card": { assets: {}, data: { info: { name: "card", printAreas: [FULL_AREA], tintMaterials: [] } as never } },
        },
      },
      providerCtx(store, progress),
    );
    expect(out.data).toMatchObject({ computed: 2, failed: 2, cached: 0 });
    // assets keyed by view/design index/colour index; readable names in data.items
    expect(Object.keys(out.assets).sort()).toEqual(["front/0/0", "front/0/1"]);
    const items = out.data.items as { asset: string; name: string; status: string }[];
    expect(items.map((i) => [i.asset, i.name, i.status])).toEqual([
      ["front/0/0", "front/good/Red", "computed"],
      ["front/0/1", "front/good/Blue", "computed"],
      ["front/1/0", "front/bad/Red", "failed"],
      ["front/1/1", "front/bad/Blue", "failed"],
    ]);
    expect(progress.at(-1)).toBe(1);
    expect((await sharp(await store.get(out.assets["front/0/0"])).metadata()).format).toBe("webp");
  });

  it("mockup.catalog local: the longest allowed names and two same-named designs give valid, distinct outputs", async () => {
    const store = makeStore(t);
    const passes = await storePasses(store, syntheticPasses({ size: 1024 }));
    const red = await store.put(await solidPng(100, 100, [200, 0, 0, 255]), { kind: "design", mediaType: "image/png" });
    const blue = await store.put(await solidPng(100, 100, [0, 0, 200, 255]), { kind: "design", mediaType: "image/png" });
    const { catalogProvider } = await import("../../app/mockups/catalog/provider");
    const { MemoryMockupCache } = await import("../../app/mockups/catalog/cache");
    const { stepOutputSchema } = await import("../../app/pipeline/step-cache");
    const longName = "D".repeat(100); // the job schema's maximum; longer names are refused there
    const longColour = "C".repeat(64);
    const p = catalogProvider({ cache: () => new MemoryMockupCache(), threads: 0 });
    const out = await p.run(
      {
        params: {
          model: "card",
          designs: [{ key: red, name: longName }, { key: blue, name: longName }, { key: blue, name: "logo" }, { key: red, name: "logo" }],
          colors: [{ name: longColour, hex: "#FFFFFF" }],
          views: ["three_quarter"],
          size: 1024,
          format: "png",
        },
        inputs: {
          "passes:card:three_quarter": { assets: passes, data: { view: "three_quarter" } },
          "model:card": { assets: {}, data: { info: { name: "card", printAreas: [FULL_AREA], tintMaterials: [] } as never } },
        },
      },
      providerCtx(store),
    );
    // the orchestrator's own output check accepts it (asset names ≤ 100 characters)
    expect(stepOutputSchema.safeParse(out).success).toBe(true);
    // four mockups, four distinct assets: same-named designs do not overwrite each other
    expect(Object.keys(out.assets).sort()).toEqual(["three_quarter/0/0", "three_quarter/1/0", "three_quarter/2/0", "three_quarter/3/0"]);
    const items = out.data.items as { asset: string; name: string; design: string; designKey: string; image: string }[];
    expect(items.map((i) => i.name)).toEqual([longName, longName, "logo", "logo"].map((d) => `three_quarter/${d}/${longColour}`));
    for (const i of items) expect(out.assets[i.asset]).toBe(i.image);
    // each asset is the mockup of its own design: red designs are redder than blue ones at the print centre
    const redness = async (key: string) => {
      const { data, info } = await sharp(await store.get(key)).removeAlpha().raw().toBuffer({ resolveWithObject: true });
      let r = 0;
      let b = 0;
      for (let px = 0; px < info.width * info.height; px++) {
        r += data[px * 3];
        b += data[px * 3 + 2];
      }
      return r - b;
    };
    const [r0, b1, b2, r3] = await Promise.all(["three_quarter/0/0", "three_quarter/1/0", "three_quarter/2/0", "three_quarter/3/0"].map((k) => redness(out.assets[k])));
    expect(r0).toBeGreaterThan(0);
    expect(r3).toBeGreaterThan(0);
    expect(b1).toBeLessThan(0);
    expect(b2).toBeLessThan(0);
  });
});
