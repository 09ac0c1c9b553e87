/**
 * The viewer library for the storefront block, served through the app proxy
 * (`/apps/mockup/static/model-viewer-4.4.0.min.js` on the store's own origin): model-viewer and the meshopt
 * decoder it needs for our compressed GLBs. URLs carry the version, so the answer is cacheable for a year
 * (immutable); a new version is a new URL. Compressed once per process (brotli 9: ~0.1 s, where 11 takes ~3 s
 * for 11 % fewer bytes; gzip 9) and kept in memory.
 * Why not Shopify's `Shopify.loadFeatures` copy: docs/decisions/100-storefront-block-and-viewer-source.md.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const require = createRequire(import.meta.url);

/** a package's root folder (its package.json may not be exported, so walk up from its entry point) */
function packageRoot(name: string): string {
  let dir = path.dirname(require.resolve(name));
  for (;;) {
    const file = path.join(dir, "package.json");
    if (existsSync(file) && (JSON.parse(readFileSync(file, "utf8")) as { name?: string }).name === name) return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`package ${name} not found`);
    dir = up;
  }
}

function packageVersion(name: string): string {
  return (JSON.parse(readFileSync(path.join(packageRoot(name), "package.json"), "utf8")) as { version: string }).version;
}

function packageFile(name: string, rel: string): string {
  return path.join(packageRoot(name), rel);
}

export const MODEL_VIEWER_VERSION = packageVersion("@google/model-viewer");
export const MESHOPT_VERSION = packageVersion("meshoptimizer");

interface StaticFile {
  file: string;
  type: string;
}

/** the files by their public name (version in the name) */
export const VIEWER_FILES: Record<string, StaticFile> = {
  [`model-viewer-${MODEL_VIEWER_VERSION}.min.js`]: {
    file: packageFile("@google/model-viewer", "dist/model-viewer.min.js"),
    type: "text/javascript; charset=utf-8",
  },
  // UMD build: defines MeshoptDecoder, which model-viewer loads from meshoptDecoderLocation
  [`meshopt_decoder-${MESHOPT_VERSION}.js`]: {
    file: packageFile("meshoptimizer", "meshopt_decoder.cjs"),
    type: "text/javascript; charset=utf-8",
  },
};

interface Encoded {
  identity: Buffer;
  br: Buffer;
  gzip: Buffer;
  etag: string;
}
const encoded = new Map<string, Encoded>();

function encode(name: string): Encoded | null {
  const f = VIEWER_FILES[name];
  if (!f) return null;
  let e = encoded.get(name);
  if (!e) {
    const identity = readFileSync(f.file);
    e = {
      identity,
      br: brotliCompressSync(identity, { params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_SIZE_HINT]: identity.length } }),
      gzip: gzipSync(identity, { level: 9 }),
      etag: `"${name}"`,
    };
    encoded.set(name, e);
  }
  return e;
}

/** The answer for GET static/{name}: the file in the best encoding the client accepts, or 404. */
export function viewerAssetResponse(name: string, acceptEncoding: string | null): Response {
  const e = encode(name);
  if (!e) return new Response("not found", { status: 404, headers: { "Content-Type": "text/plain", "Cache-Control": "no-store" } });
  const accept = (acceptEncoding ?? "").toLowerCase();
  const [body, enc] = /\bbr\b/.test(accept) ? [e.br, "br"] : /\bgzip\b/.test(accept) ? [e.gzip, "gzip"] : [e.identity, null];
  const headers: Record<string, string> = {
    "Content-Type": VIEWER_FILES[name].type,
    "Cache-Control": "public, max-age=31536000, immutable",
    "Content-Length": String(body.length),
    Vary: "Accept-Encoding",
    ETag: e.etag,
    "X-Content-Type-Options": "nosniff",
  };
  if (enc) headers["Content-Encoding"] = enc;
  return new Response(new Uint8Array(body), { status: 200, headers });
}
