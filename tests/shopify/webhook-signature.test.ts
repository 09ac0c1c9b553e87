/**
 * checkWebhookSignature (node:crypto) against @shopify/shopify-api's webhooks.validate on the same deliveries:
 * the same verdict for a good one, a tampered body, a wrong secret, a mangled or missing HMAC and each missing
 * header (decision 154). A check that accepted what the library refuses would let forged deliveries in.
 */
import { createHmac } from "node:crypto";
import "@shopify/shopify-api/adapters/web-api";
import { ApiVersion, shopifyApi, WebhookValidationErrorReason } from "@shopify/shopify-api";
import { describe, expect, it } from "vitest";
import { checkWebhookSignature, WEBHOOK_HEADERS } from "../../app/shopify/webhook-signature";

const SECRET = "sig-test-secret";
const api = shopifyApi({ apiKey: "k", apiSecretKey: SECRET, apiVersion: ApiVersion.January25, hostName: "mockup.test", isEmbeddedApp: true, logger: { level: 0 } });

const body = JSON.stringify({ id: 7001, title: "Merino Tee — Größe M", product_type: "T-Shirt" });
const sign = (raw: string, secret = SECRET) => createHmac("sha256", secret).update(raw, "utf8").digest("base64");
const good = (): Record<string, string> => ({
  [WEBHOOK_HEADERS.hmac]: sign(body),
  [WEBHOOK_HEADERS.topic]: "products/update",
  [WEBHOOK_HEADERS.shop]: "tee-shop.myshopify.com",
  [WEBHOOK_HEADERS.apiVersion]: "2026-04",
  [WEBHOOK_HEADERS.webhookId]: "wh-sig-1",
});

async function library(headers: Record<string, string>, raw: string) {
  const request = new Request("https://mockup.test/webhooks/products/update", { method: "POST", headers, body: raw });
  const r = await api.webhooks.validate({ rawBody: raw, rawRequest: request });
  return r.valid ? "valid" : r.reason === WebhookValidationErrorReason.InvalidHmac ? "invalid_hmac" : "missing";
}
function ours(headers: Record<string, string>, raw: string) {
  const r = checkWebhookSignature((n) => headers[n], Buffer.from(raw, "utf8"), SECRET);
  return r.ok ? "valid" : r.reason === "invalid_hmac" ? "invalid_hmac" : "missing";
}

const without = (name: string) => {
  const h = good();
  delete h[name];
  return h;
};
const cases: [string, Record<string, string>, string][] = [
  ["a good delivery", good(), body],
  ["a tampered body", good(), body.replace("7001", "7002")],
  ["another secret", { ...good(), [WEBHOOK_HEADERS.hmac]: sign(body, "forged") }, body],
  ["a truncated HMAC", { ...good(), [WEBHOOK_HEADERS.hmac]: sign(body).slice(0, -2) }, body],
  ["an HMAC with garbage appended", { ...good(), [WEBHOOK_HEADERS.hmac]: `${sign(body)}!!` }, body],
  ["the hex HMAC instead of base64", { ...good(), [WEBHOOK_HEADERS.hmac]: createHmac("sha256", SECRET).update(body).digest("hex") }, body],
  ...Object.values(WEBHOOK_HEADERS).map((name): [string, Record<string, string>, string] => [`no ${name}`, without(name), body]),
  ["an empty body, signed", { ...good(), [WEBHOOK_HEADERS.hmac]: sign("") }, ""],
  ["a bad HMAC and no topic", { ...without(WEBHOOK_HEADERS.topic), [WEBHOOK_HEADERS.hmac]: sign(body, "forged") }, body],
];

describe("checkWebhookSignature agrees with the Shopify library", () => {
  for (const [name, headers, raw] of cases) {
    it(name, async () => {
      expect(ours(headers, raw)).toBe(await library(headers, raw));
    });
  }
  it("says which headers are missing, and returns the delivery's fields when valid", () => {
    const missing = checkWebhookSignature((n) => without(WEBHOOK_HEADERS.webhookId)[n], Buffer.from(body), SECRET);
    expect(missing).toEqual({ ok: false, status: 400, reason: "missing_headers", missing: [WEBHOOK_HEADERS.webhookId] });
    const ok = checkWebhookSignature((n) => good()[n], Buffer.from(body), SECRET);
    expect(ok).toEqual({ ok: true, topic: "products/update", shop: "tee-shop.myshopify.com", apiVersion: "2026-04", webhookId: "wh-sig-1" });
  });
  it("signs the raw bytes: a body that is not UTF-8 is checked as sent", () => {
    const raw = Buffer.from([0x7b, 0xff, 0xfe, 0x7d]);
    const hmac = createHmac("sha256", SECRET).update(raw).digest("base64");
    expect(checkWebhookSignature((n) => ({ ...good(), [WEBHOOK_HEADERS.hmac]: hmac })[n], raw, SECRET).ok).toBe(true);
  });
});
