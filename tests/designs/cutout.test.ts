import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { designProviders } from "../../app/designs/providers";
import { floodCutout } from "../../app/designs/cutout/flood";
import { createTestDb, type TestDb } from "../helpers/db";
import { makeStore } from "../mockups/helpers";
import { providerCtx } from "../mockups/ctx";

/** A red disc on an off-white background with a little noise, like a scanned or photographed sticker. */
async function discOnBackground(noise: boolean): Promise<Buffer> {
  const W = 300;
  const px = Buffer.alloc(W * W * 3);
  for (let y = 0; y < W; y++) {
    for (let x = 0; x < W; x++) {
      const i = (y * W + x) * 3;
      const inDisc = Math.hypot(x - 150, y - 150) < 80;
      const n = ((x * 7 + y * 13) % 5) - 2;
      if (inDisc) px.set([200, 30, 40], i);
      else if (noise) px.set([(x * 255) / W, (y * 255) / W, 128], i); // a gradient "photo" background
      else px.set([245 + n, 243 + n, 238 + n], i);
    }
  }
  return sharp(px, { raw: { width: W, height: W, channels: 3 } }).png().toBuffer();
}

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.drop());

describe("design.cutout", () => {
  it("flood cut-out removes a uniform background and keeps the subject", async () => {
    const r = await floodCutout(await discOnBackground(false));
    const { data, info } = await sharp(r.png).raw().toBuffer({ resolveWithObject: true });
    const alpha = (x: number, y: number) => data[(y * info.width + x) * 4 + 3];
    expect(alpha(2, 2)).toBe(0);
    expect(alpha(297, 150)).toBe(0);
    expect(alpha(150, 150)).toBe(255);
    expect(alpha(150, 100)).toBe(255);
    const expected = 1 - (Math.PI * 80 * 80) / (300 * 300);
    expect(r.removed).toBeGreaterThan(expected - 0.02);
    expect(r.removed).toBeLessThan(expected + 0.02);
  });

  it("refuses a non-uniform background with a clear error", async () => {
    await expect(floodCutout(await discOnBackground(true))).rejects.toThrow(/not one uniform colour.*ML cut-out provider/);
  });

  it("providers: imgly is skipped when not installed (clear error), flood stores a trimmed design", async () => {
    const [imgly, flood] = designProviders();
    expect(imgly.name).toBe("imgly");
    expect(await imgly.isAvailable!("s")).toBe(false);
    const store = makeStore(t);
    const designKey = await store.put(await discOnBackground(false), { kind: "design", mediaType: "image/png" });
    await expect(imgly.run({ params: { designKey }, inputs: {} }, providerCtx(store))).rejects.toThrow(/no local ML cut-out provider installed/);
    const out = await flood.run({ params: { designKey }, inputs: {} }, providerCtx(store));
    expect(flood.degraded).toBe(true);
    const meta = await sharp(await store.get(out.assets.design)).metadata();
    // trimmed to the disc (160 px across, give or take the soft edge)
    expect(meta.width).toBeGreaterThanOrEqual(158);
    expect(meta.width).toBeLessThanOrEqual(164);
    expect(meta.hasAlpha).toBe(true);
  });
});
