/**
 * A local server on 127.0.0.1 that speaks CGTrader's API as app/connectors/cgtrader/api.ts describes it
 * (OAuth 2 client credentials, search, details, signed file URLs, downloads), and fails on request in every way a
 * vendor fails: an expired token, 401, 429 with Retry-After, 5xx, a socket that hangs, a slow trickle, malformed
 * JSON, an expired signed URL, a wrong content type. The downloads are real sample models (catalog.ts).
 *
 * Used by the adapter tests, the fault matrix, the e2e server and `mockup demo --vendors local`.
 */
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import path from "node:path";
import sharp from "sharp";
import { passesToRgba } from "../../../app/assets/thumbnails.server";
import { rasteriseGlb } from "../../../app/mockups/passes/rasterise";
import type { FaultMode, FaultSettings } from "../vendor-faults";
import { availableModels, CATEGORIES, type DoubleModel } from "./catalog";

export const CGTRADER_FAULTS = [
  "expired_token",
  "unauthorized",
  "rate_limited",
  "server_error",
  "hang",
  "trickle",
  "malformed_json",
  "expired_url",
  "wrong_content_type",
] as const;
export type CgtraderFault = (typeof CGTRADER_FAULTS)[number];

/** Which calls a fault hits. "api": every authenticated /v1 call; "download": the signed-URL download. */
export type FaultTarget = "token" | "search" | "details" | "file" | "download" | "api" | "any";

export interface FaultSpec {
  kind: CgtraderFault;
  /** default: the calls the fault makes sense for (expired_url → file, wrong_content_type → download, else api) */
  on?: FaultTarget;
  /** how many calls it hits, then the double is healthy again (default: every call) */
  times?: number;
  /** server_error: the status (default 503) */
  status?: number;
  /** rate_limited: the Retry-After seconds (default 1) */
  retryAfterSec?: number;
  /** trickle: ms between bytes (default: the double's trickleMs) */
  trickleMs?: number;
}

export interface CgtraderDoubleOptions {
  /** default 0 (any free port) */
  port?: number;
  /** the folder with the sample GLBs (tests: sharedPath("samples/models")) */
  samplesDir: string;
  /** client id → secret (default one demo client, DEMO_CLIENT) */
  clients?: Record<string, string>;
  /** lifetime of issued access tokens (default 3600 s) */
  tokenTtlSec?: number;
  /** lifetime of signed download URLs (default 60 s) */
  signedUrlTtlSec?: number;
  /** trickle: ms between bytes (default 200) */
  trickleMs?: number;
}

export const DEMO_CLIENT = { clientId: "cgt-demo-client", clientSecret: "cgt-demo-secret-0123456789" } as const;

export interface RecordedCall {
  method: string;
  path: string;
  target: FaultTarget | "thumb";
  status: number;
}

export interface CgtraderDouble {
  url: string;
  calls: RecordedCall[];
  /**
   * sets (or clears with null / "none") the fault every matching call meets; also takes the shared fault modes of
   * tests/doubles/vendor-faults.ts (the fault matrix drives every double by them)
   */
  setFault(fault: FaultSpec | FaultMode | null, settings?: FaultSettings): void;
  models: DoubleModel[];
  close(): Promise<void>;
}

const DEFAULT_TARGET: Record<CgtraderFault, FaultTarget> = {
  expired_token: "api",
  unauthorized: "api",
  rate_limited: "api",
  server_error: "api",
  hang: "api",
  trickle: "api",
  malformed_json: "api",
  expired_url: "file",
  wrong_content_type: "download",
};

