/**
 * How a vendor call failed, as one of a few classes, and what each class means for the call's policy:
 * retried against the same vendor or not, counted by which breaker. Every connector error is a ConnectorFault, so
 * the policy, the orchestrator, the admin and the fault matrix (tests/connectors/fault-matrix.test.ts) all speak
 * one vocabulary. Decision 140.
 */

export const FAULT_CLASSES = [
  "timeout",
  "rate_limited",
  "server_error",
  "network",
  "malformed",
  "content_type",
  "auth",
  "client_error",
  "expired_result",
  "task_failed",
  "blocked_url",
  "not_configured",
  "breaker_open",
] as const;
export type FaultClass = (typeof FAULT_CLASSES)[number];

/**
 * Which breaker a fault counts toward: "provider" (an outage: every shop is spared), "shop" (only this shop's
 * use of the provider: its bad key, its rate limit), or none (our request was wrong, or nothing was called).
 */
export type BreakerScope = "provider" | "shop" | null;

export interface FaultRule {
  /** another attempt against the same vendor can succeed */
  retry: boolean;
  scope: BreakerScope;
}

/**
 * The rules, one line per class.
 * - timeout: not retried: the next attempt would most likely cost another full timeout; the next provider is cheaper.
 * - rate_limited (429): retried only when Retry-After fits inside the attempt timeout (policy.ts decides);
 *   a rate limit is per key, so it counts toward the shop's breaker.
 * - malformed / content_type: the vendor answered, wrongly; the same request gets the same answer.
 * - auth (401/403 after any token refresh): the shop's key is wrong; retrying cannot fix it.
 * - client_error (other 4xx): our request was wrong: not the vendor's health, not retried.
 * - expired_result: the signed result URL died before we fetched it; fetching it again cannot work (the adapter
 *   asks the task once more for a fresh URL instead, see app/connectors/mockey/client.ts).
 * - task_failed: the vendor ran the task and said it failed; the same input fails the same way.
 */
export const FAULT_RULES: Record<FaultClass, FaultRule> = {
  timeout: { retry: false, scope: "provider" },
  rate_limited: { retry: true, scope: "shop" },
  server_error: { retry: true, scope: "provider" },
  network: { retry: true, scope: "provider" },
  malformed: { retry: false, scope: "provider" },
  content_type: { retry: false, scope: "provider" },
  auth: { retry: false, scope: "shop" },
  client_error: { retry: false, scope: null },
  expired_result: { retry: false, scope: "provider" },
  task_failed: { retry: false, scope: "provider" },
  blocked_url: { retry: false, scope: null },
  not_configured: { retry: false, scope: null },
  breaker_open: { retry: false, scope: null },
};

export interface FaultDetails {
  provider: string;
  /** HTTP status, when there was a response */
  status?: number;
  /** Retry-After in ms, when the vendor sent one */
  retryAfterMs?: number;
  cause?: unknown;
}

/**
 * Marks a ConnectorFault whichever copy of this module made it: a process can hold two (the e2e server under tsx and
 * the Remix build it loads share one connector kit), and `instanceof` against the other copy's class is false, which
 * once made the kit's policy rethrow the routes' faults uncounted (no breaker, no retry). A registered symbol is the
 * same in every copy.
 */
const BRAND = Symbol.for("mockup-pipeline.ConnectorFault");

/**
 * A failed vendor call. Its message is safe to log and to show the merchant: it never carries a key, a token or a
 * signed URL (http.ts builds it from the method, the path and the status only).
 */
export class ConnectorFault extends Error {
  readonly [BRAND] = true;
  readonly fault: FaultClass;
  readonly provider: string;
  readonly status?: number;
  readonly retryAfterMs?: number;
  constructor(fault: FaultClass, message: string, details: FaultDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = "ConnectorFault";
    this.fault = fault;
    this.provider = details.provider;
    this.status = details.status;
    this.retryAfterMs = details.retryAfterMs;
  }

  get rule(): FaultRule {
    return FAULT_RULES[this.fault];
  }
}

/** True for a ConnectorFault from any copy of this module (see BRAND). */
export function isConnectorFault(err: unknown): err is ConnectorFault {
  return typeof err === "object" && err !== null && (err as { [BRAND]?: unknown })[BRAND] === true;
}

/** The class of an HTTP status that is not a success (2xx). */
export function faultForStatus(status: number): FaultClass {
  if (status === 401 || status === 403) return "auth";
  // 408: the vendor answered promptly and asks for the request again; unlike our own timeout it costs nothing to
  // retry, so it is retried like a 5xx (decision 140: 4xx other than 408/429 are not)
  if (status === 408) return "server_error";
  if (status === 429) return "rate_limited";
  if (status >= 500) return "server_error";
  return "client_error";
}

/**
 * Retry-After as milliseconds: delta-seconds or an HTTP date (RFC 9110 §10.2.3). Absent or unreadable: undefined.
 * Capped at a day so a hostile header cannot produce absurd numbers.
 */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d{1,9}$/.test(v)) return Math.min(Number(v) * 1000, 86_400_000);
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.min(Math.max(0, at - now), 86_400_000);
}
