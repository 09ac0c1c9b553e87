/**
 * The thumbnail routes' cores: signature and tenancy checks, then the cached thumbnail. The thumbnailer (sharp,
 * the rasteriser, glTF-Transform) and the model library are imported on first use, so the web server does not
 * load them at start for routes that never draw a thumbnail (tests/admin/lazy-imports.test.ts).
 */
import path from "node:path";
import { thumbKindFor } from "../assets/thumb-kind";
import { dataDir } from "../db/url";
import { verifyAssetSignature } from "../publish/asset-url";
import { routeBlobs, routeDb } from "./deps.server";
import { shopifyEnv } from "./env.server";

const notFound = () => new Response("Not found", { status: 404 });
const cacheDir = () => path.join(dataDir(), "thumbs");

function webp(body: Buffer, maxAge: number): Response {
  return new Response(new Uint8Array(body), {
    headers: { "Content-Type": "image/webp", "Content-Length": String(body.length), "Cache-Control": `public, max-age=${maxAge}, immutable`, "X-Content-Type-Options": "nosniff" },
  });
}

/** `size`: "gallery" for the product page's grid, anything else the list size (a fixed set: no size is made on request). */
export async function serveAssetThumbnail(shop: string, key: string, sig: string | null, size?: string | null): Promise<Response> {
  if (!verifyAssetSignature(shopifyEnv().apiSecret, shop, key, sig)) return notFound();
  const row = await routeDb().asset.findUnique({ where: { shop_key: { shop, key } }, select: { mediaType: true, meta: true } });
  const kind = row ? thumbKindFor(row.mediaType) : null;
  if (!row || !kind) return notFound();
  let tint: string[] = [];
  try {
    const m = JSON.parse(row.meta) as { tintMaterials?: unknown };
    if (Array.isArray(m.tintMaterials)) tint = m.tintMaterials.filter((x): x is string => typeof x === "string");
  } catch {
    // meta is informational
  }
  const { thumbnail } = await import("../assets/thumbnails.server");
  const body = await thumbnail(cacheDir(), { id: key, kind, read: () => routeBlobs().get(key), tintMaterials: tint, size: size === "gallery" ? "gallery" : "list" });
  return webp(body, 31_536_000);
}

export async function serveLibraryThumbnail(name: string): Promise<Response> {
  const [{ listModels, loadModel }, { thumbnail }] = await Promise.all([import("../library"), import("../assets/thumbnails.server")]);
  const info = listModels().find((m) => m.name === name);
  if (!info) return notFound();
  const body = await thumbnail(cacheDir(), { id: `library_${info.name}`, kind: "model", read: async () => (await loadModel(info.name)).glb, tintMaterials: info.tintMaterials });
  // the committed model can change with a release: a day, not forever
  return webp(body, 86_400);
}
