/**
 * The storefront metafield contract: the sample document parses, bad documents are refused with a reason, the
 * namespace resolves the way Shopify stores `$app` (and Liquid must name it), and shopify.app.toml declares the
 * definition with storefront read access under the same key.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  appIdFromNamespace,
  liquidMetafieldPath,
  numericId,
  parseStorefrontMetafield,
  resolveAppNamespace,
  STOREFRONT_METAFIELD_KEY,
  STOREFRONT_METAFIELD_NAMESPACE,
  STOREFRONT_METAFIELD_SCHEMA_VERSION,
} from "../../app/contracts/storefront-metafield";

const sample = JSON.parse(readFileSync("tests/contracts/fixtures/storefront-metafield.json", "utf8"));

describe("storefront metafield contract", () => {
  it("parses the sample document, as JSON text and as an object", () => {
    const fromText = parseStorefrontMetafield(JSON.stringify(sample));
    expect(fromText.ok).toBe(true);
    const fromObject = parseStorefrontMetafield(sample);
    expect(fromObject.ok && fromObject.value.variants["44012345678902"].materialVariant).toBe("Beige");
    expect(fromObject.ok && fromObject.value.variants["44012345678902"].posters.front?.width).toBe(2048);
  });

  it("ignores fields it does not know (additive changes keep the version)", () => {
    const r = parseStorefrontMetafield({ ...sample, somethingNew: { a: 1 } });
    expect(r.ok).toBe(true);
  });

  it("refuses an unknown version, non-JSON, a bad URL and a non-numeric variant key, naming the problem", () => {
    const v2 = parseStorefrontMetafield({ ...sample, schemaVersion: STOREFRONT_METAFIELD_SCHEMA_VERSION + 1 });
    expect(v2).toMatchObject({ ok: false });
    expect(!v2.ok && v2.error).toMatch(/schemaVersion/);
    expect(parseStorefrontMetafield("{not json")).toEqual({ ok: false, error: "metafield is not JSON" });
    const badUrl = parseStorefrontMetafield({ ...sample, model: { ...sample.model, url: "javascript:alert(1)" } });
    expect(!badUrl.ok && badUrl.error).toMatch(/model\.url/);
    const badKey = parseStorefrontMetafield({ ...sample, variants: { "gid://shopify/ProductVariant/1": sample.variants["44012345678901"] } });
    expect(badKey.ok).toBe(false);
  });

  it("resolves $app the way Shopify stores it, and builds the Liquid path from a realistic app id", () => {
    expect(STOREFRONT_METAFIELD_NAMESPACE).toBe("$app");
    const ns = resolveAppNamespace("4811123", "$app");
    expect(ns).toBe("app--4811123");
    expect(resolveAppNamespace(4811123, "$app:design")).toBe("app--4811123--design");
    expect(resolveAppNamespace("4811123", "custom")).toBe("custom");
    expect(appIdFromNamespace("app--4811123--design")).toBe("4811123");
    expect(appIdFromNamespace("custom")).toBeNull();
    expect(liquidMetafieldPath(ns)).toBe("product.metafields['app--4811123'].mockup_viewer.value");
    expect(() => resolveAppNamespace("12'3")).toThrow(/alphanumeric/);
    expect(numericId("gid://shopify/ProductVariant/44012345678901")).toBe("44012345678901");
  });

  it("is declared in shopify.app.toml under the same key with storefront read access", () => {
    const toml = readFileSync("shopify.app.toml", "utf8");
    const block = new RegExp(`\\[product\\.metafields\\.app\\.${STOREFRONT_METAFIELD_KEY}\\]([^[]*)`).exec(toml)?.[1] ?? "";
    expect(block).toMatch(/^type = "json"$/m);
    expect(block).toMatch(/^access\.storefront = "public_read"$/m);
    expect(block).toMatch(/^access\.admin = "merchant_read"$/m);
  });
});
