/**
 * Production wiring of the publish functions: the process database and blob store, the shop's offline session
 * (through the Shopify library, which refreshes expiring offline tokens) and signed asset URLs on the app's host.
 * One AdminClient per shop per process, so concurrent publishes of a shop share one picture of its API bucket.
 */
import { getDb } from "../db/client.server";
import { routeBlobs } from "../shopify/deps.server";
import { shopifyEnv } from "../shopify/env.server";
import { AdminClient, fetchTransport } from "./admin-client";
import { signedAssetUrl } from "./asset-url";
import { ShopGoneError } from "./errors";
import type { PublishDeps } from "./types";

const clients = new Map<string, { token: string; client: AdminClient }>();

/** The shop's Admin client from its offline session; ShopGoneError when there is none (uninstalled). */
export async function offlineAdminClient(shop: string): Promise<AdminClient> {
  // the Admin API version is the one the Shopify library is configured with (one constant, app/shopify.server.ts)
  const { unauthenticated, apiVersion } = await import("../shopify.server");
  let accessToken: string;
  try {
    const { session } = await unauthenticated.admin(shop);
    accessToken = session.accessToken ?? "";
  } catch (err) {
    if ((err as Error).name === "SessionNotFoundError") throw new ShopGoneError(shop, "no offline session (the app is not installed)");
    throw err;
  }
  if (!accessToken) throw new ShopGoneError(shop, "the offline session has no access token");
  const cached = clients.get(shop);
  if (cached?.token === accessToken) return cached.client;
  const client = new AdminClient(shop, fetchTransport(`https://${shop}/admin/api/${apiVersion}/graphql.json`, accessToken));
  clients.set(shop, { token: accessToken, client });
  return client;
}

export function publishDepsFromEnv(env: NodeJS.ProcessEnv = process.env): Omit<PublishDeps, "signal"> {
  return {
    db: getDb(),
    blobs: routeBlobs(),
    admin: offlineAdminClient,
    assetUrl: (shop, key, filename) => {
      const e = shopifyEnv(env);
      return signedAssetUrl({ appUrl: e.appUrl, secret: e.apiSecret }, shop, key, filename);
    },
  };
}
