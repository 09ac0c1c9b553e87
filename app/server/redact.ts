/**
 * What a request log may say about a request: its URL with every secret-bearing query parameter's value
 * replaced, and its headers with every secret-bearing header's value replaced. Used by the request logger
 * (app/server/request-log.ts) on the way out, so no secret reaches a log line whatever a route does.
 *
 * Shopify puts secrets in URLs: `id_token` (a session token) on every embedded admin page load, `hmac`,
 * `signature` and `session` on OAuth and app proxy calls, `code` and `state` on the OAuth callback.
 * Headers: `Authorization: Bearer <session token>`, `X-Shopify-Access-Token`, `X-Shopify-Hmac-Sha256`, cookies.
 * Names are matched by rule as well as by list, so a new token-bearing parameter is redacted without a change.
 */

export const REDACTED = "[redacted]";

/** Query parameters Shopify (and OAuth) use for secrets, exactly. */
export const SECRET_PARAMS: readonly string[] = ["id_token", "hmac", "signature", "session", "code", "state", "access_token", "refresh_token", "client_secret", "password"];

/** Headers that carry credentials, exactly (lowercase). */
export const SECRET_HEADERS: readonly string[] = [
  "authorization",
  "proxy-authorization",
  "cookie",
  "set-cookie",
  "x-shopify-access-token",
  "x-shopify-storefront-access-token",
  "x-shopify-hmac-sha256",
  "x-api-key",
];

/** Any other name that says it carries a credential: token, secret, password, signature, hmac, session, auth, api key, cookie. */
const SECRET_WORD = /token|secret|passw|signature|hmac|session|auth|api[-_]?key|cookie|credential/i;

export function isSecretParam(name: string): boolean {
  return SECRET_PARAMS.includes(name.toLowerCase()) || SECRET_WORD.test(name);
}

export function isSecretHeader(name: string): boolean {
  return SECRET_HEADERS.includes(name.toLowerCase()) || SECRET_WORD.test(name);
}

const decode = (s: string): string | null => {
  try {
    return decodeURIComponent(s.replace(/\+/g, " "));
  } catch {
    return null; // a malformed escape
  }
};

/**
 * A request target (`/path?query`) or absolute URL with the values of secret parameters replaced, also
 * inside parameters whose value is itself a URL (Shopify's bounce page carries the original URL, id_token
 * and all, in `shopify-reload`). Parsing is by hand, not URLSearchParams, so the rest is kept byte for byte.
 */
export function redactUrl(url: string, depth = 0): string {
  const q = url.indexOf("?");
  if (q < 0) return url;
  const hash = url.indexOf("#", q);
  const query = url.slice(q + 1, hash < 0 ? undefined : hash);
  const redacted = query
    .split("&")
    .map((pair) => {
      const eq = pair.indexOf("=");
      if (eq < 0) return pair;
      const rawName = pair.slice(0, eq);
      if (isSecretParam(decode(rawName) ?? rawName)) return `${rawName}=${REDACTED}`;
      const value = decode(pair.slice(eq + 1));
      if (value === null || !value.includes("?") || depth >= 3) return pair;
      const inner = redactUrl(value, depth + 1);
      return inner === value ? pair : `${rawName}=${encodeURIComponent(inner)}`;
    })
    .join("&");
  // a fragment never reaches a server, but an absolute URL given here may carry one
  return `${url.slice(0, q)}?${redacted}${hash < 0 ? "" : "#[fragment]"}`;
}

/**
 * A copy of a headers record with the values of secret headers replaced, and URLs in the others
 * (Location, Referer: they repeat request URLs, id_token included) redacted like request URLs.
 */
export function redactHeaders(headers: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!headers) return headers;
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (isSecretHeader(name)) out[name] = REDACTED;
    else if (typeof value === "string" && value.includes("?")) out[name] = redactUrl(value);
    else if (Array.isArray(value)) out[name] = value.map((v) => (typeof v === "string" && v.includes("?") ? redactUrl(v) : v));
    else out[name] = value;
  }
  return out;
}

/** A copy of a parsed query or params record with the values of secret names replaced. */
export function redactRecord(record: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!record || typeof record !== "object") return record;
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(record)) out[name] = isSecretParam(name) ? REDACTED : value;
  return out;
}
