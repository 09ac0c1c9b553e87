/** Shared fixtures for mockup tests: designs made in code, synthetic passes stored in a real asset store. */
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { LocalDiskBlobStore } from "../../app/assets/store/local-disk";
import { ShopAssetStore } from "../../app/assets/store/asset-store.server";
import type { PrintArea } from "../../app/models/types";
import type { TestDb } from "../helpers/db";

/** A checkerboard: `cell`-pixel squares, black and white, with a red first column of cells to tell left from right. */
export async function checkerboardPng(w: number, h: number, cell: number): Promise<Buffer> {
  const px = Buffer.alloc(w * h * 4);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 4;
      const on = (Math.floor(x / cell) + Math.floor(y / cell)) % 2 === 0;
      const v = on ? 255 : 0;
      px[i] = x < cell ? 255 : v;
      px[i + 1] = x < cell ? 0 : v;
      px[i + 2] = x < cell ? 0 : v;
      px[i + 3] = 255;
    }
  }
  return sharp(px, { raw: { width: w, height: h, channels: 4 } }).png().toBuffer();
}

export async function solidPng(w: number, h: number, rgba: [number, number, number, number]): Promise<Buffer> {
  return sharp({ create: { width: w, height: h, channels: 4, background: { r: rgba[0], g: rgba[1], b: rgba[2], alpha: rgba[3] / 255 } } })
    .png()
    .toBuffer();
}

export const FULL_AREA: PrintArea = { name: "front", uv: { u0: 0, v0: 0, u1: 1, v1: 1 }, widthCm: 40, heightCm: 40 };

export function makeStore(t: TestDb, shop = "test-shop.myshopify.com") {
  const blobs = new LocalDiskBlobStore(mkdtempSync(path.join(os.tmpdir(), "mockup-blobs-")));
  return new ShopAssetStore(shop, t.db, blobs);
}

/** The passes step's storing, shared with the fault matrix's and bench:fallback's fixture provider. */
export { storePasses } from "../helpers/passes-fixture-provider";

export async function rawOf(bytes: Buffer) {
  const { data, info } = await sharp(bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, at: (x: number, y: number) => [data[(y * info.width + x) * 3], data[(y * info.width + x) * 3 + 1], data[(y * info.width + x) * 3 + 2]] as [number, number, number] };
}
