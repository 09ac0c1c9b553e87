import type { LoaderFunctionArgs } from "@remix-run/node";
import { serveAssetThumbnail } from "../shopify/thumbs.server";

// GET /thumbs/{shop}/{key}?sig=… → a small WebP of one of the shop's assets (signed; 404 for anything else)
export const loader = ({ request, params }: LoaderFunctionArgs) => serveAssetThumbnail(params.shop ?? "", params.key ?? "", new URL(request.url).searchParams.get("sig"));
