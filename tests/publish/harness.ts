/**
 * Publishing tests' world: a migrated database, a blob store, one Admin API double per shop, assets (a real GLB and
 * small real JPEGs per colour × view) and plans built the way the pipeline builds them.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { ShopAssetStore } from "../../app/assets/store/asset-store.server";
import { LocalDiskBlobStore } from "../../app/assets/store/local-disk";
import { AdminClient, fetchTransport } from "../../app/publish/admin-client";
import { ShopGoneError } from "../../app/publish/errors";
import type { PublishPlan } from "../../app/publish/plan";
import type { PublishDeps } from "../../app/publish/types";
import { signedAssetUrl } from "../../app/publish/asset-url";
import { startAdminDouble, type AdminDouble } from "../doubles/shopify-admin";
import { createTestDb, type TestDb } from "../helpers/db";

export const SHOP_A = "merino-a.myshopify.com";
export const SHOP_B = "merino-b.myshopify.com";
export const COLORS = [
  { name: "Forest Green", hex: "#2E8B57" },
  { name: "Beige", hex: "#F5DEB3" },
  { name: "Black", hex: "#000000" },
];
export const GLB = readFileSync("../shared/samples/models/mug_kenney.glb");
export const SECRET = "test-asset-url-secret";

export interface World {
  t: TestDb;
  blobs: LocalDiskBlobStore;
  doubles: Record<string, AdminDouble>;
  clients: Map<string, AdminClient>;
  deps: PublishDeps;
  assets(shop: string): ShopAssetStore;
  close(): Promise<void>;
}

export async function world(opts: { shops?: string[]; bucketSize?: number; restoreRate?: number } = {}): Promise<World> {
  const t = await createTestDb();
  const dir = mkdtempSync(path.join(os.tmpdir(), "publish-blobs-"));
  const blobs = new LocalDiskBlobStore(dir);
  const doubles: Record<string, AdminDouble> = {};
  for (const shop of opts.shops ?? [SHOP_A]) {
    doubles[shop] = await startAdminDouble({ accessTokens: [`shpat_${shop}`], bucketSize: opts.bucketSize, restoreRate: opts.restoreRate });
    doubles[shop].store.shop.myshopifyDomain = shop;
    await t.db.shop.create({ data: { domain: shop } });
  }
  const clients = new Map<string, AdminClient>();
  const deps: PublishDeps = {
    db: t.db,
    blobs,
    async admin(shop) {
      const d = doubles[shop];
      if (!d) throw new ShopGoneError(shop, "no offline session");
      let c = clients.get(shop);
      if (!c) clients.set(shop, (c = new AdminClient(shop, fetchTransport(d.graphqlUrl, `shpat_${shop}`))));
      return c;
    },
    assetUrl: (shop, key, filename) => signedAssetUrl({ appUrl: "https://mockup.test", secret: SECRET }, shop, key, filename),
    poll: { intervalMs: 2, maxIntervalMs: 10, ceilingMs: 5000 },
  };
  return {
    t,
    blobs,
    doubles,
    clients,
    deps,
    assets: (shop) => new ShopAssetStore(shop, t.db, blobs),
    async close() {
      for (const d of Object.values(doubles)) await d.close();
      await t.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A small real JPEG of one colour (with a mark so two colours never share bytes). */
export async function colourJpeg(hex: string, seed = 0, size = 64): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}"><rect width="100%" height="100%" fill="${hex}"/><circle cx="${10 + seed}" cy="20" r="6" fill="#fff"/></svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 80 }).toBuffer();
}

/** Stores the GLB and one image per colour × view for a product; returns the plan the pipeline would build. */
export async function productPlan(
  w: World,
  shop: string,
  productId: string,
  opts: { colors?: typeof COLORS; views?: PublishPlan["views"]; glb?: Buffer; seed?: number } = {},
): Promise<PublishPlan> {
  const store = w.assets(shop);
  const colors = opts.colors ?? COLORS;
  const views = opts.views ?? ["front"];
  const glbKey = await store.put(opts.glb ?? GLB, { kind: "glb", mediaType: "model/gltf-binary" });
  const images: PublishPlan["images"] = [];
  for (const view of views) {
    for (const [i, c] of colors.entries()) {
      const bytes = await colourJpeg(c.hex, (opts.seed ?? 0) + i + views.indexOf(view) * 7);
      const key = await store.put(bytes, { kind: "mockup", mediaType: "image/jpeg", width: 64, height: 64 });
      images.push({ view, color: c.name, assetKey: key, source: "mockup" });
    }
  }
  return {
    productId,
    model: { assetKey: glbKey },
    materialVariants: colors.map((c) => c.name),
    colors,
    views,
    images,
    printAreas: [{ name: "front", uv: { u0: 0.1, v0: 0.1, u1: 0.45, v1: 0.5 }, widthCm: 30, heightCm: 40 }],
    inputsKey: `product:${productId.split("/").pop()}:test`,
  };
}

/** Media of a product in the double, by type. */
export function mediaOf(d: AdminDouble, productId: string) {
  const p = d.store.products.get(productId)!;
  return p.mediaIds.map((id) => d.store.media.get(id)!);
}
