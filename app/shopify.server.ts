/**
 * The Shopify app object (token-exchange auth for the embedded admin, offline sessions in Prisma).
 * Background jobs use `unauthenticated.admin(shop)`, which loads the shop's offline session.
 */
import "@shopify/shopify-app-remix/adapters/node";
import { ApiVersion, AppDistribution, LogSeverity, shopifyApp } from "@shopify/shopify-app-remix/server";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { getDb } from "./db/client.server";
import { logLevel } from "./config/env";
import { shopifyEnv } from "./shopify/env.server";

/** The Admin API version for the library and for the publish client (app/publish/deps.server.ts); the pinned schema's. */
const API_VERSION = ApiVersion.April26;

const env = shopifyEnv();

function identityTransformation(domain: string) {
  const escaped = domain.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return { match: new RegExp(`^([a-z0-9][a-z0-9-]*)\\.${escaped}$`), transform: `$1.${domain}` };
}

/** The library's log level follows LOG_LEVEL (pino's names), so "silent" also quiets its line per proxy request. */
function shopifyLogLevel(level = "info"): LogSeverity {
  if (/^(silent|fatal|error)$/.test(level)) return LogSeverity.Error;
  if (level === "warn") return LogSeverity.Warning;
  return /^(debug|trace)$/.test(level) ? LogSeverity.Debug : LogSeverity.Info;
}

const shopify = shopifyApp({
  apiKey: env.apiKey,
  apiSecretKey: env.apiSecret,
  apiVersion: API_VERSION,
  scopes: env.scopes,
  appUrl: env.appUrl,
  authPathPrefix: "/auth",
  // The Db type is the SQLite client; both generated clients share the model API the storage uses.
  sessionStorage: new PrismaSessionStorage(getDb() as never),
  distribution: AppDistribution.AppStore,
  logger: { level: shopifyLogLevel(logLevel()) },
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
  // SHOP_CUSTOM_DOMAIN: the library only knows Shopify's own domains and throws InvalidShopError for others
  // when it looks up a session; an identity transformation is how it learns of more (shop-domain.ts decides)
  ...(env.customShopDomains.length ? { domainTransformations: env.customShopDomains.map(identityTransformation) } : {}),
});

/**
 * The app's API secret: the key of every webhook's HMAC and of the app proxy's signature (app/shopify/
 * webhook-signature.ts and app-proxy-signature.ts check them with it). Server only; never logged.
 */
export function apiSecret(): string {
  return env.apiSecret;
}

export default shopify;
export const apiVersion = API_VERSION;
export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
export const authenticate = shopify.authenticate;
export const unauthenticated = shopify.unauthenticated;
export const login = shopify.login;
export const registerWebhooks = shopify.registerWebhooks;
export const sessionStorage = shopify.sessionStorage;
