import { createHash, timingSafeEqual } from "node:crypto";

type Env = Record<string, string | undefined>;

/**
 * Whether an Authorization header may read the web process's `/metrics`. With MOCKUP_METRICS_TOKEN unset the
 * route is open, as a worker's 127.0.0.1-only metrics port is; on a public host the operator sets the token and
 * points the scraper's `bearer_token` at it. Compared as SHA-256 digests so the comparison takes the same time
 * whatever the lengths (timingSafeEqual needs equal lengths, and a length check would leak the token's).
 */
export function metricsTokenMatches(authorization: string | null, env: Env = process.env): boolean {
  const token = env.MOCKUP_METRICS_TOKEN?.trim();
  if (!token) return true;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  if (!m) return false;
  const digest = (s: string) => createHash("sha256").update(s).digest();
  return timingSafeEqual(digest(m[1]), digest(token));
}
