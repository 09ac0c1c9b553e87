/**
 * Settings taken from the environment that more than one module needs: each variable is read here, once per
 * call site's need, with its one default. A module that alone owns a variable (the database URL in db/url.ts,
 * the blob store in assets/store/from-env.ts, Shopify's in shopify/env.server.ts …) keeps reading it itself;
 * docs/architecture.md lists which module reads which variable. Every reader takes `env` so tests can pass
 * their own.
 */
type Env = Record<string, string | undefined>;

export const DEFAULTS = {
  /** pino level of long-running services (web server, worker) */
  logLevel: "info",
  /** pino level of the CLI and in-process helpers that write to stderr: warnings and errors only */
  quietLogLevel: "warn",
  /** BullMQ's Redis */
  redisUrl: "redis://127.0.0.1:6379",
  /** decoded-pass memory per process (or per catalog worker thread), MB */
  passCacheMb: 512,
  /** per catalog worker thread: a pool of N threads holds N of these */
  catalogPassCacheMb: 256,
} as const;

const LEVELS = new Set(["fatal", "error", "warn", "info", "debug", "trace", "silent"]);

/** LOG_LEVEL when it is a pino level, else `fallback` (services: DEFAULTS.logLevel; CLI: DEFAULTS.quietLogLevel). */
export function logLevel(fallback: string = DEFAULTS.logLevel, env: Env = process.env): string {
  const v = env.LOG_LEVEL?.trim().toLowerCase();
  return v && LEVELS.has(v) ? v : fallback;
}

/** REDIS_URL, else DEFAULTS.redisUrl. */
export function redisUrl(env: Env = process.env): string {
  return env.REDIS_URL?.trim() || DEFAULTS.redisUrl;
}

/** MOCKUP_PASS_CACHE_MB as a whole number of MB ≥ 1, else `fallback` (a typo must not mean "no cache"). */
export function passCacheMb(fallback: number = DEFAULTS.passCacheMb, env: Env = process.env): number {
  const raw = env.MOCKUP_PASS_CACHE_MB?.trim();
  const n = raw && /^\d{1,6}$/.test(raw) ? Number(raw) : NaN;
  return n >= 1 ? n : fallback;
}
