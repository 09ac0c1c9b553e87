/**
 * The design editor bundle (scripts/build-editor.mjs → app/storefront/editor-bundle/mockup-editor.js), served
 * through the app proxy as `static/mockup-editor-<sha256 prefix>.js`: the extension's loader names that file, so
 * the answer is immutable and cached for a year; a new build is a new name. Compressed once per process.
 */
import { createHash } from "node:crypto";
import { brotliCompressSync, gzipSync } from "node:zlib";
import bundle from "./editor-bundle/mockup-editor.js?raw";

const identity = Buffer.from(bundle);
export const EDITOR_BUNDLE_NAME = `mockup-editor-${createHash("sha256").update(bundle).digest("hex").slice(0, 12)}.js`;
let compressed: { br: Buffer; gzip: Buffer } | null = null;

/** GET static/{name} for the editor bundle: null when the name is not the editor's (other static files). */
export function editorAssetResponse(name: string, acceptEncoding: string | null): Response | null {
  if (!name.startsWith("mockup-editor-")) return null;
  if (name !== EDITOR_BUNDLE_NAME) return new Response("not found", { status: 404, headers: { "Content-Type": "text/plain", "Cache-Control": "no-store" } });
  compressed ??= { br: brotliCompressSync(identity), gzip: gzipSync(identity, { level: 9 }) };
  const accept = (acceptEncoding ?? "").toLowerCase();
  const [body, enc] = /\bbr\b/.test(accept) ? [compressed.br, "br"] : /\bgzip\b/.test(accept) ? [compressed.gzip, "gzip"] : [identity, null];
  const headers: Record<string, string> = {
    "Content-Type": "text/javascript; charset=utf-8",
    "Cache-Control": "public, max-age=31536000, immutable",
    "Content-Length": String(body.length),
    Vary: "Accept-Encoding",
    ETag: `"${EDITOR_BUNDLE_NAME}"`,
    "X-Content-Type-Options": "nosniff",
  };
  if (enc) headers["Content-Encoding"] = enc;
  return new Response(new Uint8Array(body), { status: 200, headers });
}
