/** app/config/env.ts: each shared environment variable is read in one place, with its one default. */
import { readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { DEFAULTS, logLevel, passCacheMb, queueKind, redisUrl } from "../../app/config/env";
import { POOL_DEFAULTS, poolSizeFromEnv } from "../../app/blender/pool";

describe("config/env", () => {
  it("takes valid values and falls back to the one default on unset or garbage", () => {
    expect(logLevel(undefined, {})).toBe("info");
    expect(logLevel(DEFAULTS.quietLogLevel, {})).toBe("warn");
    expect(logLevel("warn", { LOG_LEVEL: "DEBUG" })).toBe("debug");
    expect(logLevel("warn", { LOG_LEVEL: "loud" })).toBe("warn");
    expect(redisUrl({})).toBe("redis://127.0.0.1:6379");
    expect(redisUrl({ REDIS_URL: " redis://cache:6380 " })).toBe("redis://cache:6380");
    expect(passCacheMb(undefined, {})).toBe(512);
    expect(passCacheMb(undefined, { MOCKUP_PASS_CACHE_MB: "64" })).toBe(64);
    for (const bad of ["0", "-5", "lots", "1e3", ""]) expect(passCacheMb(undefined, { MOCKUP_PASS_CACHE_MB: bad }), bad).toBe(512);
    expect(queueKind({})).toBe("in-process");
    expect(queueKind({ MOCKUP_QUEUE: " bullmq " })).toBe("bullmq");
    expect(() => queueKind({ MOCKUP_QUEUE: "kafka" })).toThrow(/MOCKUP_QUEUE must be/);
  });

  it("a module-owned variable: MOCKUP_BLENDER_POOL is a whole number of processes, else the pool's default", () => {
    expect(poolSizeFromEnv({})).toBe(POOL_DEFAULTS.size);
    expect(poolSizeFromEnv({ MOCKUP_BLENDER_POOL: " 3 " })).toBe(3);
    for (const bad of ["0", "-1", "2.5", "two", ""]) expect(poolSizeFromEnv({ MOCKUP_BLENDER_POOL: bad }), bad).toBe(POOL_DEFAULTS.size);
  });

  it("no other module under app/ reads LOG_LEVEL, REDIS_URL, MOCKUP_PASS_CACHE_MB, MOCKUP_QUEUE or SHOPIFY_API_KEY from the environment", () => {
    const files = execFileSync("git", ["ls-files", "app"], { encoding: "utf8" })
      .split("\n")
      .filter((f) => /\.(ts|tsx)$/.test(f) && !f.startsWith("app/db/generated/") && f !== "app/config/env.ts");
    const readers = files.filter((f) => /process\.env\.(LOG_LEVEL|REDIS_URL|MOCKUP_PASS_CACHE_MB|MOCKUP_QUEUE|SHOPIFY_API_KEY)\b|env\.(REDIS_URL|MOCKUP_QUEUE)\b/.test(readFileSync(f, "utf8")));
    expect(readers).toEqual([]);
  });
});
