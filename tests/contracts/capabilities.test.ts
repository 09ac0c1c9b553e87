/**
 * One params contract per capability: every registered provider carries its capability's schema (the same
 * object), accepts what the contract accepts and refuses what it refuses, before it touches the asset store.
 */
import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import type { AssetStore } from "../../app/assets/store/types";
import { blenderProviders } from "../../app/blender/providers";
import { BlenderPool } from "../../app/blender/pool";
import { CAPABILITY_PARAMS, type ContractCapability } from "../../app/contracts/capabilities";
import { DEFAULTS as HERO } from "../../app/contracts/render-hero";
import { orderedProviders } from "../../app/providers.server";
import { isBadInput } from "../../app/pipeline/registry";
import type { JsonObject, Provider } from "../../app/pipeline/types";
import { providerCtx } from "../mockups/ctx";

const KEY = "a".repeat(64);

const colour = { name: "Forest Green", hex: "#2E8B57" };

/** Per capability: params every provider must accept, and params every provider must refuse. */
const CASES: Record<ContractCapability, { valid: JsonObject[]; invalid: JsonObject[] }> = {
  "model.fetch": { valid: [{ model: "tee" }, { model: "tee", pose: "flat" }], invalid: [{}, { model: "../tee" }, { model: "Tee Shirt" }, { model: "tee", pose: "lying" }] },
  "model.import": { valid: [{ source: KEY }, { source: KEY, productType: "mug", fileName: "mug.obj" }], invalid: [{}, { source: "abc" }, { source: KEY, productType: "boat" }] },
  "garment.drape": { valid: [{ garment: "tee" }, { garment: "hoodie", size: "L", frames: 4 }], invalid: [{}, { garment: "dress" }, { garment: "tee", size: "XXL" }, { garment: "tee", frames: 1 }] },
  "asset.optimize": { valid: [{}, { maxTexture: 2048, lowDetail: true }], invalid: [{ maxTexture: 512 }, { lowDetail: "yes" }] },
  "asset.variants": {
    valid: [{ colors: [colour] }],
    invalid: [{}, { colors: [] }, { colors: [colour, colour] }, { colors: [{ name: "x", hex: "green" }] }],
  },
  "render.passes": { valid: [{ view: "front" }, { view: "flat_lay", size: 1024, samples: 4 }], invalid: [{}, { view: "side" }, { view: "front", size: 8 }, { view: "front", size: 8192 }] },
  "render.hero": {
    valid: [{ view: "front", color: colour }, { view: "back", color: colour, designKey: KEY, placement: { area: "back", widthCm: 20 }, size: 2048, samples: 8, transparent: false }],
    invalid: [
      { view: "front" },
      { view: "front", color: colour, size: 4096 },
      { view: "front", color: colour, size: 8 },
      { view: "front", color: colour, designKey: "nope" },
      { view: "front", color: colour, placement: { scale: 2 } },
      { view: "front", color: colour, format: "gif" },
    ],
  },
  "mockup.compose": {
    valid: [{ view: "front", color: colour }, { view: "three_quarter", color: colour, designKey: KEY, size: 2048, format: "webp", backdrop: "transparent" }],
    invalid: [{ view: "front", color: colour, size: 512 }, { view: "front", color: colour, backdrop: "red" }, { color: colour }],
  },
  "mockup.catalog": {
    valid: [{ model: "tee", designs: [{ key: KEY }], colors: [colour], views: ["front"] }],
    invalid: [{ model: "tee", designs: [], colors: [colour], views: ["front"] }, { model: "tee", designs: [{ key: KEY }], colors: [colour], views: [] }],
  },
  "asset.decal": {
    // no designs: the empty layer the shopper's editor paints (decision 115)
    valid: [{}, { designs: [] }, { designs: [{ key: KEY }] }, { designs: [{ key: KEY, placement: { area: "back", scale: 0.5 } }], atlasSize: 2048 }],
    invalid: [{ designs: [{ key: "nope" }] }, { designs: "all" }, { designs: [{ key: KEY }], atlasSize: 4096 }, { designs: [{ key: KEY, placement: { scale: 2 } }] }],
  },
  "shopify.publish": {
    // the merchant's publish job (a product, optionally a product job or a version); the pipeline step needs inputs
    valid: [{ productId: "gid://shopify/Product/1" }, { productId: "gid://shopify/Product/1", versionId: "v1abc" }],
    invalid: [
      {},
      { productId: "1" },
      { productId: "gid://shopify/Product/1", versionId: "../x" },
      { productId: "gid://shopify/Product/1", glbStep: "variants", infoStep: "model", colors: [], views: ["front"], images: [] },
    ],
  },
  "mockup.live": {
    valid: [{ model: "tee", color: colour, views: ["front"], designKey: KEY }, { model: "hoodie", color: colour, views: ["front", "back"], designKey: KEY, size: 512, format: "png" }],
    invalid: [{ model: "tee", color: colour, views: [], designKey: KEY }, { model: "tee", color: colour, views: ["front"] }, { model: "tee", color: colour, views: ["front"], designKey: KEY, size: 64 }],
  },
  "design.cutout": { valid: [{ designKey: KEY }, { designKey: KEY, tolerance: 10 }], invalid: [{}, { designKey: KEY, tolerance: 0 }] },
  "order.printfile": {
    valid: [{ designId: "d1", lineId: "123", areas: [{ area: { name: "front", widthCm: 30, heightCm: 40 }, layers: [{ assetKey: KEY }] }] }],
    invalid: [
      { designId: "d1", lineId: "abc", areas: [{ area: { name: "front", widthCm: 30, heightCm: 40 }, layers: [{ assetKey: KEY }] }] },
      { designId: "d1", lineId: "123", areas: [] },
      { designId: "d1", lineId: "123", areas: [{ area: { name: "front", widthCm: 30, heightCm: 40 }, layers: [{ assetKey: KEY }] }], dpi: 10 },
    ],
  },
};

