/**
 * The CGTrader HTTP client: OAuth 2 client credentials with a cached token, search, model details, categories, and
 * the download through a short-lived signed URL. Every call goes through the shared vendor HTTP helper
 * (app/connectors/shared/http.ts: URL guard, deadline, size cap, content type, zod) and fails as a ConnectorFault;
 * retries, backoff and breakers are the provider policy's (app/connectors/shared/), not this file's.
 *
 * Auth rule: a 401 on an API call drops the cached token, fetches one new token and repeats the call once; a second
 * 401 is an `auth` fault (the shop's credentials are wrong or revoked). A 401 from the token endpoint itself is
 * never retried.
 */
import { createHash } from "node:crypto";
import type { z } from "zod";
import { isConnectorFault } from "../shared/faults";
import { vendorBytes, vendorJson, type VendorRequest } from "../shared/http";
import type { UrlGuardOptions } from "../shared/url-guard";
import {
  categoriesSchema,
  modelDetailsSchema,
  PATHS,
  SEARCH_QUERY,
  searchResponseSchema,
  signedFileSchema,
  tokenSchema,
  type CgModelDetails,
} from "./api";

export const PROVIDER = "cgtrader";

export interface Download {
  bytes: Buffer;
  /** sha256 hex of the bytes as downloaded */
  sha256: string;
  contentType: string;
}

/** The calls one policy exchange may make (CgtraderClient.exchange). */
export interface ExchangeApi {
  details(id: string): Promise<CgModelDetails>;
  download(id: string, fileId: string): Promise<Download>;
}

export const DEFAULTS = {
  /** deadline of one API call (token, search, details, file URL) */
  timeoutMs: 10_000,
  /** deadline of the model download */
  downloadTimeoutMs: 60_000,
  /** largest model file downloaded (the asset processor's own input limit) */
  maxDownloadBytes: 128 * 1024 * 1024,
  /** a cached token is renewed this long before CGTrader says it expires */
  tokenMarginMs: 30_000,
  /** results per search page */
  perPage: 24,
  /** the search page asked for when the caller names none (CGTrader counts from 1) */
  page: 1,
} as const;

export interface CgtraderCredentials {
  /** e.g. https://api.cgtrader.com (no trailing slash) */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
}

/** Defaults: DEFAULTS. */
export interface CgtraderClientOptions {
  /** deadline of one API call (default 10 000 ms) */
  timeoutMs?: number;
  /** deadline of the download (default 60 000 ms) */
  downloadTimeoutMs?: number;
  /** largest download (default 128 MiB) */
  maxDownloadBytes?: number;
  /** renew a cached token this long before it expires (default 30 000 ms) */
  tokenMarginMs?: number;
  /** the outbound URL guard's options (tests and the demo's local double: allowLoopback) */
  guard?: UrlGuardOptions;
  /** the token cache (default: one per process, shared by every client of the same credentials) */
  tokens?: TokenCache;
  /** clock (tests) */
  now?(): number;
  /**
   * Runs one vendor exchange under the connector's policy (retries with Retry-After, shared breakers:
   * app/connectors/shared/policy.ts `ConnectorPolicy.call`). Default: once, with `timeoutMs`.
   */
  run?: Runner;
}

/** One exchange's deadline and signal, as the policy hands them to each attempt. */
export interface AttemptArgs {
  timeoutMs: number;
  signal?: AbortSignal;
}
export type Runner = <T>(op: (a: AttemptArgs) => Promise<T>, signal?: AbortSignal) => Promise<T>;

export interface SearchQuery {
  keywords?: string;
  categoryId?: string;
  minPrice?: number;
  maxPrice?: number;
  page?: number;
  perPage?: number;
  sort?: string;
}

/** Tokens by credentials (a hash of base URL, client id and secret: the secret itself is never a map key). */
export class TokenCache {
  private readonly entries = new Map<string, { token: string; expiresAt: number }>();
  get(key: string, now: number): string | undefined {
    const e = this.entries.get(key);
    return e && e.expiresAt > now ? e.token : undefined;
  }
  set(key: string, token: string, expiresAt: number): void {
    this.entries.set(key, { token, expiresAt });
  }
  delete(key: string): void {
    this.entries.delete(key);
  }
}

const processTokens = new TokenCache();

export class CgtraderClient {
  private readonly o: Required<Omit<CgtraderClientOptions, "guard" | "run">> & { guard?: UrlGuardOptions };
  private readonly run: Runner;
  private readonly cacheKey: string;
  private pending?: Promise<string>;

  constructor(
    private readonly creds: CgtraderCredentials,
    opts: CgtraderClientOptions = {},
  ) {
    this.o = {
      timeoutMs: opts.timeoutMs ?? DEFAULTS.timeoutMs,
      downloadTimeoutMs: opts.downloadTimeoutMs ?? DEFAULTS.downloadTimeoutMs,
      maxDownloadBytes: opts.maxDownloadBytes ?? DEFAULTS.maxDownloadBytes,
      tokenMarginMs: opts.tokenMarginMs ?? DEFAULTS.tokenMarginMs,
      tokens: opts.tokens ?? processTokens,
      now: opts.now ?? Date.now,
      guard: opts.guard,
    };
    this.run = opts.run ?? ((op, signal) => op({ timeoutMs: this.o.timeoutMs, signal }));
    this.cacheKey = createHash("sha256").update(`${creds.baseUrl}\n${creds.clientId}\n${creds.clientSecret}`).digest("hex");
  }

