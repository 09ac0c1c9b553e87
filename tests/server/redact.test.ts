// What a request log may say about a URL or headers: every secret-bearing value replaced, the rest kept.
import { describe, expect, it } from "vitest";
import { redactHeaders, redactRecord, redactUrl } from "../../app/server/redact";

describe("redactUrl", () => {
  it("replaces each of Shopify's secret parameters and keeps the others byte for byte", () => {
    const url = "/app?embedded=1&shop=tee.myshopify.com&host=YWRtaW4&id_token=eyJ.a.b&hmac=abc&signature=def&session=ghi&code=jkl&state=mno&timestamp=17";
    expect(redactUrl(url)).toBe(
      "/app?embedded=1&shop=tee.myshopify.com&host=YWRtaW4&id_token=[redacted]&hmac=[redacted]&signature=[redacted]&session=[redacted]&code=[redacted]&state=[redacted]&timestamp=17",
    );
  });

  it("catches token-bearing names by rule, escaped names, and URLs inside parameters", () => {
    expect(redactUrl("/x?my_api_key=1&X-Auth-Token=2&refresh_token=3&keep=4")).toBe("/x?my_api_key=[redacted]&X-Auth-Token=[redacted]&refresh_token=[redacted]&keep=4");
    expect(redactUrl("/x?id%5Ftoken=secret")).toBe("/x?id%5Ftoken=[redacted]");
    const bounce = `/auth/session-token?shop=a.myshopify.com&shopify-reload=${encodeURIComponent("/app?id_token=SECRET&shop=a.myshopify.com")}`;
    expect(redactUrl(bounce)).not.toContain("SECRET");
    expect(decodeURIComponent(redactUrl(bounce))).toContain("/app?id_token=[redacted]&shop=a.myshopify.com");
    expect(redactUrl("https://x.test/a?code=1#access_token=2")).toBe("https://x.test/a?code=[redacted]#[fragment]");
    expect(redactUrl("/healthz")).toBe("/healthz");
    expect(redactUrl("/x?%E0%A4%A=1&flag")).toBe("/x?%E0%A4%A=1&flag");
  });
});

describe("redactHeaders and redactRecord", () => {
  it("replaces credential headers by name and URLs in the others", () => {
    const h = redactHeaders({
      authorization: "Bearer eyJ.session.token",
      "x-shopify-access-token": "shpat_123",
      "x-shopify-hmac-sha256": "base64hmac",
      cookie: "shopify_app_session=abc",
      "set-cookie": ["a=1", "b=2"],
      "x-custom-token": "t",
      "x-shopify-shop-domain": "tee.myshopify.com",
      referer: "https://admin.shopify.com/app?id_token=eyJ.x.y&shop=tee.myshopify.com",
      location: ["/auth?state=s1"],
      "user-agent": "Mozilla/5.0",
    });
    expect(h).toEqual({
      authorization: "[redacted]",
      "x-shopify-access-token": "[redacted]",
      "x-shopify-hmac-sha256": "[redacted]",
      cookie: "[redacted]",
      "set-cookie": "[redacted]",
      "x-custom-token": "[redacted]",
      "x-shopify-shop-domain": "tee.myshopify.com",
      referer: "https://admin.shopify.com/app?id_token=[redacted]&shop=tee.myshopify.com",
      location: ["/auth?state=[redacted]"],
      "user-agent": "Mozilla/5.0",
    });
    expect(redactRecord({ code: "c", shop: "s" })).toEqual({ code: "[redacted]", shop: "s" });
  });
});
