/**
 * The Shopify app object (token-exchange auth for the embedded admin, offline sessions in Prisma).
 * Background jobs use `unauthenticated.admin(shop)`, which loads the shop's offline session.
 */
import "@shopify/shopify-app-remix/adapters/node";
import { ApiVersion, AppDistribution, LogSeverity, shopifyApp } from "@shopify/shopify-app-remix/server";
import { shopifyApi, WebhookValidationErrorReason } from "@shopify/shopify-api";
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
 * The same signature check as `authenticate.webhook`, without what it does next: load (and, with expiring offline
 * tokens, maybe refresh) the shop's offline session to build an admin client. The product webhooks only record the
 * delivery (decision 153) and need neither; that session read was the largest cost left on their path.
 * Same answers: non-POST 405, bad HMAC 401, missing headers 400, a body that is not JSON a SyntaxError.
 */
const webhookApi = shopifyApi({
  apiKey: env.apiKey,
  apiSecretKey: env.apiSecret,
  apiVersion: API_VERSION,
  scopes: env.scopes,
  hostName: new URL(env.appUrl).host,
  hostScheme: new URL(env.appUrl).protocol === "http:" ? "http" : "https",
  isEmbeddedApp: true,
  logger: { level: shopifyLogLevel(logLevel()) },
  ...(env.customShopDomains.length ? { domainTransformations: env.customShopDomains.map(identityTransformation) } : {}),
});

export async function authenticateWebhookSignature(request: Request): Promise<{ shop: string; topic: string; webhookId: string; payload: unknown }> {
  if (request.method !== "POST") throw new Response(undefined, { status: 405, statusText: "Method not allowed" });
  const rawBody = await request.text();
  const check = await webhookApi.webhooks.validate({ rawBody, rawRequest: request });
  if (!check.valid) {
    const hmac = check.reason === WebhookValidationErrorReason.InvalidHmac;
    throw new Response(undefined, hmac ? { status: 401, statusText: "Unauthorized" } : { status: 400, statusText: "Bad Request" });
  }
  return { shop: check.domain, topic: check.topic, webhookId: check.webhookId, payload: JSON.parse(rawBody) as unknown };
}

export default shopify;
export const apiVersion = API_VERSION;
export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
export const authenticate = shopify.authenticate;
export const unauthenticated = shopify.unauthenticated;
export const login = shopify.login;
export const registerWebhooks = shopify.registerWebhooks;
export const sessionStorage = shopify.sessionStorage;
