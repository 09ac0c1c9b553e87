/**
 * Print files: canvas = print area × 300 DPI, alpha kept, the design's pixels preserved inside its placement,
 * DPI and sRGB written in the PNG, the fast path making the same pixels as the plain composite, the low-DPI
 * flag, and the provider reading only its own shop's assets.
 */
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { printFileAssetName, printFileDataSchema } from "../../app/contracts/printfile";
import { canvasSize, layerBox, resolvePlacement } from "../../app/orders/printfile/layout";
import { headerChunks, pngDpi } from "../../app/orders/printfile/png-srgb";
import { localPrintFileProvider } from "../../app/orders/printfile/provider";
import { renderPrintFile } from "../../app/orders/printfile/render";
import { orderJobSpec } from "../../app/orders/job";
import { createTestDb, type TestDb } from "../helpers/db";
import { providerCtx } from "../mockups/ctx";
import { makeStore } from "../mockups/helpers";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.drop());

/** A design with an opaque coloured core, a soft alpha rim and transparent corners (like a shopper's logo). */
async function logo(w: number, h: number): Promise<Buffer> {
  const px = Buffer.alloc(w * h * 4);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 4;
      const r = Math.hypot((x - w / 2) / (w / 2), (y - h / 2) / (h / 2));
      px[i] = 200;
      px[i + 1] = (x * 255) / w;
      px[i + 2] = (y * 255) / h;
      px[i + 3] = r < 0.7 ? 255 : r < 0.95 ? Math.round(255 * (1 - (r - 0.7) / 0.25)) : 0;
    }
  }
  return sharp(px, { raw: { width: w, height: h, channels: 4 } }).png().toBuffer();
}

/** Mean of R·α, G·α, B·α (0..255) and of α: what a print shows, whatever colour hides under alpha 0. */
function premultipliedMeans(px: Buffer): number[] {
  const sum = [0, 0, 0, 0];
  for (let i = 0; i < px.length; i += 4) {
    const a = px[i + 3] / 255;
    sum[0] += px[i] * a;
    sum[1] += px[i + 1] * a;
    sum[2] += px[i + 2] * a;
    sum[3] += px[i + 3];
  }
  return sum.map((s) => s / (px.length / 4));
}

const raw = async (png: Buffer) => sharp(png).raw().toBuffer({ resolveWithObject: true });

