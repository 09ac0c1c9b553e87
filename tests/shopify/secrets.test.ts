/** AES-256-GCM secrets and the settings action: keys sealed at rest, never echoed, base URLs validated. */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret, parseKey, SecretDecryptError, SecretKeyError } from "../../app/security/secrets.server";
import type { TestDb } from "../helpers/db";
import { installTestDb, TEST_API_KEY, TEST_API_SECRET } from "./env";
import { BROWSER_UA, offlineSessionRow, sessionToken } from "./session-token";

describe("secrets", () => {
  const key = randomBytes(32);

  it("round-trips, with a fresh IV each time", () => {
    const a = encryptSecret("sk_live_ÄÖ-123", "shop/cgtrader.apiKey", key);
    const b = encryptSecret("sk_live_ÄÖ-123", "shop/cgtrader.apiKey", key);
    expect(a).not.toBe(b);
    expect(a).not.toContain("sk_live");
    expect(decryptSecret(a, "shop/cgtrader.apiKey", key)).toBe("sk_live_ÄÖ-123");
  });

  it("detects tampering with ciphertext, tag or IV", () => {
    const sealed = encryptSecret("secret-value", "ctx", key);
    const [v, iv, tag, ct] = sealed.split(":");
    const flip = (s: string) => {
      const b = Buffer.from(s, "base64url");
      b[0] ^= 1;
      return b.toString("base64url");
    };
    for (const bad of [[v, iv, tag, flip(ct)], [v, iv, flip(tag), ct], [v, flip(iv), tag, ct], [v, iv, tag], ["v2", iv, tag, ct]]) {
      expect(() => decryptSecret(bad.join(":"), "ctx", key)).toThrow(SecretDecryptError);
    }
  });

  it("fails with the wrong key or a different context (another shop or field)", () => {
    const sealed = encryptSecret("secret-value", "a.myshopify.com/mockey.apiKey", key);
    expect(() => decryptSecret(sealed, "a.myshopify.com/mockey.apiKey", randomBytes(32))).toThrow(SecretDecryptError);
    expect(() => decryptSecret(sealed, "b.myshopify.com/mockey.apiKey", key)).toThrow(SecretDecryptError);
  });

  it("accepts 32-byte keys as hex or base64 and refuses anything else", () => {
    expect(parseKey("ab".repeat(32))).toHaveLength(32);
    expect(parseKey(randomBytes(32).toString("base64"))).toHaveLength(32);
    for (const bad of [undefined, "", "short", "ab".repeat(16), randomBytes(16).toString("base64")]) {
      expect(() => parseKey(bad)).toThrow(SecretKeyError);
    }
  });
});

