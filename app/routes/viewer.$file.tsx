import type { LoaderFunctionArgs } from "@remix-run/node";
import { viewerAssetResponse } from "../storefront/viewer-assets.server";

// GET /viewer/{file}: the viewer's versioned static files (the meshopt decoder model-viewer needs for our
// compressed GLBs) for the admin's 3D preview, from the app's own origin (model-viewer's default is a CDN)
export const loader = ({ request, params }: LoaderFunctionArgs) => viewerAssetResponse(params.file ?? "", request.headers.get("accept-encoding"));
