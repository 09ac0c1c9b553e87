/**
 * What the font route answers: a font's WOFF file, its glyph set as JSON (what the editor lays text out from), or its
 * licence as text (`<id>.txt`: the OFL asks that the licence travel with the font), each with a content ETag and
 * pre-compressed bodies (gzip, brotli) made once per process.
 */
import { createHash } from "node:crypto";
import { brotliCompressSync, gzipSync } from "node:zlib";
import { fontFile, fontLicence } from "./fonts.server";
import { glyphSet } from "./glyphs.server";
import { fontEntry } from "./fonts";

interface Encoded {
  identity: Buffer;
  gzip: Buffer;
  br: Buffer;
  etag: string;
  type: string;
}
const cache = new Map<string, Encoded>();

function encoded(name: string): Encoded | null {
  const m = /^([a-z0-9-]{1,40})\.(woff|json|txt)$/.exec(name);
  if (!m || !fontEntry(m[1])) return null;
  let e = cache.get(name);
  if (!e) {
    const identity = m[2] === "woff" ? fontFile(m[1])!.bytes : m[2] === "txt" ? fontLicence(m[1])! : Buffer.from(JSON.stringify(glyphSet(m[1])));
    const type = m[2] === "woff" ? "font/woff" : m[2] === "txt" ? "text/plain; charset=utf-8" : "application/json; charset=utf-8";
    // WOFF is already compressed
    e = { identity, gzip: m[2] === "woff" ? identity : gzipSync(identity, { level: 9 }), br: m[2] === "woff" ? identity : brotliCompressSync(identity), etag: `"${createHash("sha256").update(identity).digest("hex").slice(0, 16)}"`, type };
    cache.set(name, e);
  }
  return e;
}

/** GET fonts/{name}: 200 (best encoding), 304 on a matching ETag, 404 for anything else. */
export function fontResponse(name: string, request: Request): Response {
  const e = encoded(name);
  if (!e) return new Response("unknown font", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const headers: Record<string, string> = {
    "Content-Type": e.type,
    // not `immutable`: the URL carries the font id, not its version; the ETag revalidates after a package update
    "Cache-Control": "public, max-age=31536000, stale-while-revalidate=86400",
    ETag: e.etag,
    Vary: "Accept-Encoding",
    "Access-Control-Allow-Origin": "*",
    "X-Content-Type-Options": "nosniff",
  };
  if (request.headers.get("If-None-Match") === e.etag) return new Response(null, { status: 304, headers });
  const accept = (request.headers.get("Accept-Encoding") ?? "").toLowerCase();
  const compressible = e.type.startsWith("application/json");
  const [body, enc] = compressible && /\bbr\b/.test(accept) ? [e.br, "br"] : compressible && /\bgzip\b/.test(accept) ? [e.gzip, "gzip"] : [e.identity, null];
  if (enc) headers["Content-Encoding"] = enc;
  return new Response(new Uint8Array(body), { headers });
}
