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
  /** the job queue: hints in this process only */
  queue: "in-process",
} as const;

export type QueueKind = "in-process" | "bullmq";

const LEVELS = new Set(["fatal", "error", "warn", "info", "debug", "trace", "silent"]);

/** LOG_LEVEL when it is a pino level, else `fallback` (services: DEFAULTS.logLevel; CLI: DEFAULTS.quietLogLevel). */
export function logLevel(fallback: string = DEFAULTS.logLevel, env: Env = process.env): string {
  const v = env.LOG_LEVEL?.trim().toLowerCase();
  return v && LEVELS.has(v) ? v : fallback;
}

/**
 * MOCKUP_QUEUE: "bullmq" (hints through Redis, several processes) or "in-process"; unset: DEFAULTS.queue. The
 * queue (pipeline/queue/from-env.ts) and the storefront's rate-limit store (which follows it) both read it here.
 */
export function queueKind(env: Env = process.env): QueueKind {
  const kind = env.MOCKUP_QUEUE?.trim() || DEFAULTS.queue;
  if (kind !== "in-process" && kind !== "bullmq") throw new Error(`MOCKUP_QUEUE must be "in-process" or "bullmq" (got "${kind.slice(0, 40)}")`);
  return kind;
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