describe("print file rendering", () => {
  const area = { name: "front", widthCm: 10, heightCm: 15 };

  it("canvas is the whole print area at 300 DPI, transparent, DPI + sRGB written, design preserved inside its placement", async () => {
    const design = await logo(1200, 1200);
    const placement = resolvePlacement("fit", area, 1200, 1200);
    const out = await renderPrintFile(area, [{ input: design, width: 1200, height: 1200, placement }]);
    const size = canvasSize(area, 300);
    expect(size).toEqual({ width: 1181, height: 1772 });
    const meta = await sharp(out.png).metadata();
    expect([meta.width, meta.height, meta.channels, meta.space, meta.hasAlpha]).toEqual([1181, 1772, 4, "srgb", true]);
    expect(meta.density).toBe(300);
    expect(pngDpi(out.png)).toBe(300);
    expect(headerChunks(out.png).slice(0, 2)).toEqual(["IHDR", "sRGB"]);
    expect(out).toMatchObject({ width: 1181, height: 1772, dpi: 300, lowDpi: false });
    expect(out.effectiveDpi).toBeCloseTo(1200 / (10 / 2.54), 0);

    const box = layerBox(placement, area, 1200, 1200, 300);
    expect(box).toMatchObject({ left: 0, width: 1181, height: 1181, top: 295 }); // centre 7.5 cm = 885.8 px, minus half the height
    const { data } = await raw(out.png);
    const alphaAt = (x: number, y: number) => data[(y * 1181 + x) * 4 + 3];
    // outside the placement: fully transparent (margins above and below, the design's own corners)
    expect(alphaAt(590, 10)).toBe(0);
    expect(alphaAt(590, 1760)).toBe(0);
    expect(alphaAt(3, box.top + 3)).toBe(0);
    // the core is opaque and keeps the design's colour; a rim pixel keeps partial alpha
    expect(alphaAt(590, 886)).toBe(255);
    expect(data[(886 * 1181 + 590) * 4]).toBe(200);
    const rim = alphaAt(590, box.top + Math.round(1181 * 0.5 * (1 - 0.85)));
    expect(rim).toBeGreaterThan(20);
    expect(rim).toBeLessThan(235);
    // the placed region has the design's statistics (the same image, resized): alpha-weighted channel means within 1 %
    const placed = await raw(await sharp(out.png).extract({ left: 0, top: box.top, width: box.width, height: box.height }).png().toBuffer());
    const original = await raw(design);
    const a = premultipliedMeans(placed.data);
    const b = premultipliedMeans(original.data);
    for (let c = 0; c < 4; c++) expect(Math.abs(a[c] - b[c])).toBeLessThan(2.6);
    // and pixel for pixel where it belongs (not flipped, shifted or channel-swapped): the design resized on its own
    // to the placement's size matches the placed region within the composite's rounding
    const alone = await sharp(design).resize(box.width, box.height, { fit: "fill" }).raw().toBuffer();
    let worst = 0;
    let sum = 0;
    for (let i = 0; i < alone.length; i += 4) {
      for (let c = 0; c < 3; c++) {
        const d = Math.abs((placed.data[i + c] * placed.data[i + 3]) / 255 - (alone[i + c] * alone[i + 3]) / 255);
        sum += d;
        worst = Math.max(worst, d);
      }
      const da = Math.abs(placed.data[i + 3] - alone[i + 3]);
      worst = Math.max(worst, da);
    }
    expect(sum / ((alone.length / 4) * 3)).toBeLessThan(0.1);
    expect(worst).toBeLessThanOrEqual(2);
  });

  it("the fast path (resize + extend) makes exactly the pixels of the plain composite onto a blank canvas", async () => {
    const design = await logo(900, 700);
    for (const placement of [resolvePlacement("fit", area, 900, 700), resolvePlacement({ scale: 0.5, offsetX: 0.3, offsetY: -0.45 }, area, 900, 700)]) {
      const layer = { input: design, width: 900, height: 700, placement };
      const fast = await raw((await renderPrintFile(area, [layer])).png);
      const plain = await raw((await renderPrintFile(area, [layer], { plain: true })).png);
      expect(fast.info).toEqual(plain.info);
      expect(Buffer.compare(fast.data, plain.data)).toBe(0);
    }
  });

  it("below 150 DPI effective: still produced at full canvas size, flagged", async () => {
    const small = await logo(300, 300); // 300 px over 10 cm = 76 DPI
    const out = await renderPrintFile(area, [{ input: small, width: 300, height: 300, placement: resolvePlacement("fit", area, 300, 300) }]);
    expect([out.width, out.height]).toEqual([1181, 1772]);
    expect(out.effectiveDpi).toBeCloseTo(76.2, 0);
    expect(out.lowDpi).toBe(true);
    expect((await sharp(out.png).metadata()).width).toBe(1181);
  });

  it("several layers and a rotation composite onto the canvas; a layer off the canvas is clipped", async () => {
    const a = await logo(400, 400);
    const layers = [
      { input: a, width: 400, height: 400, placement: resolvePlacement({ scale: 0.5, offsetX: -0.25, offsetY: -0.25 }, area, 400, 400) },
      { input: a, width: 400, height: 400, placement: resolvePlacement({ scale: 0.5, offsetX: 0.5, offsetY: 0.5, rotationDeg: 45 }, area, 400, 400) },
    ];
    const out = await renderPrintFile(area, layers);
    const { data } = await raw(out.png);
    expect(data[(Math.round(1772 * 0.25) * 1181 + Math.round(1181 * 0.25)) * 4 + 3]).toBe(255); // first layer's core
    expect(data[(1771 * 1181 + 1180) * 4 + 3]).toBe(255); // the rotated one, clipped at the corner
    expect(data[(10 * 1181 + 1170) * 4 + 3]).toBe(0);
  });
});

