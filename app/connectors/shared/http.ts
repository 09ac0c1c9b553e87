/**
 * One HTTP call to a vendor, and nothing else: the URL guard on connect, a deadline over the whole exchange (a
 * socket that hangs and a body that trickles both end at `timeoutMs`), a size cap, the content type checked, JSON
 * parsed with a zod schema. Every way it can fail becomes a ConnectorFault of one class (faults.ts); retries,
 * backoff and breakers are the policy's business (policy.ts), not this file's.
 *
 * Built on node:http(s) rather than fetch because the guard needs a `lookup` hook on the socket (decision 142);
 * fetch would need undici's Agent, which is not a direct dependency.
 */
import http from "node:http";
import https from "node:https";
import type { z } from "zod";
import { ConnectorFault, faultForStatus, parseRetryAfter } from "./faults";
import { BlockedUrlError, checkUrlShape, guardedLookup, type UrlGuardOptions } from "./url-guard";

export const DEFAULTS = {
  timeoutMs: 10_000,
  maxBytes: 25 * 1024 * 1024,
} as const;

/** Defaults: DEFAULTS. */
export interface VendorRequest {
  /** provider name, for fault messages and breaker scopes */
  provider: string;
  method?: "GET" | "POST" | "PUT" | "DELETE";
  url: string;
  headers?: Record<string, string>;
  /** a JSON body (sets content-type) */
  json?: unknown;
  /** an application/x-www-form-urlencoded body (OAuth token requests) */
  form?: Record<string, string>;
  /** deadline for the whole exchange, connect to last byte (default 10 000 ms) */
  timeoutMs?: number;
  /** largest response body accepted (default 25 MiB) */
  maxBytes?: number;
  /** the caller's signal (job cancelled, worker stopping): rethrown as is, not a fault */
  signal?: AbortSignal;
  guard?: UrlGuardOptions;
  /**
   * Statuses that mean "the result URL expired" for this call (a signed download answering 403/404/410) rather
   * than an auth or client error.
   */
  expiredOn?: number[];
}

export interface VendorResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  contentType: string;
  body: Buffer;
}

const agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };

/** The request line as it may appear in logs and faults: method and path, never the query (it may hold a signature). */
function describe(method: string, u: URL): string {
  return `${method} ${u.pathname}`;
}

/** Sends the request; answers 2xx with the raw body, throws ConnectorFault otherwise. */
export async function vendorRequest(req: VendorRequest): Promise<VendorResponse> {
  const method = req.method ?? (req.json !== undefined || req.form ? "POST" : "GET");
  let u: URL;
  try {
    u = checkUrlShape(req.url, req.guard);
  } catch (err) {
    throw new ConnectorFault("blocked_url", `${req.provider}: ${(err as Error).message}`, { provider: req.provider });
  }
  const what = `${req.provider}: ${describe(method, u)}`;
  req.signal?.throwIfAborted();

  const headers: Record<string, string> = { accept: "application/json", "user-agent": "mockup-pipeline/connector", ...req.headers };
  let payload: Buffer | undefined;
  if (req.json !== undefined) {
    payload = Buffer.from(JSON.stringify(req.json));
    headers["content-type"] = "application/json";
  } else if (req.form) {
    payload = Buffer.from(new URLSearchParams(req.form).toString());
    headers["content-type"] = "application/x-www-form-urlencoded";
  }
  if (payload) headers["content-length"] = String(payload.length);

  const timeoutMs = req.timeoutMs ?? DEFAULTS.timeoutMs;
  const maxBytes = req.maxBytes ?? DEFAULTS.maxBytes;
  const lib = u.protocol === "https:" ? https : http;

  return new Promise<VendorResponse>((resolve, reject) => {
    let settled = false;
    const finish = (err: unknown, value?: VendorResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.signal?.removeEventListener("abort", onAbort);
      if (err) {
        r.destroy();
        reject(err);
      } else resolve(value!);
    };
    const timer = setTimeout(
      () => finish(new ConnectorFault("timeout", `${what}: no complete answer within ${timeoutMs} ms`, { provider: req.provider })),
      timeoutMs,
    );
    const onAbort = () => finish(req.signal!.reason ?? Object.assign(new Error("aborted"), { name: "AbortError" }));
    req.signal?.addEventListener("abort", onAbort, { once: true });

    const r = lib.request(
      u,
      { method, headers, agent: u.protocol === "https:" ? agents.https : agents.http, lookup: guardedLookup(req.guard) },
      (res) => {
        const status = res.statusCode ?? 0;
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (c: Buffer) => {
          size += c.length;
          if (size > maxBytes) finish(new ConnectorFault("malformed", `${what}: answer larger than ${maxBytes} bytes`, { provider: req.provider, status }));
          else chunks.push(c);
        });
        res.on("error", (err) => finish(networkFault(what, req.provider, err)));
        res.on("aborted", () => finish(new ConnectorFault("network", `${what}: connection closed mid-answer`, { provider: req.provider, status })));
        res.on("end", () => {
          if (!res.complete) return finish(new ConnectorFault("network", `${what}: connection closed mid-answer`, { provider: req.provider, status }));
          const contentType = String(res.headers["content-type"] ?? "").toLowerCase();
          if (status >= 200 && status < 300) return finish(null, { status, headers: res.headers, contentType, body: Buffer.concat(chunks) });
          finish(statusFault(what, req, status, res.headers));
        });
      },
    );
    r.on("error", (err) => finish(networkFault(what, req.provider, err)));
    r.end(payload);
  });
}

