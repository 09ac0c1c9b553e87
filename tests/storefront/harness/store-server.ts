/**
 * The harness storefront on 127.0.0.1: it plays Shopify for the block. It serves the product page (the real
 * block rendered with liquidjs), a CDN for the extension's assets, posters (resized on `?width=`, as Shopify's
 * image CDN does) and the GLB, and the app proxy: `/apps/mockup/*` is signed exactly as Shopify signs it (shop,
 * logged_in_customer_id, path_prefix, timestamp, HMAC-SHA256 hex over the sorted query), given X-Forwarded-For /
 * X-Forwarded-Host, stripped of cookies, and forwarded to the app (over HTTP, or to the route in-process).
 */
import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import path from "node:path";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import sharp from "sharp";
import { liquidProduct, type Catalog } from "./catalog";
import { blockSchema, EXTENSION_DIR, renderBlock } from "./liquid";
import { productPage } from "./page";

export type ProxyTarget = (req: Request) => Promise<Response>;

export interface StoreOptions {
  catalog: Catalog;
  shop: string;
  /** the app's client secret, which Shopify signs proxy requests with */
  secret: string;
  proxy: ProxyTarget;
  /** logged_in_customer_id for every proxied request ("" = a guest) */
  customerId?: string;
  /** block settings over the schema defaults */
  settings?: Record<string, unknown>;
}

export interface Store {
  url: string;
  close(): Promise<void>;
}

/** The app over HTTP (e.g. the Playwright web server), raw bytes both ways (no transparent decompression). */
export function httpProxyTarget(appUrl: string): ProxyTarget {
  return (req) =>
    new Promise((resolve, reject) => {
      const u = new URL(req.url);
      const target = new URL(u.pathname + u.search, appUrl);
      const headers: Record<string, string> = {};
      req.headers.forEach((v, k) => (headers[k] = v));
      const out = http.request(target, { method: req.method, headers }, (res) => {
        const h = new Headers();
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) h.set(k, Array.isArray(v) ? v.join(", ") : v);
        const body = res.statusCode === 204 || res.statusCode === 304 ? null : (Readable.toWeb(res) as ReadableStream);
        resolve(new Response(body, { status: res.statusCode, headers: h }));
      });
      out.on("error", reject);
      if (req.body) Readable.fromWeb(req.body as never).pipe(out);
      else out.end();
    });
}

/** Shopify's app proxy signature: every param but `signature`, `k=v` sorted and concatenated, HMAC-SHA256 hex. */
export function signProxyQuery(q: URLSearchParams, secret: string): void {
  const message = [...q.entries()].map(([k, v]) => `${k}=${v}`).sort().join("");
  q.set("signature", createHmac("sha256", secret).update(message).digest("hex"));
}

const PASS_REQUEST = ["content-type", "content-length", "accept", "accept-encoding", "accept-language", "user-agent"];
const PASS_RESPONSE = ["content-type", "content-length", "content-encoding", "cache-control", "retry-after", "content-language", "etag", "vary", "server-timing"];

export async function startStore(o: StoreOptions): Promise<Store> {
  const schema = blockSchema();
  const resized = new Map<string, Buffer>();
  let origin = "";

  async function page(url: URL, res: ServerResponse, locale: string) {
    const cdn = `${origin}/cdn`;
    const product = liquidProduct(o.catalog, cdn, url.searchParams.get("variant"));
    const block = url.searchParams.get("block") === "0" ? null : await renderBlock({ product, locale, cdn, settings: o.settings });
    const html = productPage({ block, schema, product, locale, cdn });
    res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" }).end(html);
  }

  async function poster(url: URL, res: ServerResponse, name: string) {
    const src = o.catalog.posters.get(name);
    if (!src) return void res.writeHead(404).end();
    const w = Number(url.searchParams.get("width") ?? 0);
    let bytes = src;
    if (w > 0) {
      const id = `${name}@${w}`;
      bytes = resized.get(id) ?? (await sharp(src).resize(w).jpeg({ quality: 82, mozjpeg: true }).toBuffer());
      resized.set(id, bytes);
    }
    res.writeHead(200, { "content-type": "image/jpeg", "cache-control": "public, max-age=31536000", "content-length": bytes.length }).end(bytes);
  }

  function asset(req: IncomingMessage, res: ServerResponse, name: string) {
    if (!/^[\w.-]+$/.test(name)) return void res.writeHead(404).end();
    let body: Buffer;
    try {
      body = readFileSync(path.join(EXTENSION_DIR, "assets", name));
    } catch {
      return void res.writeHead(404).end();
    }
    const type = name.endsWith(".js") ? "text/javascript" : name.endsWith(".css") ? "text/css" : "application/octet-stream";
    const headers: Record<string, string | number> = { "content-type": type, "cache-control": "public, max-age=31536000" };
    // Shopify's CDN compresses text assets; the byte budget is about compressed bytes
    if (/gzip/.test(String(req.headers["accept-encoding"] ?? ""))) {
      body = gzipSync(body, { level: 9 });
      headers["content-encoding"] = "gzip";
    }
    headers["content-length"] = body.length;
    res.writeHead(200, headers).end(body);
  }

  async function proxy(req: IncomingMessage, res: ServerResponse, url: URL) {
    const sub = url.pathname.replace(/^\/apps\/mockup/, "");
    const q = new URLSearchParams(url.search);
    q.set("shop", o.shop);
    q.set("logged_in_customer_id", o.customerId ?? "");
    q.set("path_prefix", "/apps/mockup");
    q.set("timestamp", String(Math.floor(Date.now() / 1000)));
    signProxyQuery(q, o.secret);
    const headers = new Headers();
    for (const k of PASS_REQUEST) if (req.headers[k]) headers.set(k, String(req.headers[k]));
    headers.set("x-forwarded-for", req.socket.remoteAddress ?? "127.0.0.1");
    headers.set("x-forwarded-host", url.host);
    const hasBody = req.method !== "GET" && req.method !== "HEAD";
    const forwarded = new Request(`http://app.internal/proxy${sub}?${q}`, {
      method: req.method,
      headers,
      body: hasBody ? (Readable.toWeb(req) as ReadableStream) : undefined,
      duplex: "half",
    } as RequestInit);
    const answer = await o.proxy(forwarded);
    const out: Record<string, string> = {};
    for (const k of PASS_RESPONSE) {
      const v = answer.headers.get(k);
      if (v) out[k] = v;
    }
    res.writeHead(answer.status, out);
    if (answer.body) Readable.fromWeb(answer.body as never).pipe(res);
    else res.end();
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", origin);
    const p = url.pathname;
    const run = async () => {
      let m: RegExpExecArray | null;
      if ((m = /^\/(?:(de)\/)?products\/merino-tee$/.exec(p))) return page(url, res, m[1] ?? "en");
      if ((m = /^\/cdn\/shop\/files\/([\w.-]+)$/.exec(p))) return poster(url, res, m[1]);
      if ((m = /^\/cdn\/extensions\/mockup-viewer\/assets\/(.+)$/.exec(p))) return asset(req, res, m[1]);
      if (p === "/cdn/3d/tee.glb") return void res.writeHead(200, { "content-type": "model/gltf-binary", "cache-control": "public, max-age=31536000" }).end(o.catalog.glb);
      if (p.startsWith("/apps/mockup/")) return proxy(req, res, url);
      if (p === "/favicon.ico") return void res.writeHead(204).end();
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
    };
    run().catch((err) => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end(String(err?.stack ?? err));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const addr = server.address();
  origin = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
  return {
    url: origin,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
