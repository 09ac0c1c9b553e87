/**
 * A throttle-aware Admin GraphQL client for one shop (docs/decisions/082).
 *
 * Shopify's cost bucket is per app and shop: every answer reports `extensions.cost.throttleStatus`
 * (maximumAvailable, currentlyAvailable, restoreRate). The client keeps that model, learns what each
 * operation costs, and before sending waits exactly until the bucket holds the expected cost; a THROTTLED
 * answer (HTTP 200, no data) is waited out the same way, from the cost the answer names. Requests of one
 * shop go one at a time, so the model is exact; media uploads and polling sleeps of other products fill the
 * gaps. `@shopify/graphql-client` retries only HTTP 429/503 and throws on body errors, which is why this is ours.
 */
import { AdminGraphqlError, ShopGoneError, ThrottledError } from "./errors";

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

export interface GraphqlResponse {
  status: number;
  headers: { get(name: string): string | null };
  body: unknown;
}

/** Sends one GraphQL request to the shop's Admin API (production: fetch with the offline token). */
export type GraphqlTransport = (request: { query: string; variables: Record<string, unknown> }, signal?: AbortSignal) => Promise<GraphqlResponse>;

/** Defaults: DEFAULTS. */
export interface AdminClientOptions {
  /** longest total wait for the bucket for one request before giving up (default 120 000 ms) */
  maxThrottleWaitMs?: number;
  /** attempts for HTTP 429/5xx and network errors (default 4) */
  maxAttempts?: number;
  /** first retry delay for 5xx / network errors, doubling (default 500 ms) */
  retryDelayMs?: number;
  sleep?(ms: number, signal?: AbortSignal): Promise<void>;
  now?(): number;
}

export const DEFAULTS = {
  maxThrottleWaitMs: 120_000,
  maxAttempts: 4,
  retryDelayMs: 500,
  /** points a second the bucket restores when Shopify reported none yet (a standard shop's rate) */
  restoreRate: 50,
} as const;

