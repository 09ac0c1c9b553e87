/** Model and colour inference from product payloads, and the payload schema's limits. */
import { describe, expect, it } from "vitest";
import { inferColors, inferModel, parseProductPayload } from "../../app/shopify/product-webhook.server";
import { WebhookPayloadError } from "../../app/shopify/webhook-deliveries.server";

describe("inferModel", () => {
  it.each([
    [{ title: "Organic Tee", product_type: "" }, "tee"],
    [{ title: "Basic", product_type: "T-Shirt" }, "tee"],
    [{ title: "Summer t shirts", product_type: null }, "tee"],
    [{ title: "Zip Hoodie", product_type: "" }, "hoodie"],
    [{ title: "Kids", product_type: "Hoodies" }, "hoodie"],
    [{ title: "Teapot", product_type: "Kitchen" }, undefined],
    [{ title: "Coffee Mug", product_type: "Mug" }, undefined],
    [{ title: "Steelhead", product_type: "" }, undefined],
  ])("%j → %s", (product, model) => {
    expect(inferModel(product)).toBe(model);
  });

  it("product type wins over title", () => {
    expect(inferModel({ title: "Hoodie-style tee", product_type: "T-Shirt" })).toBe("tee");
  });
});

describe("inferColors", () => {
  it("maps known names case/space/dash-insensitively, keeps the merchant's spelling, drops duplicates", () => {
    const r = inferColors([
      { name: "Size", values: ["S", "M"] },
      { name: "COLOUR", values: ["forest-green", "Beige", " Black ", "Beige", "Weiß"] },
    ]);
    expect(r.hasOption).toBe(true);
    expect(r.unknown).toEqual([]);
    expect(r.colors).toEqual([
      { name: "forest-green", hex: "#2E8B57" },
      { name: "Beige", hex: "#F5DEB3" },
      { name: "Black", hex: "#000000" },
      { name: "Weiß", hex: "#FFFFFF" },
    ]);
  });

  it("reports unknown names instead of guessing", () => {
    const r = inferColors([{ name: "Farbe", values: ["Schwarz", "Mitternachtsgalaxie", "<script>"] }]);
    expect(r.colors.map((c) => c.name)).toEqual(["Schwarz"]);
    expect(r.unknown).toEqual(["Mitternachtsgalaxie", "<script>"]);
  });

  it("no colour option at all", () => {
    expect(inferColors([{ name: "Size", values: ["S"] }])).toEqual({ colors: [], unknown: [], hasOption: false });
  });
});

describe("product payload schema", () => {
  const base = { id: 1, title: "Tee", options: [] };
  it("accepts numeric and numeric-string ids", () => {
    expect(parseProductPayload(base).id).toBe("1");
    expect(parseProductPayload({ ...base, id: "123456789012" }).id).toBe("123456789012");
  });

  it.each([
    ["negative id", { ...base, id: -1 }],
    ["fractional id", { ...base, id: 1.5 }],
    ["id with path", { ...base, id: "1/../../2" }],
    ["foreign GID", { ...base, admin_graphql_api_id: "gid://shopify/Customer/1" }],
    ["huge title", { ...base, title: "x".repeat(10_000) }],
    ["too many options", { ...base, options: Array.from({ length: 11 }, (_, i) => ({ name: `o${i}`, values: [] })) }],
    ["too many values", { ...base, options: [{ name: "Color", values: Array.from({ length: 251 }, () => "Red") }] }],
    ["not an object", "product"],
    ["null", null],
  ])("refuses %s with a WebhookPayloadError", (_, payload) => {
    expect(() => parseProductPayload(payload)).toThrow(WebhookPayloadError);
  });
});
