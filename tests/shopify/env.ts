/**
 * Environment for tests that import the Shopify app object: fixed test credentials and encryption key,
 * and a fresh test database installed as the process client (getDb()) before any route is imported.
 */
import { createHmac, randomUUID } from "node:crypto";
import { createTestDb, type TestDb } from "../helpers/db";

export const TEST_API_KEY = "test-api-key";
export const TEST_API_SECRET = "test-api-secret-0123456789";
export const TEST_ENCRYPTION_KEY = "0f".repeat(32);

export function setShopifyTestEnv(): void {
  process.env.SHOPIFY_API_KEY = TEST_API_KEY;
  process.env.SHOPIFY_API_SECRET = TEST_API_SECRET;
  process.env.SHOPIFY_APP_URL = "https://mockup.test";
  process.env.SCOPES = "write_products,write_files,write_app_proxy";
  process.env.MOCKUP_ENCRYPTION_KEY = TEST_ENCRYPTION_KEY;
}

/** Creates the test database and makes it the app's database; import routes only after this. */
export async function installTestDb(): Promise<TestDb> {
  setShopifyTestEnv();
  const t = await createTestDb();
  globalThis.__mockupDb = t.db;
  return t;
}

export interface WebhookOptions {
  topic: string;
  shop: string;
  body: unknown;
  webhookId?: string;
  /** sign with this secret instead of the app's (forgery) */
  secret?: string;
  /** send this exact text as the body (e.g. malformed JSON) */
  rawBody?: string;
}

/** A webhook request exactly as Shopify sends it: HMAC-SHA256 of the raw body, base64, in the header. */
export function webhookRequest(opts: WebhookOptions): Request {
  const raw = opts.rawBody ?? JSON.stringify(opts.body);
  const hmac = createHmac("sha256", opts.secret ?? TEST_API_SECRET).update(raw, "utf8").digest("base64");
  return new Request(`https://mockup.test/webhooks/${opts.topic}`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "X-Shopify-Topic": opts.topic,
      "X-Shopify-Hmac-Sha256": hmac,
      "X-Shopify-Shop-Domain": opts.shop,
      "X-Shopify-API-Version": "2026-04",
      "X-Shopify-Webhook-Id": opts.webhookId ?? randomUUID(),
      "X-Shopify-Triggered-At": new Date().toISOString(),
      "X-Shopify-Event-Id": randomUUID(),
    },
    body: raw,
  });
}

/** Calls a Remix action and returns the Response whether it was returned or thrown. */
export async function callAction(
  action: (args: { request: Request; params: Record<string, string>; context: Record<string, never> }) => Promise<unknown>,
  request: Request,
  params: Record<string, string> = {},
): Promise<Response> {
  try {
    const out = await action({ request, params, context: {} });
    if (out instanceof Response) return out;
    throw new Error(`action returned ${typeof out}, not a Response`);
  } catch (err) {
    if (err instanceof Response) return err;
    throw err;
  }
}
