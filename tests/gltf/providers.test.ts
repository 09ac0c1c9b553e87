/** The providers as the orchestrator calls them: model.fetch → asset.optimize → asset.variants on a real asset store. */
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalDiskBlobStore } from "../../app/assets/store/local-disk";
import { ShopAssetStore } from "../../app/assets/store/asset-store.server";
import { gltfProviders } from "../../app/gltf/providers";
import { libraryProviders } from "../../app/library/providers";
import { validateGlb } from "../../app/gltf/validate";
import { linearFactorToRgb8, hexToRgb } from "../../app/gltf/color";
import type { Provider, ProviderContext, StepOutput } from "../../app/pipeline/types";
import { createTestDb, type TestDb } from "../helpers/db";
import { glbJson, SAMPLES_DIR } from "./helpers";

let t: TestDb;
let store: ShopAssetStore;
beforeAll(async () => {
  t = await createTestDb();
  store = new ShopAssetStore("prov.myshopify.com", t.db, new LocalDiskBlobStore(mkdtempSync(path.join(os.tmpdir(), "prov-blobs-"))));
});
afterAll(() => t.drop());

const ctx = (stepName: string, signal = new AbortController().signal): ProviderContext => ({
  shop: store.shop, jobId: "j1", stepId: stepName, stepName, attempt: 1, signal, assets: store, log: pino({ level: "silent" }), progress() {},
});
const byCap = (cap: string): Provider => [...gltfProviders(), ...libraryProviders()].find((p) => p.capability === cap)!;

describe("providers", () => {
  it("exports one local provider per capability", () => {
    expect(gltfProviders().map((p) => p.capability)).toEqual(["model.import", "asset.optimize", "asset.variants"]);
    expect(libraryProviders().map((p) => p.capability)).toEqual(["model.fetch"]);
  });

  it("fetch → optimize → variants produces a valid stored GLB with exactly the requested colours", async () => {
    const model = await byCap("model.fetch").run({ params: { model: "tee" }, inputs: {} }, ctx("model"));
    expect(model.data.info).toMatchObject({ name: "tee", productType: "tshirt" });
    expect((await store.info(model.assets.glb))?.kind).toBe("glb");

    const optimized = await byCap("asset.optimize").run({ params: { lowDetail: true }, inputs: { model } }, ctx("optimize"));
    expect(optimized.assets.glbLow).toMatch(/^[0-9a-f]{64}$/);
    const report = optimized.data.report as any;
    expect(report.after.triangles).toBeLessThan(10_000);
    expect(report.validator.errors).toBe(0);
    const info = await store.info(optimized.assets.glb);
    expect(info?.triangles).toBe(report.after.triangles);
    expect(info?.mediaType).toBe("model/gltf-binary");

    const colors = [{ name: "Forest Green", hex: "#228B22" }, { name: "Beige", hex: "#F5DEB3" }, { name: "Black", hex: "#000000" }];
    // the raw model listed first: the provider must still take the optimised GLB
    const inputs: Record<string, StepOutput> = { model, optimize: optimized };
    const variants = await byCap("asset.variants").run({ params: { colors }, inputs }, ctx("variants"));
    expect(variants.data.variants).toEqual(colors.map((c) => c.name));
    expect((await store.info(variants.assets.glb))?.triangles).toBe(report.after.triangles);
    const glb = new Uint8Array(await store.get(variants.assets.glb));
    expect((await validateGlb(glb)).errors).toBe(0);
    const json = glbJson(glb);
    expect(json.extensionsUsed).toEqual(expect.arrayContaining(["KHR_materials_variants", "EXT_meshopt_compression", "EXT_texture_webp"]));
    for (const [i, c] of colors.entries()) {
      const mat = json.materials.find((m: { name: string }) => m.name === `fabric / ${c.name}`);
      expect(linearFactorToRgb8(mat.pbrMetallicRoughness?.baseColorFactor ?? [1, 1, 1, 1]), c.name).toEqual(hexToRgb(colors[i].hex));
    }
  });

  it("model.import stores a normalised GLB with its info for an uploaded model", async () => {
    const source = await store.put(readFileSync(path.join(SAMPLES_DIR, "mug_kenney.glb")), { kind: "upload", mediaType: "model/gltf-binary" });
    const out = await byCap("model.import").run({ params: { source, fileName: "mug.glb", productType: "mug", name: "kenney-mug" }, inputs: {} }, ctx("import"));
    expect(out.data.info).toMatchObject({ name: "kenney-mug", productType: "mug" });
    const glb = new Uint8Array(await store.get(out.assets.glb));
    expect((await validateGlb(glb)).errors).toBe(0);
    expect(glbJson(glb).extras.mockup.name).toBe("kenney-mug");
  });

  it("bad params are refused without storing anything", async () => {
    await expect(byCap("model.fetch").run({ params: { model: "../../x" }, inputs: {} }, ctx("m"))).rejects.toThrow(/library name/);
    await expect(byCap("asset.variants").run({ params: { colors: [{ name: "X", hex: "red" }] }, inputs: {} }, ctx("v"))).rejects.toThrow(/#RRGGBB/);
    await expect(byCap("asset.optimize").run({ params: { maxTexture: 4096 }, inputs: {} }, ctx("o"))).rejects.toThrow(/maxTexture/);
  });

  it("an aborted step stops without storing its output", async () => {
    const model = await byCap("model.fetch").run({ params: { model: "mug" }, inputs: {} }, ctx("model"));
    const ac = new AbortController();
    ac.abort();
    await expect(byCap("asset.optimize").run({ params: {}, inputs: { model } }, ctx("optimize", ac.signal))).rejects.toThrow(/aborted/);
  });
});
