/**
 * shopify.app.toml agrees with the code: every webhook URI has a route, the API version matches the
 * app object and the pinned schema, the privacy topics are subscribed, the scopes are what we use.
 */
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const toml = readFileSync("shopify.app.toml", "utf8");
const web = readFileSync("shopify.web.toml", "utf8");

/** [[webhooks.subscriptions]] blocks as {topics, compliance, uri}. */
function subscriptions() {
  return toml
    .split("[[webhooks.subscriptions]]")
    .slice(1)
    .map((block) => ({
      topics: [...(/^\s*topics\s*=\s*\[(.*)\]/m.exec(block)?.[1] ?? "").matchAll(/"([^"]+)"/g)].map((m) => m[1]),
      compliance: [...(/^\s*compliance_topics\s*=\s*\[(.*)\]/m.exec(block)?.[1] ?? "").matchAll(/"([^"]+)"/g)].map((m) => m[1]),
      uri: /^\s*uri\s*=\s*"([^"]+)"/m.exec(block)?.[1],
    }));
}

describe("shopify.app.toml", () => {
  it("subscribes to the product, app and privacy topics, each to an existing route of the same name", () => {
    const subs = subscriptions();
    const topics = subs.flatMap((s) => [...s.topics, ...s.compliance]).sort();
    expect(topics).toEqual(
      ["app/scopes_update", "app/uninstalled", "customers/data_request", "customers/redact", "orders/create", "products/create", "products/update", "shop/redact"].sort(),
    );
    for (const s of subs) {
      const topic = [...s.topics, ...s.compliance][0];
      expect(s.uri).toBe(`/webhooks/${topic}`);
      // flat routes: /webhooks/products/create → app/routes/webhooks.products.create.tsx
      const file = `app/routes/${s.uri!.slice(1).replaceAll("/", ".")}.tsx`;
      expect(existsSync(file), file).toBe(true);
    }
    expect(subs.filter((s) => s.compliance.length > 0).map((s) => s.compliance[0]).sort()).toEqual(["customers/data_request", "customers/redact", "shop/redact"]);
  });

  it("uses API version 2026-04 like the app object and the pinned schema", () => {
    expect(/\[webhooks\]\s*\napi_version\s*=\s*"([^"]+)"/.exec(toml)?.[1]).toBe("2026-04");
    expect(readFileSync("app/shopify.server.ts", "utf8")).toContain("ApiVersion.April26");
  });

  it("asks for exactly the scopes the app needs, and declares the app proxy", () => {
    expect(/\[access_scopes\][^[]*scopes\s*=\s*"([^"]+)"/.exec(toml)?.[1]).toBe("write_products,write_files,write_app_proxy,read_orders,write_orders");
    expect(toml).toMatch(/\[app_proxy\][^[]*\nurl = "\/proxy"\s*\nsubpath = "mockup"\s*\nprefix = "apps"/);
    expect(toml).toMatch(/^embedded = true$/m);
  });

  it("shopify.web.toml runs setup before dev and serves both roles", () => {
    expect(web).toMatch(/roles = \["frontend", "backend"\]/);
    expect(web).toMatch(/predev = "npm run setup"/);
    expect(web).toMatch(/dev = "npx remix vite:dev"/);
  });
});