function statusFault(what: string, req: VendorRequest, status: number, headers: http.IncomingHttpHeaders): ConnectorFault {
  if (req.expiredOn?.includes(status)) return new ConnectorFault("expired_result", `${what} → ${status}: the result URL has expired`, { provider: req.provider, status });
  if (status >= 300 && status < 400) return new ConnectorFault("client_error", `${what} → ${status}: redirects are not followed`, { provider: req.provider, status });
  const fault = faultForStatus(status);
  const retryAfterMs = parseRetryAfter(headers["retry-after"] as string | undefined);
  const after = retryAfterMs === undefined ? "" : ` (Retry-After ${Math.round(retryAfterMs)} ms)`;
  return new ConnectorFault(fault, `${what} → ${status}${after}`, { provider: req.provider, status, retryAfterMs });
}

function networkFault(what: string, provider: string, err: unknown): ConnectorFault {
  if (err instanceof BlockedUrlError) return new ConnectorFault("blocked_url", `${what}: ${err.message}`, { provider });
  const code = (err as NodeJS.ErrnoException)?.code ?? "error";
  return new ConnectorFault("network", `${what}: ${code}`, { provider, cause: err });
}

const isJsonType = (t: string) => /^application\/(?:[\w.+-]+\+)?json\b/.test(t);

/** A JSON answer parsed by `schema`. Wrong content type, bad JSON or a schema miss are provider faults. */
export async function vendorJson<S extends z.ZodType>(req: VendorRequest, schema: S): Promise<z.infer<S>> {
  const res = await vendorRequest(req);
  const what = `${req.provider}: ${describe(req.method ?? (req.json !== undefined || req.form ? "POST" : "GET"), new URL(req.url))}`;
  if (!isJsonType(res.contentType)) {
    throw new ConnectorFault("content_type", `${what}: expected JSON, got "${res.contentType.slice(0, 60) || "no content type"}"`, { provider: req.provider, status: res.status });
  }
  let data: unknown;
  try {
    data = JSON.parse(res.body.toString("utf8"));
  } catch {
    throw new ConnectorFault("malformed", `${what}: the answer is not valid JSON`, { provider: req.provider, status: res.status });
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConnectorFault("malformed", `${what}: unexpected answer (${issue?.path.join(".") || "root"}: ${issue?.message})`, { provider: req.provider, status: res.status });
  }
  return parsed.data;
}

/** Bytes of one of `types` (prefixes such as "image/", "model/gltf-binary"); anything else is a content-type fault. */
export async function vendorBytes(req: VendorRequest, types: string[]): Promise<{ bytes: Buffer; contentType: string }> {
  const res = await vendorRequest({ ...req, headers: { accept: types.join(", "), ...req.headers } });
  if (!types.some((t) => res.contentType.startsWith(t))) {
    const what = `${req.provider}: ${describe(req.method ?? "GET", new URL(req.url))}`;
    throw new ConnectorFault("content_type", `${what}: expected ${types.join(" or ")}, got "${res.contentType.slice(0, 60) || "no content type"}"`, { provider: req.provider, status: res.status });
  }
  if (res.body.length === 0) throw new ConnectorFault("malformed", `${req.provider}: empty download`, { provider: req.provider, status: res.status });
  return { bytes: res.body, contentType: res.contentType };
}
