/**
 * Shopify's app proxy signature, checked with node:crypto. Shopify forwards https://{shop}/apps/mockup/* with
 * `signature` = hex HMAC-SHA256, under the app's API secret, of every other query parameter as `key=value`
 * (repeated keys joined with ","), sorted by key, with no separator, and a `timestamp` the library accepts within
 * 90 s of now. The same rules and verdicts as @shopify/shopify-app-remix's `authenticate.public.appProxy`
 * (tests/shopify/app-proxy-signature.test.ts checks both agree on every case), without what it does after: it
 * loads the shop's offline session from the database (a Prisma query) and builds Admin and Storefront clients,
 * which a shopper's upload never uses, and it signs through WebCrypto with two log lines per request (decision 155).
 * Pure: no I/O, the secret and the clock passed in.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

export interface AppProxySignatureOptions {
  /** seconds since the epoch; default: now */
  nowSec?: number;
  /** how far `timestamp` may be from now, in seconds; default 90 (the library's) */
  toleranceSec?: number;
  /**
   * the route's path (`/proxy/designs`): Remix strips `_data` from a data request's URL before the route sees it,
   * so the library also tries the query with `_data=routes%2F{path}` (and `._index`) put back in front; so do we
   */
  pathname?: string;
}

export const DEFAULTS = { toleranceSec: 90 } as const;

export type AppProxySignatureCheck =
  | { ok: true }
  | { ok: false; reason: "missing_signature" | "repeated_parameter" | "bad_timestamp" | "stale_timestamp" | "invalid_signature" };

/** Parameters Shopify sends once; a request that repeats one is refused (the library's rule). */
const SINGLE = new Set(["hmac", "shop", "signature", "timestamp"]);

export function checkAppProxySignature(query: URLSearchParams, secret: string, options: AppProxySignatureOptions = {}): AppProxySignatureCheck {
  // the library drops an empty `index` before its first try and its first fallback, not its second
  const trimmed = new URLSearchParams(query);
  if (!trimmed.get("index")) trimmed.delete("index");
  const first = normalise(trimmed);
  if (!first) return { ok: false, reason: "repeated_parameter" };
  const signature = first.get("signature");
  if (!signature) return { ok: false, reason: "missing_signature" };
  const ts = first.get("timestamp");
  if (ts === undefined || !Number.isInteger(Number(ts))) return { ok: false, reason: "bad_timestamp" };
  const now = options.nowSec ?? Math.trunc(Date.now() / 1000);
  if (Math.abs(now - Number(ts)) > (options.toleranceSec ?? DEFAULTS.toleranceSec)) return { ok: false, reason: "stale_timestamp" };
  if (matches(first, signature, secret)) return { ok: true };
  if (options.pathname !== undefined) {
    // the library's fallbacks, in its order: `_data` put back as Remix would have sent it
    const clean = options.pathname.replace(/^\//, "").replace(/\/$/, "").replaceAll("/", ".");
    for (const withData of [`?_data=routes%2F${clean}&${trimmed}`, `?_data=routes%2F${clean}._index&${query}`]) {
      const params = normalise(new URLSearchParams(withData));
      if (params && matches(params, signature, secret)) return { ok: true };
    }
  }
  return { ok: false, reason: "invalid_signature" };
}

/** key → value, repeated keys joined with "," (null: a single-value parameter repeated). */
function normalise(query: URLSearchParams): Map<string, string> | null {
  const out = new Map<string, string>();
  for (const [k, v] of query) {
    const had = out.get(k);
    if (had === undefined) out.set(k, v);
    else if (SINGLE.has(k)) return null;
    else out.set(k, `${had},${v}`);
  }
  return out;
}

function matches(params: Map<string, string>, signature: string, secret: string): boolean {
  // exactly the library's message: an object (integer-like keys first, in numeric order, then the rest in arrival
  // order), its entries sorted with localeCompare (stable, and some different keys compare equal), `k=v` joined
  const query: Record<string, string> = Object.create(null);
  for (const [k, v] of params) if (k !== "signature" && k !== "hmac") query[k] = v;
  const message = Object.entries(query)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`)
    .join("");
  const expected = Buffer.from(createHmac("sha256", secret).update(message, "utf8").digest("hex"));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