export async function startCgtraderDouble(opts: CgtraderDoubleOptions): Promise<CgtraderDouble> {
  const clients = opts.clients ?? { [DEMO_CLIENT.clientId]: DEMO_CLIENT.clientSecret };
  const tokenTtl = opts.tokenTtlSec ?? 3600;
  const urlTtl = opts.signedUrlTtlSec ?? 60;
  const trickleMs = opts.trickleMs ?? 200;
  const models = availableModels(opts.samplesDir);
  const tokens = new Map<string, number>(); // token → expires at (ms)
  const downloads = new Map<string, { model: DoubleModel; expiresAt: number }>();
  const thumbs = new Map<number, Promise<Buffer>>();
  const calls: RecordedCall[] = [];
  const sockets = new Set<Socket>();
  let fault: (FaultSpec & { left: number }) | null = null;
  let base = "";

  const matches = (target: FaultTarget): FaultSpec | null => {
    if (!fault || fault.left <= 0) return null;
    const on = fault.on ?? DEFAULT_TARGET[fault.kind];
    const hit = on === "any" || on === target || (on === "api" && ["search", "details", "file"].includes(target));
    if (!hit) return null;
    fault.left--;
    return fault;
  };

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const target = targetOf(req.method ?? "GET", url.pathname);
    const record = (status: number) => calls.push({ method: req.method ?? "GET", path: url.pathname + url.search, target, status });
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      record(status);
      const text = typeof body === "string" ? body : JSON.stringify(body);
      res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
      res.end(text);
    };
    try {
      const f = target === "thumb" ? null : matches(target);
      if (f) {
        switch (f.kind) {
          case "hang":
            record(0);
            return; // never answered: the client's timeout is the only way out
          case "rate_limited":
            return send(429, { error: "rate_limit_exceeded", message: "100 calls per 60 seconds" }, { "retry-after": String(f.retryAfterSec ?? 1) });
          case "server_error":
            return send(f.status ?? 503, { error: "server_error" });
          case "unauthorized":
            return send(401, { error: target === "token" ? "invalid_client" : "invalid_token" });
          case "expired_token":
            tokens.clear(); // every token issued so far is now expired
            return send(401, { error: "invalid_token", error_description: "The access token expired" }, { "www-authenticate": 'Bearer error="invalid_token"' });
          case "malformed_json":
            record(200);
            res.writeHead(200, { "content-type": "application/json" });
            return res.end('{"models": [{"id": 41, "title": "trunc');
          case "wrong_content_type":
            record(200);
            res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
            return res.end("<!doctype html><title>Sign in</title><p>Please sign in to continue.</p>");
          case "trickle":
            return trickle(res, record, f.trickleMs ?? trickleMs);
          case "expired_url":
            break; // handled by the file endpoint below
        }
      }
      if (target === "token") return await token(req, send);
      if (target === "thumb") return await thumbnail(url.pathname, res, record);
      if (target === "download") return await download(url.searchParams.get("X-Amz-Signature") ?? "", res, record);
      const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
      const exp = auth ? tokens.get(auth) : undefined;
      if (!auth || exp === undefined || exp < Date.now()) return send(401, { error: "invalid_token" }, { "www-authenticate": 'Bearer error="invalid_token"' });
      if (req.method !== "GET") return send(405, { error: "method_not_allowed" });
      if (url.pathname === "/v1/categories") return send(200, { categories: CATEGORIES });
      if (target === "search") return send(200, search(url.searchParams));
      const m = /^\/v1\/models\/(\d+)(?:\/files\/(\d+))?$/.exec(url.pathname);
      const model = m ? models.find((x) => x.id === Number(m[1])) : undefined;
      if (!m || !model) return send(404, { error: "not_found" });
      if (!m[2]) return send(200, details(model));
      if (Number(m[2]) !== fileId(model)) return send(404, { error: "not_found" });
      if (model.license === "editorial" && url.searchParams.get("purpose") === "commercial") return send(403, { error: "licence" });
      const sig = randomBytes(18).toString("base64url");
      const expired = f?.kind === "expired_url";
      const expiresAt = expired ? Date.now() - 1000 : Date.now() + urlTtl * 1000;
      downloads.set(sig, { model, expiresAt });
      // like an S3/CloudFront pre-signed URL: the signature is in the query
      const query = new URLSearchParams({ "X-Amz-Expires": String(urlTtl), "X-Amz-Signature": sig });
      return send(200, { url: `${base}/downloads/${encodeURIComponent(model.file)}?${query}`, expires_at: new Date(expiresAt).toISOString() });
    } catch (err) {
      if (!res.headersSent) send(500, { error: "double_error", message: (err as Error).message });
    }
  });

  function summary(m: DoubleModel) {
    return {
      id: m.id,
      title: m.title,
      author_name: m.author,
      license: m.license,
      downloadable: true,
      thumbnail_url: `${base}/thumbnails/${m.id}.png`,
      url: `https://www.cgtrader.com/3d-models/sample/${m.id}`,
      prices: { download: m.price },
      category_id: m.categoryId,
    };
  }
  function details(m: DoubleModel) {
    return { ...summary(m), description: m.description, files: [{ id: fileId(m), name: m.file, file_type: m.fileType, size: null }, { id: fileId(m) + 1, name: m.file.replace(/\.glb$/, ".blend"), file_type: "blend", size: 1 }] };
  }
  function search(q: URLSearchParams) {
    const words = (q.get("keywords") ?? "").toLowerCase().split(/\s+/).filter(Boolean);
    const cat = q.get("category_id");
    const min = q.get("min_price");
    const max = q.get("max_price");
    const page = Math.max(1, Number(q.get("page") ?? 1) || 1);
    const per = Math.min(100, Math.max(1, Number(q.get("per_page") ?? 25) || 25));
    const hits = models.filter(
      (m) =>
        words.every((w) => `${m.title} ${m.author} ${m.description}`.toLowerCase().includes(w)) &&
        (!cat || m.categoryId === Number(cat)) &&
        (!min || m.price >= Number(min)) &&
        (!max || m.price <= Number(max)),
    );
    return { models: hits.slice((page - 1) * per, page * per).map(summary), total: hits.length, page, per_page: per };
  }
  async function token(req: http.IncomingMessage, send: (s: number, b: unknown) => void) {
    const raw = await readBody(req);
    const form = new URLSearchParams(req.headers["content-type"]?.includes("json") ? Object.entries(JSON.parse(raw || "{}")) : raw);
    if (form.get("grant_type") !== "client_credentials") return send(400, { error: "unsupported_grant_type" });
    const id = form.get("client_id") ?? "";
    if (!clients[id] || clients[id] !== form.get("client_secret")) return send(401, { error: "invalid_client" });
    const t = randomBytes(24).toString("base64url");
    tokens.set(t, Date.now() + tokenTtl * 1000);
    send(200, { access_token: t, token_type: "Bearer", expires_in: tokenTtl });
  }
  async function download(sig: string, res: http.ServerResponse, record: (s: number) => void) {
    const d = downloads.get(sig);
    if (!d || d.expiresAt < Date.now()) {
      record(403);
      res.writeHead(403, { "content-type": "application/xml" });
      return res.end("<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>");
    }
    const bytes = await readFile(path.join(opts.samplesDir, d.model.file));
    record(200);
    res.writeHead(200, { "content-type": "model/gltf-binary", "content-length": String(bytes.length) });
    res.end(bytes);
  }
  async function thumbnail(pathname: string, res: http.ServerResponse, record: (s: number) => void) {
    const model = models.find((m) => pathname === `/thumbnails/${m.id}.png`);
    if (!model) {
      record(404);
      res.writeHead(404).end();
      return;
    }
    let p = thumbs.get(model.id);
    if (!p) {
      p = renderThumb(path.join(opts.samplesDir, model.file));
      thumbs.set(model.id, p);
    }
    const png = await p;
    record(200);
    res.writeHead(200, { "content-type": "image/png", "cache-control": "max-age=3600" });
    res.end(png);
  }

  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    calls,
    models,
    setFault(f, settings = {}) {
      const spec = typeof f === "string" ? fromMode(f, settings) : f;
      fault = spec ? { ...spec, left: spec.times ?? Infinity } : null;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * The shared fault modes in this API's terms. "expired_token" revokes every token on every call (so the one refresh
 * meets a 401 too: an auth fault); "expired_result" hands out signed URLs that have already expired; CGTrader has no
 * tasks, so "task_failed" has no meaning here (null: healthy).
 */
