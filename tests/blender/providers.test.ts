/** The Blender providers called directly with a real shop asset store: outputs, asset kinds, and clear failures. */
import { readFileSync } from "node:fs";
import path from "node:path";
import pino from "pino";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ShopAssetStore } from "../../app/assets/store/asset-store.server";
import { BlenderPool } from "../../app/blender/pool";
import { blenderDrapeProvider, blenderHeroProvider, blenderPassesProvider } from "../../app/blender/providers";
import type { JsonObject, ProviderContext, StepInput } from "../../app/pipeline/types";
import { fixture, SHOP, type Fixture } from "../pipeline/helpers";
import { GARMENTS, HAS_BLENDER, pixels } from "./helpers";

let f: Fixture;
let store: ShopAssetStore;
let pool: BlenderPool;
let modelOut: StepInput["inputs"][string];

const ctx = (): ProviderContext => ({
  shop: SHOP,
  jobId: "job",
  stepId: "step",
  stepName: "step",
  attempt: 1,
  signal: new AbortController().signal,
  assets: store,
  log: pino({ level: "silent" }),
  progress: () => {},
});

beforeAll(async () => {
  f = await fixture();
  store = new ShopAssetStore(SHOP, f.t.db, f.blobs);
  pool = new BlenderPool({ size: 1 });
  const glb = await store.put(readFileSync(path.join(GARMENTS, "tee.glb")), { kind: "glb", mediaType: "model/gltf-binary" });
  modelOut = { assets: { glb }, data: { info: JSON.parse(readFileSync(path.join(GARMENTS, "tee.json"), "utf8")) as JsonObject } };
});
afterAll(async () => {
  await pool.close();
  await f.close();
});

describe.skipIf(!HAS_BLENDER)("Blender providers", () => {
  it("render.passes stores uv/shading/mask assets with their kinds", async () => {
    const out = await blenderPassesProvider(pool).run({ params: { view: "front", size: 128, samples: 4 }, inputs: { model: modelOut } }, ctx());
    expect(out.data).toMatchObject({ view: "front", width: 128, height: 128, renderer: "blender", model: modelOut.assets.glb });
    for (const [name, kind] of [["uv", "pass.uv"], ["shading", "pass.shading"], ["mask", "pass.mask"]]) {
      const info = await store.info(out.assets[name]);
      expect(info).toMatchObject({ kind, mediaType: "image/png", width: 128, height: 128 });
    }
  });

  it("render.hero puts a design from the asset store through the named print area", async () => {
    const design = await store.put(await sharp({ create: { width: 64, height: 64, channels: 4, background: "#00c000ff" } }).png().toBuffer(), { kind: "design", mediaType: "image/png" });
    const params = { view: "front", color: { name: "White", hex: "#ffffff" }, designKey: design, placement: { area: "front", scale: 0.8 }, size: 128, samples: 4 };
    const out = await blenderHeroProvider(pool).run({ params, inputs: { model: modelOut } }, ctx());
    const img = await pixels(await store.get(out.assets.image));
    expect([img.width, img.channels]).toEqual([128, 4]);
    const i = 4 * (52 * 128 + 64);
    expect(img.data[i + 1] - img.data[i]).toBeGreaterThan(60); // green on the chest
    expect(await store.info(out.assets.image)).toMatchObject({ kind: "render", mediaType: "image/png" });
  });

  it("render.hero fails clearly (non-retryable) for a print area the model does not have", async () => {
    const design = await store.put(await sharp({ create: { width: 8, height: 8, channels: 3, background: "#000" } }).png().toBuffer(), { kind: "design", mediaType: "image/png" });
    const params = { view: "front", color: { name: "White", hex: "#ffffff" }, designKey: design, placement: { area: "pocket" }, size: 64, samples: 1 };
    await expect(blenderHeroProvider(pool).run({ params, inputs: { model: modelOut } }, ctx())).rejects.toMatchObject({ nonRetryable: true, message: expect.stringMatching(/pocket/) });
  });

  it("rejects bad params before Blender runs", async () => {
    await expect(blenderPassesProvider(pool).run({ params: { view: "top" }, inputs: { model: modelOut } }, ctx())).rejects.toThrow();
    await expect(blenderDrapeProvider(pool).run({ params: { garment: "sock" }, inputs: {} }, ctx())).rejects.toThrow();
    await expect(blenderPassesProvider(pool).run({ params: { view: "front" }, inputs: {} }, ctx())).rejects.toThrow(/glb/);
  });

  it("garment.drape returns a GLB asset and the ModelInfo (short simulation)", async () => {
    const out = await blenderDrapeProvider(pool).run({ params: { garment: "hoodie", size: "L", frames: 4 }, inputs: {} }, ctx());
    expect(out.data.info).toMatchObject({ name: "hoodie", productType: "hoodie", tintMaterials: ["fabric"], title: "Pullover hoodie (L)" });
    const info = await store.info(out.assets.glb);
    expect(info?.kind).toBe("glb");
    expect(info?.triangles).toBeLessThan(15_000);
  });
});

describe("Blender providers without Blender", () => {
  it("say they are unavailable and fail fast", async () => {
    const none = new BlenderPool({ blender: null });
    for (const p of [blenderDrapeProvider(none), blenderPassesProvider(none), blenderHeroProvider(none)]) {
      expect(await p.isAvailable!(SHOP)).toBe(false);
      await expect(p.run({ params: {}, inputs: {} }, ctx())).rejects.toMatchObject({ code: "unavailable", nonRetryable: true });
    }
  });
});
