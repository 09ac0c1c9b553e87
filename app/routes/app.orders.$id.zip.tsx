import type { LoaderFunctionArgs } from "@remix-run/node";
import { ShopAssetStore } from "../assets/store/asset-store.server";
import { authenticate } from "../shopify.server";
import { routeBlobs, routeDb } from "../shopify/deps.server";
import { downloadResponse, orderZip, OrderInputError } from "../orders/admin.server";

// a download of this shop's order data (app/orders/admin.server.ts); anything of another shop is 404
export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const db = routeDb();
  const assets = new ShopAssetStore(session.shop, db, routeBlobs());
  try {
    return downloadResponse(await orderZip(db, assets, session.shop, params.id ?? ""));
  } catch (err) {
    if (err instanceof OrderInputError) return new Response(err.code, { status: err.status });
    throw err;
  }
};