export function fromMode(mode: FaultMode, s: FaultSettings = {}): FaultSpec | null {
  switch (mode) {
    case "none":
    case "task_failed":
      return null;
    case "server_500":
    case "server_502":
    case "server_503":
      return { kind: "server_error", status: Number(mode.slice(-3)) };
    case "rate_limited":
      return { kind: "rate_limited", retryAfterSec: s.retryAfterS ?? 30 };
    case "expired_result":
      return { kind: "expired_url" };
    case "trickle":
      return { kind: "trickle", trickleMs: s.trickleMs };
    default:
      return { kind: mode };
  }
}

function targetOf(method: string, pathname: string): FaultTarget | "thumb" {
  if (pathname === "/oauth/token" && method === "POST") return "token";
  if (pathname.startsWith("/downloads/")) return "download";
  if (pathname.startsWith("/thumbnails/")) return "thumb";
  if (pathname === "/v1/models") return "search";
  if (/^\/v1\/models\/[^/]+\/files\//.test(pathname)) return "file";
  return "details";
}

function fileId(m: DoubleModel): number {
  return m.id * 10;
}

function trickle(res: http.ServerResponse, record: (s: number) => void, everyMs: number): void {
  record(200);
  res.writeHead(200, { "content-type": "application/json" });
  const body = Buffer.from(JSON.stringify({ models: [], total: 0, page: 1, per_page: 25 }));
  let i = 0;
  const timer = setInterval(() => {
    if (res.destroyed || i >= body.length) {
      clearInterval(timer);
      if (!res.destroyed) res.end();
      return;
    }
    res.write(body.subarray(i, ++i));
  }, everyMs);
  res.on("close", () => clearInterval(timer));
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let s = "";
    req.setEncoding("utf8");
    req.on("data", (c) => (s += c));
    req.on("end", () => resolve(s));
    req.on("error", reject);
  });
}

/** A product-shot-like thumbnail: the model's front pass, shaded grey on a light backdrop. */
async function renderThumb(file: string): Promise<Buffer> {
  const r = await rasteriseGlb(new Uint8Array(await readFile(file)), { view: "front", size: 256, tintMaterials: [] });
  const fg = await sharp(passesToRgba(r.passes), { raw: { width: r.passes.width, height: r.passes.height, channels: 4 } }).png().toBuffer();
  return sharp({ create: { width: 256, height: 256, channels: 4, background: "#eef1f4" } }).composite([{ input: fg }]).png().toBuffer();
}