interface Body {
  data?: unknown;
  errors?: { message: string; extensions?: { code?: string } }[] | string | Record<string, unknown>;
  extensions?: { cost?: { requestedQueryCost?: number; actualQueryCost?: number | null; throttleStatus?: ThrottleStatus } };
}

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason ?? new DOMException("aborted", "AbortError"));
    const t = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, Math.max(0, ms));
    const onAbort = () => {
      clearTimeout(t);
      reject(signal!.reason ?? new DOMException("aborted", "AbortError"));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** "mutation ProductUpdate(" → "ProductUpdate": the learned-cost key and the name in errors. */
export function operationName(query: string): string {
  return /\b(?:query|mutation)\s+([A-Za-z_][A-Za-z0-9_]*)/.exec(query)?.[1] ?? "anonymous";
}

export class AdminClient {
  private bucket: (ThrottleStatus & { at: number }) | null = null;
  private readonly learned = new Map<string, number>();
  private chain: Promise<unknown> = Promise.resolve();
  private readonly o: Required<AdminClientOptions>;
  /** totals for the benchmark and logs */
  readonly stats = { requests: 0, throttled: 0, pointsRequested: 0, pointsActual: 0, waitedMs: 0 };

  constructor(
    readonly shop: string,
    private readonly transport: GraphqlTransport,
    opts: AdminClientOptions = {},
  ) {
    this.o = {
      maxThrottleWaitMs: opts.maxThrottleWaitMs ?? DEFAULTS.maxThrottleWaitMs,
      maxAttempts: opts.maxAttempts ?? DEFAULTS.maxAttempts,
      retryDelayMs: opts.retryDelayMs ?? DEFAULTS.retryDelayMs,
      sleep: opts.sleep ?? abortableSleep,
      now: opts.now ?? Date.now,
    };
  }

  /** The bucket as last reported, refilled to now. */
  available(): number | null {
    if (!this.bucket) return null;
    const { currentlyAvailable, restoreRate, maximumAvailable, at } = this.bucket;
    return Math.min(maximumAvailable, currentlyAvailable + ((this.o.now() - at) / 1000) * restoreRate);
  }

  /** Runs one operation and returns its `data`; requests of this shop are serialised (see the file comment). */
  request<T>(query: string, variables: Record<string, unknown> = {}, signal?: AbortSignal): Promise<T> {
    const run = this.chain.then(() => this.send<T>(query, variables, signal));
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async waitFor(cost: number, signal?: AbortSignal): Promise<number> {
    const avail = this.available();
    if (avail === null || !this.bucket || avail >= cost) return 0;
    const ms = Math.ceil(((cost - avail) / this.bucket.restoreRate) * 1000);
    this.stats.waitedMs += ms;
    await this.o.sleep(ms, signal);
    return ms;
  }

  private async send<T>(query: string, variables: Record<string, unknown>, signal?: AbortSignal): Promise<T> {
    const op = operationName(query);
    let waited = 0;
    let attempt = 0;
    for (;;) {
      signal?.throwIfAborted();
      const expected = this.learned.get(op) ?? 0;
      waited += await this.waitFor(expected, signal);
      let res: GraphqlResponse;
      try {
        this.stats.requests++;
        res = await this.transport({ query, variables }, signal);
      } catch (err) {
        if (signal?.aborted) throw err;
        // network error: the shop's host did not answer; a few tries with backoff
        if (++attempt >= this.o.maxAttempts) throw err;
        await this.o.sleep(this.o.retryDelayMs * 2 ** (attempt - 1), signal);
        continue;
      }
      if (res.status === 401 || res.status === 403) throw new ShopGoneError(this.shop, `HTTP ${res.status} (app uninstalled or access revoked)`);
      if (res.status === 402) throw new ShopGoneError(this.shop, "HTTP 402 (shop frozen: unpaid)");
      if (res.status === 404) throw new ShopGoneError(this.shop, "HTTP 404 (shop not found)");
      if (res.status === 423) throw new ShopGoneError(this.shop, "HTTP 423 (shop locked)");
      if (res.status === 429 || res.status >= 500) {
        if (++attempt >= this.o.maxAttempts) throw new Error(`${op}: Shopify answered HTTP ${res.status} ${attempt} times`);
        const retryAfter = Number(res.headers.get("retry-after"));
        const ms = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : this.o.retryDelayMs * 2 ** (attempt - 1);
        waited += ms;
        await this.o.sleep(ms, signal);
        continue;
      }
      const body = (res.body ?? {}) as Body;
      const cost = body.extensions?.cost;
      if (cost?.throttleStatus) this.bucket = { ...cost.throttleStatus, at: this.o.now() };
      if (typeof cost?.requestedQueryCost === "number") this.learned.set(op, cost.requestedQueryCost);
      const errors = Array.isArray(body.errors) ? body.errors : body.errors ? [{ message: JSON.stringify(body.errors) }] : [];
      if (errors.some((e) => e.extensions?.code === "THROTTLED")) {
        this.stats.throttled++;
        // a query dearer than the whole bucket can never run: waiting would only hide the bug
        if (cost?.requestedQueryCost && cost.throttleStatus && cost.requestedQueryCost > cost.throttleStatus.maximumAvailable) {
          throw new AdminGraphqlError(op, [{ message: `query cost ${cost.requestedQueryCost} exceeds the bucket (${cost.throttleStatus.maximumAvailable})`, extensions: { code: "MAX_COST_EXCEEDED" } }]);
        }
        if (waited >= this.o.maxThrottleWaitMs) throw new ThrottledError(op, waited);
        // wait for exactly what this request costs; with no cost reported, one second of restore
        const need = cost?.requestedQueryCost ?? (this.bucket?.restoreRate ?? DEFAULTS.restoreRate);
        const before = waited;
        waited += await this.waitFor(need, signal);
        if (waited === before) {
          waited += 1000;
          this.stats.waitedMs += 1000;
          await this.o.sleep(1000, signal);
        }
        continue;
      }
      if (res.status !== 200) throw new AdminGraphqlError(op, errors.length ? errors : [{ message: `HTTP ${res.status}` }]);
      if (errors.length) throw new AdminGraphqlError(op, errors);
      this.stats.pointsRequested += cost?.requestedQueryCost ?? 0;
      this.stats.pointsActual += cost?.actualQueryCost ?? cost?.requestedQueryCost ?? 0;
      return body.data as T;
    }
  }
}

/** The production transport: POST https://{shop}/admin/api/{version}/graphql.json with the offline token. */
export function fetchTransport(endpoint: string, accessToken: string, fetchImpl: typeof fetch = fetch): GraphqlTransport {
  return async (request, signal) => {
    const res = await fetchImpl(endpoint, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-Shopify-Access-Token": accessToken },
      body: JSON.stringify(request),
      signal,
    });
    const text = await res.text();
    let body: unknown = {};
    try {
      body = text ? JSON.parse(text) : {};
    } catch {
      body = { errors: [{ message: text.slice(0, 200) }] };
    }
    return { status: res.status, headers: res.headers, body };
  };
}
