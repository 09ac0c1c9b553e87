/**
 * URLs the admin's browser loads our assets from (<img>, <model-viewer>): the signed, immutable media URLs
 * of app/publish/asset-url.ts (an <img> cannot send the session token, so the URL itself is the proof; it
 * names one asset of one shop and nothing else), and thumbnails under the same signature.
 */
import { signedAssetUrl } from "../publish/asset-url";
import { shopifyEnv } from "./env.server";

export function assetLink(shop: string, key: string, filename: string): string {
  const e = shopifyEnv();
  return signedAssetUrl({ appUrl: e.appUrl, secret: e.apiSecret }, shop, key, filename);
}

/**
 * /thumbs/{shop}/{key}?sig=… : the asset's thumbnail (app/assets/thumbnails.server.ts), signed like its media URL;
 * `size` "gallery" for the product page's mockup grid (480 px instead of the lists' 240).
 */
export function thumbLink(shop: string, key: string, size: "list" | "gallery" = "list"): string {
  const media = new URL(assetLink(shop, key, "thumb"));
  return `${media.origin}/thumbs/${encodeURIComponent(shop)}/${key}?sig=${media.searchParams.get("sig") ?? ""}${size === "gallery" ? "&size=gallery" : ""}`;
}

/** /thumbs/library/{name}: a built-in model's thumbnail (public: the library is the same for every shop). */
export function libraryThumbLink(name: string): string {
  return `/thumbs/library/${encodeURIComponent(name)}`;
}
