/** Errors of the publish layer; each says whether trying again can help (`nonRetryable` stops the step's retries). */

/** The product, version or job is not this shop's (or does not exist): routes answer 404, never "forbidden". */
export class PublishNotFoundError extends Error {
  readonly status = 404;
  readonly nonRetryable = true;
  constructor(what: string) {
    super(`${what} not found`);
    this.name = "PublishNotFoundError";
  }
}

/**
 * The shop is gone (uninstalled, token revoked: HTTP 401/403, or no offline session) or unusable (402 frozen,
 * 404 shop not found, 423 locked). Publishing stops at once: retrying for hours against a shop that is gone helps nobody.
 */
export class ShopGoneError extends Error {
  readonly nonRetryable = true;
  constructor(
    readonly shop: string,
    readonly reason: string,
  ) {
    super(`shop ${shop} is not reachable: ${reason}`);
    this.name = "ShopGoneError";
  }
}

/** The Admin API refused the document itself (validation, unknown field): a bug on our side, never retried. */
export class AdminGraphqlError extends Error {
  readonly nonRetryable = true;
  constructor(
    readonly operation: string,
    readonly errors: { message: string; extensions?: { code?: string } }[],
  ) {
    super(`${operation}: ${errors.map((e) => e.message).join("; ").slice(0, 500)}`);
    this.name = "AdminGraphqlError";
  }
}

/** The bucket did not refill within the wait ceiling (a shop under heavy load from other apps). Retryable later. */
export class ThrottledError extends Error {
  constructor(
    readonly operation: string,
    readonly waitedMs: number,
  ) {
    super(`${operation}: Shopify kept throttling for ${Math.round(waitedMs / 1000)} s`);
    this.name = "ThrottledError";
  }
}

/** A mutation answered userErrors (or mediaUserErrors): the input was refused. Deterministic: not retried. */
export class UserErrorsError extends Error {
  readonly nonRetryable = true;
  constructor(
    readonly operation: string,
    readonly userErrors: { field?: string[] | null; message: string; code?: string | null }[],
  ) {
    super(`${operation}: ${userErrors.map((e) => `${e.code ? `${e.code}: ` : ""}${e.message}`).join("; ").slice(0, 500)}`);
    this.name = "UserErrorsError";
  }

  hasCode(...codes: string[]): boolean {
    return this.userErrors.some((e) => e.code != null && codes.includes(e.code));
  }
}
