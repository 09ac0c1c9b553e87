/**
 * The design on the 3D model: model.fetch → asset.optimize → asset.variants → asset.decal on the committed tee.
 * The result passes the validator, stays within 2 MB with the three colours, has its decal layer named as the
 * contract says (own material, own texture, no colour-variant mapping), and the design's pixels are in the
 * atlas where the placement puts them.
 */
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pino from "pino";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalDiskBlobStore } from "../../app/assets/store/local-disk";
import { ShopAssetStore } from "../../app/assets/store/asset-store.server";
import { DEFAULTS as DECAL } from "../../app/contracts/decal-layer";
import { decalProvider } from "../../app/decal/provider";
import { getIO } from "../../app/gltf/io";
import { gltfProviders } from "../../app/gltf/providers";
import { validateGlb } from "../../app/gltf/validate";
import { libraryProviders } from "../../app/library/providers";
import type { Provider, ProviderContext, StepOutput } from "../../app/pipeline/types";
import { createTestDb, type TestDb } from "../helpers/db";

let t: TestDb;
let store: ShopAssetStore;
beforeAll(async () => {
  t = await createTestDb();
  store = new ShopAssetStore("decal.myshopify.com", t.db, new LocalDiskBlobStore(mkdtempSync(path.join(os.tmpdir(), "decal-blobs-"))));
});
afterAll(() => t.drop());

const ctx = (stepName: string): ProviderContext => ({
  shop: store.shop, jobId: "j1", stepId: stepName, stepName, attempt: 1, signal: new AbortController().signal, assets: store, log: pino({ level: "silent" }), progress() {},
});
const byCap = (cap: string): Provider => [...gltfProviders(), ...libraryProviders()].find((p) => p.capability === cap)!;

