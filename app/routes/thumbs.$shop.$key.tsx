import type { LoaderFunctionArgs } from "@remix-run/node";
import { serveAssetThumbnail } from "../shopify/thumbs.server";

// GET /thumbs/{shop}/{key}?sig=…[&size=gallery] → a small WebP of one of the shop's assets (signed; 404 for anything else)
export const loader = ({ request, params }: LoaderFunctionArgs) => {
  const q = new URL(request.url).searchParams;
  return serveAssetThumbnail(params.shop ?? "", params.key ?? "", q.get("sig"), q.get("size"));
};
