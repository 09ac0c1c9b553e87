/**
 * Serving from the bucket (decision 150): when the blob store has URLs of its own (S3), a route answers with a
 * redirect to the object instead of streaming its bytes through the app. Public assets (what Shopify and the
 * storefront fetch) go to the public base (a CDN in front of the bucket) or a presigned GET; the object itself
 * carries `public, max-age=31536000, immutable` (keys are content hashes). Private assets (shopper designs) get a
 * presigned GET that expires after DEFAULTS.privateSeconds. Either way only for a key the shop owns
 * (ShopAssetStore.url); the redirect itself is not cached longer than the URL lives.
 */
import type { ShopAssetStore } from "./asset-store.server";

export const DEFAULTS = {
  /** lifetime of a private asset's presigned URL, s */
  privateSeconds: 300,
  /** how long a public asset's redirect may be cached, s (well inside the presigned URL's lifetime) */
  publicRedirectSeconds: 120,
} as const;

/** A 302 to the asset in the bucket, or null when the app serves the bytes itself (local disk). */
export async function bucketRedirect(store: ShopAssetStore, key: string, visibility: "public" | "private"): Promise<Response | null> {
  const url = await store.url(key, visibility, visibility === "private" ? DEFAULTS.privateSeconds : undefined);
  if (!url) return null;
  return new Response(null, {
    status: 302,
    headers: {
      Location: url,
      "Cache-Control": visibility === "public" ? `public, max-age=${DEFAULTS.publicRedirectSeconds}` : "private, no-store",
      ...(visibility === "public" ? { "Access-Control-Allow-Origin": "*" } : {}),
    },
  });
}
