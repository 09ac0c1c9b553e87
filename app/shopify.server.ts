/**
 * The Shopify app object (token-exchange auth for the embedded admin, offline sessions in Prisma).
 * Background jobs use `unauthenticated.admin(shop)`, which loads the shop's offline session.
 */
import "@shopify/shopify-app-remix/adapters/node";
import { ApiVersion, AppDistribution, shopifyApp } from "@shopify/shopify-app-remix/server";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { getDb } from "./db/client.server";
import { shopifyEnv } from "./shopify/env.server";

const env = shopifyEnv();

const shopify = shopifyApp({
  apiKey: env.apiKey,
  apiSecretKey: env.apiSecret,
  apiVersion: ApiVersion.April26,
  scopes: env.scopes,
  appUrl: env.appUrl,
  authPathPrefix: "/auth",
  // The Db type is the SQLite client; both generated clients share the model API the storage uses.
  sessionStorage: new PrismaSessionStorage(getDb() as never),
  distribution: AppDistribution.AppStore,
  future: {
    unstable_newEmbeddedAuthStrategy: true,
    expiringOfflineAccessTokens: true,
  },
  hooks: {
    // runs when a shop (re)installs and a new offline token is stored: (re)open its Shop row
    afterAuth: async ({ session }) => {
      await getDb().shop.upsert({
        where: { domain: session.shop },
        create: { domain: session.shop },
        update: { uninstalledAt: null },
      });
    },
  },
  ...(env.customShopDomains ? { customShopDomains: env.customShopDomains } : {}),
});

export default shopify;
export const apiVersion = ApiVersion.April26;
export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
export const authenticate = shopify.authenticate;
export const unauthenticated = shopify.unauthenticated;
export const login = shopify.login;
export const registerWebhooks = shopify.registerWebhooks;
export const sessionStorage = shopify.sessionStorage;