/** A store that refuses every call: a provider that reaches it has already accepted its params. */
const untouchable = new Proxy({ shop: "contracts.myshopify.com" } as AssetStore, {
  get(target, prop) {
    if (prop === "shop") return target.shop;
    if (prop === "then") return undefined;
    return () => Promise.reject(new Error("REACHED_THE_STORE"));
  },
});
const ctx = providerCtx(untouchable);

/** The deployment's providers, with Blender's on a pool that says it is there but refuses every job. */
function providers(): Provider[] {
  const refusing = { available: true, run: () => Promise.reject(new Error("REACHED_BLENDER")) } as unknown as BlenderPool;
  const blender = blenderProviders(refusing);
  return orderedProviders().map((p) => (p.name === "blender" ? blender.find((o) => o.capability === p.capability)! : p));
}

const paramsError = (err: unknown) => err instanceof ZodError || (err as Error)?.name === "ZodError" || /invalid [a-z.]+ params/.test(String((err as Error)?.message));

describe("capability contracts", () => {
  const all = providers();

  it("every registered provider carries its capability's one params schema, and every contract has a provider", () => {
    for (const p of all) {
      expect(Object.keys(CAPABILITY_PARAMS), `${p.capability} has no contract`).toContain(p.capability);
      expect(p.params, `${p.capability}/${p.name}`).toBe(CAPABILITY_PARAMS[p.capability as ContractCapability]);
    }
    for (const c of Object.keys(CAPABILITY_PARAMS)) expect(all.some((p) => p.capability === c), c).toBe(true);
    // render.hero has two providers (blender, compositor): the fallback now answers the same question
    expect(all.filter((p) => p.capability === "render.hero").map((p) => p.name).sort()).toEqual(["blender", "compositor"]);
  });

  for (const [capability, cases] of Object.entries(CASES)) {
    it(`${capability}: every provider refuses the invalid params as bad input, before any work, and accepts the valid ones`, async () => {
      const mine = all.filter((p) => p.capability === capability);
      expect(mine.length).toBeGreaterThan(0);
      for (const p of mine) {
        for (const params of cases.invalid) {
          expect(CAPABILITY_PARAMS[capability as ContractCapability].safeParse(params).success, JSON.stringify(params)).toBe(false);
          const err = await p.run({ params, inputs: {} }, ctx).then(() => null, (e: unknown) => e);
          expect(err, `${p.name} accepted ${JSON.stringify(params)}`).not.toBeNull();
          expect(isBadInput(err), `${p.name}: ${String(err)}`).toBe(true);
          expect(paramsError(err), `${p.name}: ${String(err)}`).toBe(true);
          expect(String(err)).not.toMatch(/REACHED_THE_STORE|REACHED_BLENDER/);
        }
        for (const params of cases.valid) {
          expect(p.params!.safeParse(params).success, JSON.stringify(params)).toBe(true);
          // it fails further on (no inputs, no store, no Blender), but never on its params
          const err = await p.run({ params, inputs: {} }, ctx).then(() => null, (e: unknown) => e);
          expect(paramsError(err), `${p.name} refused valid ${JSON.stringify(params)}: ${String(err)}`).toBe(false);
        }
      }
    });
  }

  it("one hero default for every provider and the product job", async () => {
    const { productJobSpec } = await import("../../app/pipeline/pipelines/product");
    const spec = productJobSpec({ shop: "s", productId: "p", model: "tee", colors: [colour], heroes: { views: ["front"] } });
    expect(spec.steps.find((s) => s.capability === "render.hero")?.params).toMatchObject({ size: HERO.size });
    expect(CAPABILITY_PARAMS["render.hero"].parse({ view: "front", color: colour })).toMatchObject({ size: 1024, transparent: true, format: "png" });
  });
});
