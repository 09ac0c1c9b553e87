/**
 * The shoppers' rate limit (app/storefront/rate-limit.ts): the in-memory bucket, the same bucket shared in Redis by
 * several processes (two limiter instances with their own connections stand for two web processes), and the
 * fallback to a process's own buckets when Redis does not answer.
 */
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { clientKey, rateLimitsFromEnv, rateStoreKind, RateLimiter, RedisRateLimiter } from "../../app/storefront/rate-limit";

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const connections: Redis[] = [];
const connect = (url = REDIS_URL) => {
  const r = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: true, connectTimeout: 500, retryStrategy: () => null });
  r.on("error", () => {});
  connections.push(r);
  return r;
};
afterAll(async () => {
  for (const c of connections) c.disconnect();
});

describe("in-memory buckets", () => {
  it("a burst, then 429 with the seconds until the next token; tokens come back at the sustained rate", () => {
    let now = 0;
    const l = new RateLimiter({ burst: 2, perMinute: 6, now: () => now });
    expect(l.take("k").ok).toBe(true);
    expect(l.take("k").ok).toBe(true);
    const refused = l.take("k");
    expect(refused).toEqual({ ok: false, retryAfterSec: 10, remaining: 0 });
    expect(l.take("other").ok).toBe(true); // another client has its own bucket
    now += 10_000;
    expect(l.take("k").ok).toBe(true);
    expect(l.take("k").ok).toBe(false);
  });

  it("keys: a logged-in customer by id; a guest by the address Shopify put in X-Forwarded-For", () => {
    expect(clientKey("a.myshopify.com", "42", "198.51.100.1")).toBe("a.myshopify.com|customer:42");
    expect(clientKey("a.myshopify.com", null, "198.51.100.1")).toBe("a.myshopify.com|ip:198.51.100.1");
    // one proxy of ours after Shopify: the entry before it is the shopper's (a forged left-most entry is ignored)
    expect(clientKey("a.myshopify.com", null, "6.6.6.6, 198.51.100.1, 10.0.0.2", 1)).toBe("a.myshopify.com|ip:198.51.100.1");
  });
});

describe("shared buckets in Redis", () => {
  it("two processes spend one bucket: the burst holds across both, not per process", async () => {
    const prefix = `mockup:rate:test-${randomUUID()}:`;
    const a = new RedisRateLimiter(connect(), prefix, { burst: 3, perMinute: 1 });
    const b = new RedisRateLimiter(connect(), prefix, { burst: 3, perMinute: 1 });
    await Promise.all(connections.map((c) => c.status === "wait" && c.connect()));
    const key = clientKey("merino.myshopify.com", null, "203.0.113.9");
    const results = [await a.take(key), await b.take(key), await a.take(key), await b.take(key), await a.take(key)];
    expect(results.map((r) => r.ok)).toEqual([true, true, true, false, false]);
    expect(results[3].retryAfterSec).toBeGreaterThan(30); // one token a minute
    expect(results[3].retryAfterSec).toBeLessThanOrEqual(60);
    // another client, its own bucket
    expect((await b.take(clientKey("merino.myshopify.com", "7", null))).ok).toBe(true);
    // the bucket expires in Redis once it would be full again (no keys left behind forever)
    const ttl = await connections[0].pttl(prefix + key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(3 * 60_000 + 1000);
  });

  it("concurrent takes from both processes never spend more than the burst (the script is atomic)", async () => {
    const prefix = `mockup:rate:test-${randomUUID()}:`;
    const a = new RedisRateLimiter(connect(), prefix, { burst: 5, perMinute: 1 });
    const b = new RedisRateLimiter(connect(), prefix, { burst: 5, perMinute: 1 });
    await Promise.all(connections.map((c) => c.status === "wait" && c.connect()));
    const all = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).take("shop|ip:1")));
    expect(all.filter((r) => r.ok)).toHaveLength(5);
  });

  it("Redis down: the process's own buckets answer (shoppers are not refused because Redis is)", async () => {
    const dead = connect("redis://127.0.0.1:1"); // nothing listens there
    const l = new RedisRateLimiter(dead, "mockup:rate:test:", { burst: 2, perMinute: 1 });
    expect((await l.take("k")).ok).toBe(true);
    expect((await l.take("k")).ok).toBe(true);
    expect((await l.take("k")).ok).toBe(false); // still limited, per process
  });

  it("the store follows the deployment: Redis with the BullMQ queue or when asked, else memory", async () => {
    expect(rateStoreKind({})).toBe("memory");
    expect(rateStoreKind({ MOCKUP_QUEUE: "bullmq" })).toBe("redis");
    expect(rateStoreKind({ MOCKUP_QUEUE: "bullmq", MOCKUP_RATE_LIMIT_STORE: "memory" })).toBe("memory");
    expect(() => rateStoreKind({ MOCKUP_RATE_LIMIT_STORE: "memcached" })).toThrow(/memory" or "redis/);
    const mem = await rateLimitsFromEnv({ MOCKUP_LIVE_RATE: "3/6", MOCKUP_EDITOR_RATE: "20/40" });
    expect(mem.limiters.designs).toBeInstanceOf(RateLimiter);
    expect([mem.limiters.designs.burst, mem.limiters.designs.perMinute]).toEqual([3, 6]);
    expect([mem.limiters["design-images"].burst, mem.limiters["design-documents"].perMinute]).toEqual([20, 40]);
    const shared = await rateLimitsFromEnv({ MOCKUP_QUEUE: "bullmq", REDIS_URL });
    expect(shared.limiters["design-documents"]).toBeInstanceOf(RedisRateLimiter);
    expect((await shared.limiters.designs.take(`test-${randomUUID()}`)).ok).toBe(true);
    shared.close?.();
  });
});