  /** A page of search results. */
  search(q: SearchQuery, signal?: AbortSignal) {
    const params = new URLSearchParams();
    if (q.keywords?.trim()) params.set(SEARCH_QUERY.keywords, q.keywords.trim());
    if (q.categoryId) params.set(SEARCH_QUERY.category, q.categoryId);
    if (q.minPrice !== undefined) params.set(SEARCH_QUERY.minPrice, String(q.minPrice));
    if (q.maxPrice !== undefined) params.set(SEARCH_QUERY.maxPrice, String(q.maxPrice));
    params.set(SEARCH_QUERY.page, String(q.page ?? DEFAULTS.page));
    params.set(SEARCH_QUERY.perPage, String(q.perPage ?? DEFAULTS.perPage));
    if (q.sort) params.set(SEARCH_QUERY.sort, q.sort);
    return this.api(`${PATHS.models}?${params}`, searchResponseSchema, signal);
  }

  details(id: string, signal?: AbortSignal): Promise<CgModelDetails> {
    return this.api(PATHS.model(id), modelDetailsSchema, signal);
  }

  categories(signal?: AbortSignal) {
    return this.api(PATHS.categories, categoriesSchema, signal);
  }

  /**
   * The file's bytes: asks for a signed URL and fetches it at once (the URL is never stored or logged). A URL that
   * expired before it was fetched (403/404/410: `expired_result`, which the policy does not retry: the same URL
   * cannot work) gets one fresh URL; a second expired one is the fault.
   */
  download(id: string, fileId: string, signal?: AbortSignal): Promise<Download> {
    return this.run((a) => this.downloadIn(a, id, fileId), signal);
  }

  /**
   * Several calls as ONE exchange for the policy (an import: details, then the download), so the breaker judges the
   * whole: a details call that succeeds must not reset the failures of the download that follows it.
   */
  exchange<T>(fn: (api: ExchangeApi) => Promise<T>, signal?: AbortSignal): Promise<T> {
    return this.run((a) => fn({ details: (id) => this.authed(PATHS.model(id), modelDetailsSchema, a), download: (id, fileId) => this.downloadIn(a, id, fileId) }), signal);
  }

  private async downloadIn(a: AttemptArgs, id: string, fileId: string): Promise<Download> {
    for (let round = 0; ; round++) {
      const signed = await this.authed(PATHS.file(id, fileId), signedFileSchema, a);
      try {
        const { bytes, contentType } = await vendorBytes(
          {
            provider: PROVIDER,
            url: signed.url,
            // the signed URL carries its own authorisation: our bearer token must not travel to a CDN
            timeoutMs: this.o.downloadTimeoutMs,
            maxBytes: this.o.maxDownloadBytes,
            expiredOn: [403, 404, 410],
            signal: a.signal,
            guard: this.o.guard,
          },
          // model/gltf-binary for GLB; octet-stream for OBJ/FBX/STL (CDNs rarely know model types). ASSUMED.
          ["model/", "application/octet-stream"],
        );
        return { bytes, sha256: createHash("sha256").update(bytes).digest("hex"), contentType };
      } catch (err) {
        // one fresh URL for one that expired before it was fetched; a second expired URL is the fault
        if (round > 0 || !isConnectorFault(err) || err.fault !== "expired_result") throw err;
      }
    }
  }

  private api<S extends z.ZodType>(pathAndQuery: string, schema: S, signal?: AbortSignal): Promise<z.infer<S>> {
    return this.run((a) => this.authed(pathAndQuery, schema, a), signal);
  }

  /** One authenticated call: on a 401, exactly one new token and the call once more; a second 401 is `auth`. */
  private async authed<S extends z.ZodType>(pathAndQuery: string, schema: S, a: AttemptArgs): Promise<z.infer<S>> {
    const req = (token: string): VendorRequest => ({
      provider: PROVIDER,
      url: `${this.creds.baseUrl}${pathAndQuery}`,
      headers: { authorization: `Bearer ${token}` },
      timeoutMs: a.timeoutMs,
      signal: a.signal,
      guard: this.o.guard,
    });
    const token = await this.token(a);
    try {
      return await vendorJson(req(token), schema);
    } catch (err) {
      if (!isConnectorFault(err) || err.status !== 401) throw err;
      // the token expired early or was revoked: exactly one new token, then the call once more
      this.invalidate(token);
      return vendorJson(req(await this.token(a)), schema);
    }
  }

  private invalidate(token: string): void {
    if (this.o.tokens.get(this.cacheKey, this.o.now()) === token) this.o.tokens.delete(this.cacheKey);
  }

  /** The cached token, or a new one (concurrent callers of one client share one token request). */
  private token(a: AttemptArgs): Promise<string> {
    const cached = this.o.tokens.get(this.cacheKey, this.o.now());
    if (cached) return Promise.resolve(cached);
    this.pending ??= this.fetchToken(a).finally(() => (this.pending = undefined));
    return this.pending;
  }

  private async fetchToken(a: AttemptArgs): Promise<string> {
    const t = await vendorJson(
      {
        provider: PROVIDER,
        url: `${this.creds.baseUrl}${PATHS.token}`,
        form: { grant_type: "client_credentials", client_id: this.creds.clientId, client_secret: this.creds.clientSecret },
        timeoutMs: a.timeoutMs,
        signal: a.signal,
        guard: this.o.guard,
      },
      tokenSchema,
    );
    const expiresAt = this.o.now() + Math.max(0, t.expires_in * 1000 - this.o.tokenMarginMs);
    this.o.tokens.set(this.cacheKey, t.access_token, expiresAt);
    return t.access_token;
  }
}
