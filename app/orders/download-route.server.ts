/** The loader behind the Orders page's downloads: session token first, then this shop's file, else 404. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { ShopAssetStore } from "../assets/store/asset-store.server";
import type { AssetStore } from "../assets/store/types";
import type { Db } from "../db/client.server";
import { authenticate } from "../shopify.server";
import { routeBlobs, routeDb } from "../shopify/deps.server";
import { downloadResponse, OrderInputError, type FileDownload } from "./admin.server";

export function downloadLoader(find: (db: Db, assets: AssetStore, shop: string, params: LoaderFunctionArgs["params"]) => Promise<FileDownload>) {
  return async ({ request, params }: LoaderFunctionArgs): Promise<Response> => {
    const { session } = await authenticate.admin(request);
    const db = routeDb();
    try {
      return downloadResponse(await find(db, new ShopAssetStore(session.shop, db, routeBlobs()), session.shop, params));
    } catch (err) {
      if (err instanceof OrderInputError) return new Response(err.code, { status: err.status });
      throw err;
    }
  };
}