describe("asset.decal", () => {
  it("puts the design on its own layer over the print area, untouched by the colour variants, within 2 MB", async () => {
    const model = await byCap("model.fetch").run({ params: { model: "tee" }, inputs: {} }, ctx("model"));
    const optimize = await byCap("asset.optimize").run({ params: {}, inputs: { model } }, ctx("optimize"));
    const colors = [{ name: "Forest Green", hex: "#2E8B57" }, { name: "Beige", hex: "#F5DEB3" }, { name: "Black", hex: "#000000" }];
    const variants = await byCap("asset.variants").run({ params: { colors }, inputs: { model, optimize } }, ctx("variants"));
    // a red square logo, half the front's width, centred
    const logo = await sharp({ create: { width: 600, height: 600, channels: 4, background: { r: 220, g: 20, b: 20, alpha: 1 } } }).png().toBuffer();
    const key = await store.put(logo, { kind: "design", mediaType: "image/png", width: 600, height: 600 });
    const inputs: Record<string, StepOutput> = { variants, model };
    const out = await decalProvider.run({ params: { designs: [{ key, placement: { area: "front", scale: 0.5 } }] }, inputs }, ctx("decal"));

    expect(out.data.variants).toEqual(colors.map((c) => c.name));
    const glb = new Uint8Array(await store.get(out.assets.glb));
    expect(glb.byteLength).toBeLessThanOrEqual(DECAL.maxGlbBytes);
    expect((await validateGlb(glb)).errors).toBe(0);

    const doc = await (await getIO()).readBinary(glb);
    const decal = doc.getRoot().listMaterials().find((m) => m.getName() === DECAL.material);
    expect(decal).toBeDefined();
    expect(decal!.getAlphaMode()).toBe("BLEND");
    const tex = decal!.getBaseColorTexture();
    expect(tex).toBeTruthy();
    // the decal layer's primitives: own material, and no colour-variant mapping on them
    const prims = doc.getRoot().listMeshes().flatMap((m) => m.listPrimitives());
    const decalPrims = prims.filter((p) => p.getMaterial() === decal);
    expect(decalPrims.length).toBeGreaterThan(0);
    const tris = decalPrims.reduce((n, p) => n + (p.getIndices()?.getCount() ?? p.getAttribute("POSITION")!.getCount()) / 3, 0);
    expect(tris).toBeGreaterThan(50);
    for (const p of decalPrims) expect(p.getExtension("KHR_materials_variants")).toBeNull();
    const tinted = prims.filter((p) => p.getExtension("KHR_materials_variants"));
    expect(tinted.length).toBeGreaterThan(0);

    // the atlas: red where the front print area's centre is, transparent elsewhere
    const info = model.data.info as { printAreas: { name: string; uv: { u0: number; v0: number; u1: number; v1: number } }[] };
    const front = info.printAreas.find((a) => a.name === "front")!;
    const img = sharp(Buffer.from(tex!.getImage()!)).ensureAlpha();
    const { data, info: size } = await img.raw().toBuffer({ resolveWithObject: true });
    const px = (u: number, v: number) => {
      const i = (Math.floor(v * size.height) * size.width + Math.floor(u * size.width)) * 4;
      return [data[i], data[i + 1], data[i + 2], data[i + 3]];
    };
    const cu = (front.uv.u0 + front.uv.u1) / 2, cv = (front.uv.v0 + front.uv.v1) / 2;
    const [r, g, b, a] = px(cu, cv);
    expect(a).toBeGreaterThan(240);
    expect(r).toBeGreaterThan(180);
    expect(g + b).toBeLessThan(100);
    expect(px(0.02, 0.98)[3]).toBe(0);
    expect(size.width).toBe(DECAL.atlasSize);
  });

  it("without designs publishes the layer empty: transparent, over every print area, valid, small", async () => {
    const model = await byCap("model.fetch").run({ params: { model: "tee" }, inputs: {} }, ctx("model"));
    const optimize = await byCap("asset.optimize").run({ params: {}, inputs: { model } }, ctx("optimize"));
    const colors = [{ name: "Forest Green", hex: "#2E8B57" }, { name: "Black", hex: "#000000" }];
    const variants = await byCap("asset.variants").run({ params: { colors }, inputs: { model, optimize } }, ctx("variants"));
    const out = await decalProvider.run({ params: { designs: [] }, inputs: { variants, model } }, ctx("decal"));
    expect(out.data.decal).toMatchObject({ material: DECAL.material, areas: [] });
    const glb = new Uint8Array(await store.get(out.assets.glb));
    const plain = await store.get(variants.assets.glb);
    expect((await validateGlb(glb)).errors).toBe(0);
    const doc = await (await getIO()).readBinary(glb);
    const decal = doc.getRoot().listMaterials().find((m) => m.getName() === DECAL.material)!;
    expect(decal.getAlphaMode()).toBe("BLEND");
    // one transparent texel: the layer shows nothing until the editor paints its texture
    const { data, info } = await sharp(Buffer.from(decal.getBaseColorTexture()!.getImage()!)).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([1, 1]);
    expect(data[3]).toBe(0);
    // the layer covers every print area the model has: each area's centre lies in a decal triangle's UVs
    const printAreas = (model.data.info as { printAreas: { name: string; uv: { u0: number; v0: number; u1: number; v1: number } }[] }).printAreas;
    const tris = doc.getRoot().listMeshes().flatMap((m) => m.listPrimitives()).filter((p) => p.getMaterial() === decal).map((p) => ({ uv: p.getAttribute("TEXCOORD_0")!.getArray()!, idx: p.getIndices()!.getArray()! }));
    const covered = (u: number, v: number) =>
      tris.some(({ uv, idx }) => {
        for (let i = 0; i + 2 < idx.length; i += 3) {
          const [a, b, c] = [idx[i] * 2, idx[i + 1] * 2, idx[i + 2] * 2];
          const [ax, ay, bx, by, cx, cy] = [uv[a], uv[a + 1], uv[b], uv[b + 1], uv[c], uv[c + 1]];
          const d = (bx - ax) * (cy - ay) - (cx - ax) * (by - ay);
          const s1 = ((bx - u) * (cy - v) - (cx - u) * (by - v)) / d, s2 = ((cx - u) * (ay - v) - (ax - u) * (cy - v)) / d;
          if (s1 >= 0 && s2 >= 0 && s1 + s2 <= 1) return true;
        }
        return false;
      });
    expect(printAreas.length).toBeGreaterThanOrEqual(2);
    for (const a of printAreas) expect(covered((a.uv.u0 + a.uv.u1) / 2, (a.uv.v0 + a.uv.v1) / 2), a.name).toBe(true);
    // what the empty layer costs the page: its lifted triangles, no atlas
    console.log(`empty decal layer: ${plain.length} → ${glb.byteLength} bytes`);
    expect(glb.byteLength).toBeLessThanOrEqual(DECAL.maxGlbBytes);
    // indexed like the garment (each vertex copied once): a fifth more at most (unindexed copies added two thirds)
    expect(glb.byteLength).toBeLessThan(plain.length * 1.2);
  });

  it("refuses bad params with a clear error and stores nothing", async () => {
    const before = await t.db.asset.count();
    await expect(decalProvider.run({ params: { designs: "all" }, inputs: {} }, ctx("decal"))).rejects.toThrow(/asset\.decal/);
    await expect(decalProvider.run({ params: { designs: [{ key: "nope" }] }, inputs: {} }, ctx("decal"))).rejects.toThrow(/asset\.decal/);
    expect(await t.db.asset.count()).toBe(before);
  });
});
