/**
 * Rate limit for shopper uploads, per shop and client: a token bucket per key, in this process's memory.
 *
 * The key is what Shopify's app proxy tells us about the shopper (verified by the signature or set by Shopify):
 * the shop, and `logged_in_customer_id` when the shopper is logged in, else the client IP Shopify puts in
 * `X-Forwarded-For` (cookies are stripped by the proxy, so there is no session to key on). Several web processes
 * each keep their own buckets: the effective limit is N × the configured one (a shared store is the upgrade
 * when we run more than one; decision 101).
 */

export interface RateLimitOptions {
  /** uploads a client may make at once (bucket size); default 8 */
  burst?: number;
  /** sustained uploads per minute; default 12 */
  perMinute?: number;
  /** keys kept before the oldest idle ones are forgotten; default 50,000 */
  maxKeys?: number;
  /** clock (tests) */
  now?: () => number;
}

export const DEFAULTS = { burst: 8, perMinute: 12, maxKeys: 50_000 } as const;

export interface RateDecision {
  ok: boolean;
  /** whole seconds until one upload is allowed again (0 when ok) */
  retryAfterSec: number;
  remaining: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  readonly burst: number;
  readonly perMinute: number;
  private readonly maxKeys: number;
  private readonly now: () => number;

  constructor(opts: RateLimitOptions = {}) {
    this.burst = opts.burst ?? DEFAULTS.burst;
    this.perMinute = opts.perMinute ?? DEFAULTS.perMinute;
    this.maxKeys = opts.maxKeys ?? DEFAULTS.maxKeys;
    this.now = opts.now ?? Date.now;
  }

  take(key: string): RateDecision {
    const now = this.now();
    const perMs = this.perMinute / 60_000;
    const b = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    b.tokens = Math.min(this.burst, b.tokens + (now - b.at) * perMs);
    b.at = now;
    // re-insert: Map order is then least recently used first, for eviction
    this.buckets.delete(key);
    this.buckets.set(key, b);
    while (this.buckets.size > this.maxKeys) this.buckets.delete(this.buckets.keys().next().value as string);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return { ok: true, retryAfterSec: 0, remaining: Math.floor(b.tokens) };
    }
    return { ok: false, retryAfterSec: Math.max(1, Math.ceil((1 - b.tokens) / perMs / 1000)), remaining: 0 };
  }
}

/**
 * The client part of the key. `trustedHops` = proxies of our own that append to X-Forwarded-For after Shopify
 * (0 when Shopify connects to us directly): the entry Shopify wrote is that many from the right.
 */
export function clientKey(shop: string, customerId: string | null, forwardedFor: string | null, trustedHops = 0): string {
  if (customerId) return `${shop}|customer:${customerId}`;
  const hops = (forwardedFor ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  const ip = hops[hops.length - 1 - trustedHops] ?? hops[0] ?? "unknown";
  return `${shop}|ip:${ip}`;
}

/** MOCKUP_LIVE_RATE="burst/perMinute" (e.g. "8/12"); MOCKUP_PROXY_TRUSTED_HOPS=N */
export function rateLimitFromEnv(env: Record<string, string | undefined> = process.env): { limiter: RateLimiter; trustedHops: number } {
  const m = /^(\d+)\/(\d+(?:\.\d+)?)$/.exec(env.MOCKUP_LIVE_RATE ?? "");
  const limiter = new RateLimiter(m ? { burst: Number(m[1]), perMinute: Number(m[2]) } : {});
  const hops = Number(env.MOCKUP_PROXY_TRUSTED_HOPS ?? 0);
  return { limiter, trustedHops: Number.isInteger(hops) && hops >= 0 ? hops : 0 };
}