describe("order.printfile provider", () => {
  it("one PNG per print area the design uses, plus the mockup the shopper saw; stored as the shop's printfile assets", async () => {
    const store = makeStore(t);
    const designKey = await store.put(await logo(600, 600), { kind: "design", mediaType: "image/png", width: 600, height: 600 });
    const mockupKey = await store.put(await sharp({ create: { width: 64, height: 64, channels: 3, background: "#2E8B57" } }).jpeg().toBuffer(), { kind: "mockup", mediaType: "image/jpeg" });
    const params = {
      designId: "d1",
      lineId: "1001",
      mockupKey,
      areas: [
        { area: { name: "front", widthCm: 6, heightCm: 8 }, layers: [{ assetKey: designKey }] },
        { area: { name: "back", widthCm: 4, heightCm: 4 }, layers: [{ assetKey: designKey, placement: { scale: 0.5 } }] },
      ],
    };
    const progress: number[] = [];
    const out = await localPrintFileProvider().run({ params, inputs: {} }, providerCtx(store, progress));
    const data = printFileDataSchema.parse(out.data);
    expect(data.files.map((f) => [f.area, f.width, f.height])).toEqual([
      ["front", 709, 945],
      ["back", 472, 472],
    ]);
    expect(out.assets.mockup).toBe(mockupKey);
    expect(data.mockupKey).toBe(mockupKey);
    expect(progress.at(-1)).toBe(1);
    const front = await store.info(out.assets[printFileAssetName("front")]);
    expect(front).toMatchObject({ kind: "printfile", mediaType: "image/png", width: 709, height: 945 });
    expect(front?.meta).toMatchObject({ designId: "d1", lineId: "1001", area: "front", source: designKey });
    // 600 px across 6 cm is 254 DPI; 600 px across 2 cm is 762 DPI
    expect(data.files[0].effectiveDpi).toBeCloseTo(254, 0);
    expect(data.lowDpi).toBe(false);
  });

  it("another shop's design key is refused (never read), bad params are refused before any work", async () => {
    const mine = makeStore(t, "mine.myshopify.com");
    const theirs = makeStore(t, "theirs.myshopify.com");
    const key = await theirs.put(await logo(100, 100), { kind: "design", mediaType: "image/png", width: 100, height: 100 });
    const provider = localPrintFileProvider();
    const params = { designId: "d", lineId: "1", areas: [{ area: { name: "front", widthCm: 5, heightCm: 5 }, layers: [{ assetKey: key }] }] };
    await expect(provider.run({ params, inputs: {} }, providerCtx(mine))).rejects.toThrow(/not stored for this shop/);
    await expect(provider.run({ params: { ...params, lineId: "1; drop" }, inputs: {} }, providerCtx(mine))).rejects.toThrow();
    await expect(provider.run({ params: { ...params, areas: [] }, inputs: {} }, providerCtx(mine))).rejects.toThrow();
  });

  it("the order job: one step per line, deduplicated by order id", () => {
    const line = (id: string) => ({ designId: `d${id}`, lineId: id, areas: [{ area: { name: "front", widthCm: 5, heightCm: 5 }, layers: [{ assetKey: "a".repeat(64) }] }] });
    const spec = orderJobSpec({ shop: "s.myshopify.com", orderId: "555", lines: [line("1"), line("2")] });
    expect(spec).toMatchObject({ type: "order", dedupKey: "order:555", input: { orderId: "555", lines: ["1", "2"] } });
    expect(spec.steps.map((s) => [s.name, s.capability])).toEqual([
      ["line:1", "order.printfile"],
      ["line:2", "order.printfile"],
    ]);
    expect(() => orderJobSpec({ shop: "s", orderId: "x", lines: [line("1")] })).toThrow();
  });
});
