/**
 * Public URLs of a shop's assets, served by the app (the GLB when Shopify cannot host it: the 3D media limit or
 * failed processing; an image Shopify failed to process). The URL carries an HMAC of (shop, key) with the app
 * secret, so only assets we published are reachable, and only under their own shop; content-addressed keys make
 * them immutable, so they are cached for a year.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

export interface AssetUrlConfig {
  /** the app's public URL (SHOPIFY_APP_URL) */
  appUrl: string;
  /** the app secret (SHOPIFY_API_SECRET) */
  secret: string;
}

const sign = (secret: string, shop: string, key: string) => createHmac("sha256", secret).update(`asset:${shop}/${key}`).digest("base64url").slice(0, 32);

export function signedAssetUrl(cfg: AssetUrlConfig, shop: string, key: string, filename: string): string {
  const base = cfg.appUrl.replace(/\/+$/, "");
  const name = encodeURIComponent(filename.replace(/[^A-Za-z0-9._-]+/g, "-").slice(0, 80) || "file");
  return `${base}/media/${encodeURIComponent(shop)}/${key}/${name}?sig=${sign(cfg.secret, shop, key)}`;
}

export function verifyAssetSignature(secret: string, shop: string, key: string, sig: string | null): boolean {
  if (!sig || !/^[0-9a-f]{64}$/.test(key)) return false;
  const want = Buffer.from(sign(secret, shop, key));
  const got = Buffer.from(sig);
  return want.length === got.length && timingSafeEqual(want, got);
}
