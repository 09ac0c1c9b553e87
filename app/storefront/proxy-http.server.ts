/**
 * What every app-proxy route of the storefront shares (designs, editor images, editor saves, their files): JSON
 * answers, bodies read with a size limit, the storefront prefix for URLs, the shopper's language, refusals in it,
 * and the rate limit per shop and client. One place, so the block and the editor see the same shapes:
 * a refusal is always `{ error: <code>, message: <in the shopper's language>, detail?: <English, for support> }`.
 */
import { DesignRejectedError } from "../designs/errors";
import { BodyTooLargeError, readLimitedBody } from "../server/read-limited";
import { shopperLocale, shopperMessage, type ShopperLocale, type StorefrontErrorCode } from "./messages";
import { clientKey, processRateLimits, type RateRoute } from "./rate-limit";

export class StorefrontError extends Error {
  constructor(
    readonly code: StorefrontErrorCode,
    readonly status: number,
    readonly detail?: string,
    readonly retryAfterSec?: number,
    /** values for the message's {placeholders}, e.g. { maxMb: 15 } */
    readonly params: Record<string, string | number> = {},
  ) {
    super(detail ?? code);
    this.name = "StorefrontError";
  }
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", ...headers },
  });
}

export function errorResponse(err: StorefrontError, locale: ShopperLocale): Response {
  const headers: Record<string, string> = { "Content-Language": locale };
  if (err.retryAfterSec) headers["Retry-After"] = String(err.retryAfterSec);
  const body = { error: err.code, message: shopperMessage(err.code, locale, err.params), ...(err.detail ? { detail: err.detail } : {}) };
  return json(body, err.status, headers);
}

/** HTTP status of each design-intake refusal (the rest are 422: the file is understood and refused). */
const INTAKE_STATUS: Partial<Record<string, number>> = { too_large: 413, unknown_type: 415, polyglot: 415 };

/** A design-intake refusal as the shopper sees it; intake's English message stays as `detail`. */
export function intakeError(e: DesignRejectedError, maxBytes?: number): StorefrontError {
  const params: Record<string, number> = maxBytes ? { maxMb: Math.floor(maxBytes / (1024 * 1024)) } : {};
  return new StorefrontError(e.code, INTAKE_STATUS[e.code] ?? 422, e.message, undefined, params);
}

/** The body, at most `max` bytes (app/server/read-limited.ts); too large is the shopper's `too_large` refusal. */
export async function readLimited(request: Request, max: number): Promise<Buffer> {
  try {
    return await readLimitedBody(request, max);
  } catch (err) {
    if (!(err instanceof BodyTooLargeError)) throw err;
    throw new StorefrontError("too_large", 413, err.message, undefined, { maxMb: Math.floor(max / (1024 * 1024)) || 1 });
  }
}

/** The storefront prefix Shopify forwarded (`path_prefix`, merchants can change it) if it has a shape Shopify allows; else ours. */
export function proxyPrefix(pathPrefix: string | null | undefined): string {
  return /^\/(apps|a|community|tools)\/[A-Za-z0-9_-]{1,60}$/.test(pathPrefix ?? "") ? pathPrefix! : "/apps/mockup";
}

/** The shopper's language: the block's `locale` parameter, else the browser's Accept-Language. */
export function requestLocale(request: Request): ShopperLocale {
  return shopperLocale(new URL(request.url).searchParams.get("locale"), request.headers.get("accept-language"));
}

/**
 * Spends one token of `route`'s bucket for this shop and client, or throws the 429 (with Retry-After). Call it
 * before reading the body: a refused request costs nothing.
 */
export async function limitRate(route: RateRoute, request: Request, shop: string, customerId: string | null): Promise<void> {
  const { limiters, trustedHops } = await processRateLimits();
  const decision = await limiters[route].take(clientKey(shop, customerId, request.headers.get("x-forwarded-for"), trustedHops));
  if (!decision.ok) throw new StorefrontError("rate_limited", 429, undefined, decision.retryAfterSec);
}

/** What the verified signature also tells us: the logged-in customer (or none) and the storefront prefix. */
export function signedShopper(request: Request): { customerId: string | null; pathPrefix: string } {
  const q = new URL(request.url).searchParams;
  return { customerId: q.get("logged_in_customer_id") || null, pathPrefix: proxyPrefix(q.get("path_prefix")) };
}
