/**
 * Rate limit for what shoppers send through the app proxy (design uploads, editor images and saves), per shop
 * and client: a token bucket per key.
 *
 * The key is what Shopify's app proxy tells us about the shopper (verified by the signature or set by Shopify):
 * the shop, and `logged_in_customer_id` when the shopper is logged in, else the client IP Shopify puts in
 * `X-Forwarded-For` (cookies are stripped by the proxy, so there is no session to key on).
 *
 * Where the buckets live (decision 103): in Redis when the app runs as several processes (`MOCKUP_QUEUE=bullmq`,
 * which already needs Redis, or `MOCKUP_RATE_LIMIT_STORE=redis`), so N web processes enforce one limit, not N ×
 * it; in this process's memory otherwise (one process: the same thing, without a network hop). If Redis does not
 * answer, a process falls back to its own buckets for that request: shoppers are never refused because Redis is
 * down, and the limit is then at worst per process, as before.
 */
import type { Redis } from "ioredis";
import { queueKind, redisUrl } from "../config/env";
import { logger } from "../monitoring/logger.server";

/** Defaults: DEFAULTS. */
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

/** A bucket store: the in-memory `RateLimiter` or the shared `RedisRateLimiter`. */
export interface RateLimit {
  readonly burst: number;
  readonly perMinute: number;
  take(key: string): RateDecision | Promise<RateDecision>;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter implements RateLimit {
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

/**
 * The same bucket in Redis, one hash per key, updated by one Lua script (atomic: concurrent processes cannot both
 * spend the last token) on Redis's own clock (the processes' clocks may differ). Idle buckets expire once they
 * would be full again.
 */
export class RedisRateLimiter implements RateLimit {
  readonly burst: number;
  readonly perMinute: number;
  private readonly fallback: RateLimiter;
  private warnedAt = 0;

  constructor(
    private readonly redis: Redis,
    /** bucket names are `<prefix><key>`, e.g. "mockup:rate:designs:" */
    private readonly prefix: string,
    opts: Omit<RateLimitOptions, "now"> = {},
  ) {
    this.burst = opts.burst ?? DEFAULTS.burst;
    this.perMinute = opts.perMinute ?? DEFAULTS.perMinute;
    this.fallback = new RateLimiter(opts);
  }

  async take(key: string): Promise<RateDecision> {
    const perMs = this.perMinute / 60_000;
    const ttlMs = Math.ceil(this.burst / perMs) + 1000;
    try {
      const [ok, tokens] = (await this.redis.eval(TAKE_SCRIPT, 1, this.prefix + key, this.burst, perMs, ttlMs)) as [number, string];
      const left = Number(tokens);
      if (ok === 1) return { ok: true, retryAfterSec: 0, remaining: Math.floor(left) };
      return { ok: false, retryAfterSec: Math.max(1, Math.ceil((1 - left) / perMs / 1000)), remaining: 0 };
    } catch (err) {
      if (Date.now() - this.warnedAt > 60_000) {
        this.warnedAt = Date.now();
        logger.warn({ err: (err as Error).message }, "rate limit: Redis did not answer; using this process's buckets");
      }
      return this.fallback.take(key);
    }
  }
}

// KEYS[1] bucket; ARGV burst, tokens per ms, ttl ms → { 1 | 0, tokens left }
const TAKE_SCRIPT = `
local burst, perMs, ttl = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local b = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens, at = tonumber(b[1]), tonumber(b[2])
if tokens == nil then tokens = burst; at = now end
tokens = math.min(burst, tokens + math.max(0, now - at) * perMs)
local ok = 0
if tokens >= 1 then tokens = tokens - 1; ok = 1 end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], ttl)
return { ok, tostring(tokens) }
`;

/** The limited routes; each has its own buckets (an editor save does not use up a shopper's uploads). */
export type RateRoute = "designs" | "design-images" | "design-documents";

export interface RateLimits {
  limiters: Record<RateRoute, RateLimit>;
  trustedHops: number;
  /** closes the Redis connection, if any (tests) */
  close?: () => void;
}

/** "8/12" → { burst: 8, perMinute: 12 }; anything else → undefined (the defaults) */
function parseRate(v: string | undefined): { burst: number; perMinute: number } | undefined {
  const m = /^(\d+)\/(\d+(?:\.\d+)?)$/.exec(v ?? "");
  return m ? { burst: Number(m[1]), perMinute: Number(m[2]) } : undefined;
}

/** MOCKUP_RATE_LIMIT_STORE=memory|redis; default redis when the queue is BullMQ (several processes), else memory */
export function rateStoreKind(env: Record<string, string | undefined> = process.env): "memory" | "redis" {
  const v = env.MOCKUP_RATE_LIMIT_STORE?.trim();
  if (v === "memory" || v === "redis") return v;
  if (v) throw new Error(`MOCKUP_RATE_LIMIT_STORE must be "memory" or "redis" (got "${v.slice(0, 40)}")`);
  return queueKind(env) === "bullmq" ? "redis" : "memory";
}

/**
 * The limits from the environment: MOCKUP_LIVE_RATE="burst/perMinute" (e.g. "8/12") for storefront uploads,
 * MOCKUP_EDITOR_RATE for the editor's image uploads and saves (default: MOCKUP_LIVE_RATE's), both per shop and
 * client; MOCKUP_PROXY_TRUSTED_HOPS=N; the bucket store as `rateStoreKind` says (REDIS_URL for Redis).
 */
export async function rateLimitsFromEnv(env: Record<string, string | undefined> = process.env): Promise<RateLimits> {
  const live = parseRate(env.MOCKUP_LIVE_RATE) ?? {};
  const editor = parseRate(env.MOCKUP_EDITOR_RATE) ?? live;
  const hops = Number(env.MOCKUP_PROXY_TRUSTED_HOPS ?? 0);
  const trustedHops = Number.isInteger(hops) && hops >= 0 ? hops : 0;
  const opts: Record<RateRoute, { burst?: number; perMinute?: number }> = { designs: live, "design-images": editor, "design-documents": editor };
  let make: (route: RateRoute) => RateLimit = (route) => new RateLimiter(opts[route]);
  let close: (() => void) | undefined;
  if (rateStoreKind(env) === "redis") {
    const { Redis } = await import("ioredis");
    // no offline queue and one retry: a request waits for Redis briefly or not at all (then the fallback)
    const redis = new Redis(redisUrl(env), { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false, connectTimeout: 2000 });
    redis.on("error", () => {}); // reported by take() when a call fails
    make = (route) => new RedisRateLimiter(redis, `mockup:rate:${route}:`, opts[route]);
    close = () => redis.disconnect();
  }
  return { limiters: { designs: make("designs"), "design-images": make("design-images"), "design-documents": make("design-documents") }, trustedHops, close };
}

/** The same in-memory limit on every route (tests, the benchmark's allowance). */
export function memoryRateLimits(opts: Omit<RateLimitOptions, "maxKeys"> = {}, trustedHops = 0): RateLimits {
  const make = () => new RateLimiter(opts);
  return { limiters: { designs: make(), "design-images": make(), "design-documents": make() }, trustedHops };
}

/** One set of limits per process (tests and the benchmark install their own in globalThis.__mockupRateLimits). */
export function processRateLimits(): Promise<RateLimits> {
  globalThis.__mockupRateLimits ??= rateLimitsFromEnv();
  return Promise.resolve(globalThis.__mockupRateLimits);
}

declare global {
  var __mockupRateLimits: RateLimits | Promise<RateLimits> | undefined;
}
