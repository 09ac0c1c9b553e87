import type { LoaderFunctionArgs } from "@remix-run/node";
import { fontFile } from "../designs/text/fonts.server";

// GET /fonts/<id>.woff (also reached as /apps/mockup/fonts/... through the app proxy): the editor's open-licence
// fonts, public bytes, so no signature check. Cached for a year and revalidated by ETag when a package changes them.
export const loader = async ({ params, request }: LoaderFunctionArgs) => {
  const m = /^([a-z0-9-]{1,40})\.woff$/.exec(params.file ?? "");
  const file = m ? fontFile(m[1]) : undefined;
  if (!file) return new Response("unknown font", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const headers = {
    "Content-Type": "font/woff",
    "Cache-Control": "public, max-age=31536000, stale-while-revalidate=86400",
    ETag: file.etag,
    "Access-Control-Allow-Origin": "*",
    "X-Content-Type-Options": "nosniff",
  };
  if (request.headers.get("If-None-Match") === file.etag) return new Response(null, { status: 304, headers });
  return new Response(new Uint8Array(file.bytes), { headers });
};
