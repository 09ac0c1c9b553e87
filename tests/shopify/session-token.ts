/**
 * Session tokens as App Bridge issues them: HS256 JWTs signed with the app's secret (also used by the
 * Playwright tests; no test-only code path in the app).
 */
import { createHmac, randomUUID } from "node:crypto";

export interface TokenOptions {
  shop: string;
  apiKey: string;
  secret: string;
  /** seconds from now until expiry (default 60, as Shopify) */
  ttl?: number;
  userId?: string;
}

const b64url = (v: Buffer | string) => Buffer.from(v).toString("base64url");

export function sessionToken(o: TokenOptions): string {
  const now = Math.floor(Date.now() / 1000);
  const header = { alg: "HS256", typ: "JWT" };
  const payload = {
    iss: `https://${o.shop}/admin`,
    dest: `https://${o.shop}`,
    aud: o.apiKey,
    sub: o.userId ?? "42",
    exp: now + (o.ttl ?? 60),
    nbf: now - 5,
    iat: now - 5,
    jti: randomUUID(),
    sid: randomUUID(),
  };
  const signingInput = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  const sig = createHmac("sha256", o.secret).update(signingInput).digest("base64url");
  return `${signingInput}.${sig}`;
}

/** A desktop Chrome user agent: the Shopify library answers 410 to requests that look like bots. */
export const BROWSER_UA =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36";

/** An offline session row as the Prisma session storage writes it. */
export function offlineSessionRow(shop: string) {
  return {
    id: `offline_${shop}`,
    shop,
    state: "",
    isOnline: false,
    scope: "write_products,write_files,write_app_proxy",
    accessToken: "shpat_test_offline_token",
    expires: new Date(Date.now() + 24 * 3600 * 1000),
  };
}