describe("settings action", () => {
  const SHOP = "settings-shop.myshopify.com";
  let t: TestDb;
  let route: typeof import("../../app/routes/app.settings");
  let settings: typeof import("../../app/shopify/settings.server");

  beforeAll(async () => {
    t = await installTestDb();
    await t.db.session.create({ data: offlineSessionRow(SHOP) });
    route = await import("../../app/routes/app.settings");
    settings = await import("../../app/shopify/settings.server");
  });
  afterAll(async () => t?.drop());

  function post(body: unknown, secret = TEST_API_SECRET) {
    return new Request("https://mockup.test/app/settings?_data=routes/app.settings", {
      method: "POST",
      headers: {
        Authorization: `Bearer ${sessionToken({ shop: SHOP, apiKey: TEST_API_KEY, secret })}`,
        "Content-Type": "application/json",
        "User-Agent": BROWSER_UA,
      },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
  }
  async function call(req: Request) {
    try {
      return (await route.action({ request: req, params: {}, context: {} })) as Response;
    } catch (e) {
      if (e instanceof Response) return e;
      throw e;
    }
  }

  it("stores the key encrypted and answers only 'set', never the key", async () => {
    const apiKey = "cgt_live_SECRET_abcdef123456";
    const res = await call(post({ services: { cgtrader: { baseUrl: "https://api.cgtrader.com/v1/", apiKey } } }));
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain(apiKey);
    const body = JSON.parse(text);
    // masked: "set" and the last four characters, never more
    expect(body.settings.services.cgtrader).toMatchObject({ baseUrl: "https://api.cgtrader.com/v1", apiKey: "set", apiKeyHint: "…3456" });
    expect(body.settings.services.mockey.apiKey).toBe("not set");

    const row = await t.db.shop.findUniqueOrThrow({ where: { domain: SHOP } });
    expect(row.secrets).not.toContain(apiKey);
    expect(row.settings).not.toContain(apiKey);
    expect(await settings.getServiceCredentials(t.db, SHOP, "cgtrader")).toEqual({ baseUrl: "https://api.cgtrader.com/v1", apiKey });

    // the loader's view carries no key either
    const loaderRes = (await route.loader({ request: new Request("https://mockup.test/app/settings?_data=routes/app.settings", { headers: post({}).headers }), params: {}, context: {} })) as Response;
    const loaderText = await loaderRes.text();
    expect(loaderText).not.toContain(apiKey);
    expect(JSON.parse(loaderText).settings.services.cgtrader.apiKey).toBe("set");
  });

  it("stores an OAuth client secret encrypted beside the key, answers only 'set', and decrypts it for the connector", async () => {
    const clientSecret = "cgt_client_SECRET_998877";
    const res = await call(post({ services: { cgtrader: { baseUrl: "https://api.cgtrader.com/v1", clientId: "shop-client-1", clientSecret } } }));
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain(clientSecret);
    expect(JSON.parse(text).settings.services.cgtrader).toMatchObject({ clientId: "shop-client-1", clientSecret: "set" });
    const row = await t.db.shop.findUniqueOrThrow({ where: { domain: SHOP } });
    expect(row.secrets + row.settings).not.toContain(clientSecret);
    expect(await settings.getConnectorCredentials(t.db, SHOP, "cgtrader")).toMatchObject({ clientId: "shop-client-1", clientSecret });
    await call(post({ services: { cgtrader: { clearClientSecret: true } } }));
    expect((await settings.getConnectorCredentials(t.db, SHOP, "cgtrader")).clientSecret).toBeNull();
  });

  it("the storefront switch is VirtualThreads.io's only, and the alert webhook is checked like a base URL", async () => {
    const bad = await call(post({ services: { mockey: { storefront: true } } }));
    expect(bad.status).toBe(400);
    const badUrl = await call(post({ alerts: { webhookUrl: "http://hooks.example.com/x" } }));
    expect(badUrl.status).toBe(400);
    const ok = await call(post({ services: { virtualthreads: { storefront: true } }, alerts: { webhookUrl: "https://hooks.slack.com/services/T/B/X", outageMinutes: 15 } }));
    expect(ok.status).toBe(200);
    const pub = await settings.getPublicSettings(t.db, SHOP);
    expect(pub.services.virtualthreads.storefront).toBe(true);
    expect(pub.alerts).toEqual({ webhookUrl: "https://hooks.slack.com/services/T/B/X", outageMinutes: 15 });
  });

  it("an omitted key keeps the stored one; clearApiKey removes it", async () => {
    await call(post({ services: { mockey: { apiKey: "mky_1234567890" } } }));
    await call(post({ services: { mockey: { baseUrl: "https://api.mockey.ai" } } }));
    expect(await settings.getServiceCredentials(t.db, SHOP, "mockey")).toEqual({ baseUrl: "https://api.mockey.ai", apiKey: "mky_1234567890" });
    await call(post({ services: { mockey: { clearApiKey: true } } }));
    expect((await settings.getServiceCredentials(t.db, SHOP, "mockey")).apiKey).toBeNull();
  });

  it.each([
    ["http://api.example.com", /https/],
    ["ftp://example.com", /https/],
    ["not a url", /valid URL/],
    [`https://example.com/${"a".repeat(600)}`, /too long/],
    ["https://user:pw@example.com", /user name or password/],
  ])("rejects base URL %s with a clear error and changes nothing", async (baseUrl, message) => {
    const before = await t.db.shop.findUnique({ where: { domain: SHOP } });
    const res = await call(post({ services: { virtualthreads: { baseUrl, apiKey: "vt_should_not_be_saved" } } }));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { ok: boolean; errors: string[] };
    expect(body.ok).toBe(false);
    expect(body.errors.join(" ")).toMatch(message);
    expect(body.errors.join(" ")).toContain("services.virtualthreads.baseUrl");
    expect(await t.db.shop.findUnique({ where: { domain: SHOP } })).toEqual(before);
  });

  it("allows plain http only for localhost", async () => {
    const res = await call(post({ services: { virtualthreads: { baseUrl: "http://127.0.0.1:8089" } } }));
    expect(res.status).toBe(200);
  });

  it("validates provider order and rejects unknown providers", async () => {
    const ok = await call(post({ providers: { "render.hero": [{ name: "compositor", enabled: true }, { name: "blender", enabled: false }] } }));
    expect(ok.status).toBe(200);
    expect(await settings.providerOrder(t.db, SHOP, "render.hero")).toEqual({ order: ["compositor"], disabled: ["blender"] });
    const bad = await call(post({ providers: { "model.fetch": [{ name: "evil", enabled: true }] } }));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: string[] }).errors.join()).toMatch(/unknown provider "evil"/);
    const notJson = await call(post("{nope"));
    expect(notJson.status).toBe(400);
    const huge = await call(post({ services: { cgtrader: { baseUrl: "https://a.example", apiKey: "k".repeat(100_000) } } }));
    expect(huge.status).toBe(413);
  });

  it("refuses a session token signed with another secret", async () => {
    const res = await call(post({ services: { cgtrader: { baseUrl: "https://evil.example" } } }, "wrong-secret"));
    expect(res.status).toBe(401);
    expect((await settings.getPublicSettings(t.db, SHOP)).services.cgtrader.baseUrl).toBe("https://api.cgtrader.com/v1");
  });

  it("refuses settings that switch off every registered provider of a capability, naming it; nothing stored", async () => {
    const before = await t.db.shop.findUnique({ where: { domain: SHOP } });
    // with the built-in library and CGTrader both off, every model.fetch step would fail
    const res = await call(post({ providers: { "model.fetch": [{ name: "cgtrader", enabled: false }, { name: "local", enabled: false }] } }));
    expect(res.status).toBe(400);
    const errors = ((await res.json()) as { errors: string[] }).errors.join(" ");
    expect(errors).toMatch(/model\.fetch/);
    expect(errors).toMatch(/Built-in model library/);
    const both = await call(post({ providers: { "render.hero": [{ name: "blender", enabled: false }, { name: "compositor", enabled: false }] } }));
    expect(both.status).toBe(400);
    expect(((await both.json()) as { errors: string[] }).errors.join(" ")).toMatch(/render\.hero/);
    expect(await t.db.shop.findUnique({ where: { domain: SHOP } })).toEqual(before);
    expect((await settings.providerOrder(t.db, SHOP, "model.fetch"))?.order).toContain("local");
  });

  it("every vendor's connector is built: each is marked available (switchable) in the public view", async () => {
    const pub = await settings.getPublicSettings(t.db, SHOP);
    const find = (cap: string, name: string) => pub.providers[cap].find((p) => p.name === name);
    // CGTrader (app/connectors/cgtrader) and VirtualThreads (app/connectors/virtualthreads) are built too
    expect(find("model.fetch", "cgtrader")?.available).toBe(true);
    expect(find("mockup.live", "virtualthreads")?.available).toBe(true);
    // Mockey.ai's connector is built (app/connectors/mockey): switchable, and skipped for a shop without a key
    expect(find("mockup.compose", "mockey")?.available).toBe(true);
    expect(find("design.cutout", "mockey")?.available).toBe(true);
    expect(find("model.fetch", "local")?.available).toBe(true);
    expect(find("render.hero", "blender")?.available).toBe(true);
  });

  it("without MOCKUP_ENCRYPTION_KEY an API key is refused with a clear 400 and nothing is stored", async () => {
    const before = await t.db.shop.findUnique({ where: { domain: SHOP } });
    const saved = process.env.MOCKUP_ENCRYPTION_KEY;
    delete process.env.MOCKUP_ENCRYPTION_KEY;
    try {
      const res = await call(post({ services: { mockey: { baseUrl: "https://changed.example", apiKey: "mky_never_stored_1" } } }));
      expect(res.status).toBe(400);
      const body = (await res.json()) as { ok: boolean; errors: string[] };
      expect(body.ok).toBe(false);
      expect(body.errors.join(" ")).toMatch(/no MOCKUP_ENCRYPTION_KEY; keys cannot be stored/);
      expect(await t.db.shop.findUnique({ where: { domain: SHOP } })).toEqual(before);
      // a save without a key still works
      const plain = await call(post({ services: { mockey: { baseUrl: "https://api.mockey.ai" } } }));
      expect(plain.status).toBe(200);
    } finally {
      process.env.MOCKUP_ENCRYPTION_KEY = saved;
    }
  });
});
