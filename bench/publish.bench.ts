/**
 * Publishing throughput against the Admin API double (2,000-point bucket, restore 100/s, as Shopify Standard):
 * 50 products × 3 colours, each a GLB and 3 variant mockups (1024² JPEG), published twice through the real publish
 * code (staged uploads, productUpdate, polling, variant media, metafield), 8 products at a time.
 *
 *   media            media on the 50 products after both passes (4 each when nothing is duplicated)
 *   duplicates       media beyond one per (product, slot), after the second pass (target 0)
 *   wall_s           both passes, everything included (uploads, media polling, database)
 *   throttle_floor_s max(0, points spent − the starting bucket) / restore rate: the least time the bucket allows
 *   efficiency       throttle_floor_s / wall_s (target ≥ 0.8: we wait for the bucket, never longer)
 *
 * The floor is the baseline measured in the same run: it is computed from the points this run spent.
 * Env: BENCH_PRODUCTS (default 50), BENCH_CONCURRENCY (default 8).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import sharp from "sharp";
import { ShopAssetStore } from "../app/assets/store/asset-store.server";
import { LocalDiskBlobStore } from "../app/assets/store/local-disk";
import { createDb } from "../app/db/client.server";
import { AdminClient, fetchTransport } from "../app/publish/admin-client";
import { signedAssetUrl } from "../app/publish/asset-url";
import type { PublishPlan } from "../app/publish/plan";
import { publishOrReport } from "../app/publish/publish";
import type { PublishDeps, PublishResult } from "../app/publish/types";
import { startAdminDouble } from "../tests/doubles/shopify-admin";

const PRODUCTS = Number(process.env.BENCH_PRODUCTS ?? 50);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const SHOP = "bench-publish.myshopify.com";
const BUCKET = 2000;
const RESTORE = 100;
const COLORS = [
  { name: "Forest Green", hex: "#2E8B57" },
  { name: "Beige", hex: "#F5DEB3" },
  { name: "Black", hex: "#000000" },
];

async function pool<T>(items: T[], n: number, fn: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]);
  }));
}

async function main() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "bench-publish-"));
  const file = path.join(dir, "bench.db");
  const raw = new Database(file);
  for (const m of readdirSync("prisma/migrations", { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
    raw.exec(readFileSync(path.join("prisma/migrations", m, "migration.sql"), "utf8"));
  }
  raw.close();
  const db = createDb({ kind: "sqlite", url: file });
  await db.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  const blobs = new LocalDiskBlobStore(path.join(dir, "assets"));
  const double = await startAdminDouble({ bucketSize: BUCKET, restoreRate: RESTORE });
  await db.shop.create({ data: { domain: SHOP } });
  const client = new AdminClient(SHOP, fetchTransport(double.graphqlUrl, "shpat_bench"));
  const deps: PublishDeps = {
    db,
    blobs,
    admin: async () => client,
    assetUrl: (shop, key, name) => signedAssetUrl({ appUrl: "https://bench.example", secret: "bench" }, shop, key, name),
  };

  // assets: the library-sized sample GLB and a 1024² JPEG per colour
  const store = new ShopAssetStore(SHOP, db, blobs);
  const glb = await store.put(readFileSync(process.env.MOCKUP_SAMPLES_DIR ? path.join(process.env.MOCKUP_SAMPLES_DIR, "mug_kenney.glb") : "../shared/samples/models/mug_kenney.glb"), { kind: "glb", mediaType: "model/gltf-binary" });
  const images: Record<string, string> = {};
  for (const c of COLORS) {
    const jpeg = await sharp({ create: { width: 1024, height: 1024, channels: 3, background: c.hex } }).jpeg({ quality: 85 }).toBuffer();
    images[c.name] = await store.put(jpeg, { kind: "mockup", mediaType: "image/jpeg", width: 1024, height: 1024 });
  }
  const plans: PublishPlan[] = [];
  for (let i = 0; i < PRODUCTS; i++) {
    const p = double.store.addProduct({ title: `Merino Tee ${i + 1}`, colors: COLORS.map((c) => c.name) });
    plans.push({
      productId: p.id,
      model: { assetKey: glb },
      materialVariants: COLORS.map((c) => c.name),
      colors: COLORS,
      views: ["front"],
      images: COLORS.map((c) => ({ view: "front", color: c.name, assetKey: images[c.name], source: "mockup" })),
      printAreas: [{ name: "front", uv: { u0: 0.1, v0: 0.1, u1: 0.45, v1: 0.5 }, widthCm: 30, heightCm: 40 }],
      inputsKey: null,
    });
  }

  const results: PublishResult[][] = [[], []];
  const t0 = performance.now();
  for (const pass of [0, 1]) {
    await pool(plans, CONCURRENCY, async (plan) => {
      results[pass].push(await publishOrReport(deps, SHOP, plan, { source: "job", jobId: null }));
    });
  }
  const wall = (performance.now() - t0) / 1000;

  let media = 0;
  let duplicates = 0;
  for (const plan of plans) {
    const p = double.store.products.get(plan.productId)!;
    media += p.mediaIds.length;
    duplicates += Math.max(0, p.mediaIds.length - (1 + COLORS.length));
  }
  const failed = results.flat().filter((r) => r.status === "failed" || r.status === "degraded").length;
  const secondChanged = results[1].filter((r) => r.status !== "unchanged").length;
  const spent = client.stats.pointsRequested;
  const floor = Math.max(0, spent - BUCKET) / RESTORE;
  console.error(
    `pass 1: ${results[0].filter((r) => r.status === "published").length} published; pass 2: ${results[1].length - secondChanged} unchanged; ` +
      `${failed} failed/degraded; ${client.stats.requests} requests, ${client.stats.throttled} THROTTLED answers, ${spent} points, waited ${(client.stats.waitedMs / 1000).toFixed(1)} s for the bucket`,
  );
  await double.close();
  await db.$disconnect();
  rmSync(dir, { recursive: true, force: true });
  const round = (n: number, d = 3) => Math.round(n * 10 ** d) / 10 ** d;
  console.log(JSON.stringify({ products: PRODUCTS, media, duplicates, wall_s: round(wall, 2), throttle_floor_s: round(floor, 2), efficiency: round(floor / wall) }));
  if (failed > 0 || duplicates > 0) process.exitCode = 1;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
