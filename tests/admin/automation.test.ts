/**
 * Automation rules and product setups in the products/* webhook: rules filter products without a setup,
 * "off" stops every webhook pipeline, and a setup's placements per view reach the job as the admin saved them.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { savePreferences } from "../../app/shopify/preferences.server";
import { saveSetup } from "../../app/shopify/product-setup.server";
import { handleProductWebhook, parseProductPayload } from "../../app/shopify/product-webhook.server";
import { createTestDb, type TestDb } from "../helpers/db";

const SHOP = "auto-shop.myshopify.com";
let t: TestDb;
let n = 0;
const KEY = "a".repeat(64);

const payload = (over: Record<string, unknown> = {}) =>
  parseProductPayload({
    id: 9000 + ++n,
    title: "Merino Tee",
    product_type: "T-Shirt",
    vendor: "Merino Works",
    tags: "merino, summer",
    options: [{ name: "Color", values: ["Black", "Beige"] }],
    ...over,
  });
const hook = (p: ReturnType<typeof payload>) => handleProductWebhook(t.db, { shop: SHOP, webhookId: `w${n}` }, p);

beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t?.drop());

describe("automation rules", () => {
  it("no rules: every known garment starts a job", async () => {
    expect((await hook(payload())).outcome).toBe("job");
  });

  it("tag, product type and vendor filters must all match (case-insensitive); a miss starts nothing", async () => {
    await savePreferences(t.db, SHOP, { automation: { enabled: true, tags: ["Merino"], productTypes: ["t-shirt"], vendors: [] } });
    expect((await hook(payload())).outcome).toBe("job");
    expect((await hook(payload({ tags: "cotton" }))).outcome).toBe("automation-filtered");
    expect((await hook(payload({ product_type: "Hoodie" }))).outcome).toBe("automation-filtered");
    await savePreferences(t.db, SHOP, { automation: { enabled: true, tags: [], productTypes: [], vendors: ["Other Brand"] } });
    expect((await hook(payload())).outcome).toBe("automation-filtered");
  });

  it("switched off: nothing starts, not even for a set-up product", async () => {
    await savePreferences(t.db, SHOP, { automation: { enabled: false } });
    const p = payload();
    await saveSetup(t.db, SHOP, `gid://shopify/Product/${p.id}`, p.title, { modelName: "tee", colors: [{ name: "Black", hex: "#000000" }], views: ["front"], placements: [], enabled: true });
    expect((await hook(p)).outcome).toBe("automation-off");
    await savePreferences(t.db, SHOP, { automation: { enabled: true, tags: [], productTypes: [], vendors: [] } });
  });

  it("bad rules are refused and the stored ones stay", async () => {
    await expect(savePreferences(t.db, SHOP, { automation: { tags: ["x".repeat(300)] } })).rejects.toThrow(/automation\.tags\.0/);
    await expect(savePreferences(t.db, SHOP, { quality: "ultra" })).rejects.toThrow(/quality/);
    const row = await t.db.shop.findUniqueOrThrow({ where: { domain: SHOP } });
    expect(JSON.parse(row.preferences).automation.enabled).toBe(true);
  });
});

describe("a saved setup drives the webhook's job", () => {
  it("placements per view: the front design only on the front view, the back one only on the back", async () => {
    const front = await t.db.design.create({ data: { shop: SHOP, assetKey: KEY, name: "logo", width: 800, height: 800, mediaType: "image/png" } });
    const back = await t.db.design.create({ data: { shop: SHOP, assetKey: "b".repeat(64), name: "back", width: 800, height: 400, mediaType: "image/png" } });
    const p = payload({ tags: "" });
    const gid = `gid://shopify/Product/${p.id}`;
    await saveSetup(t.db, SHOP, gid, p.title, {
      modelName: "tee",
      colors: [{ name: "Black", hex: "#000000" }, { name: "Beige", hex: "#F5DEB3" }],
      views: ["front", "back"],
      placements: [
        { view: "front", designId: front.id, placement: { area: "front", scale: 0.5, offsetY: -0.1 } },
        { view: "back", designId: back.id, placement: { area: "back", scale: 0.9 } },
      ],
      enabled: true,
    });
    const r = await hook(p);
    expect(r.outcome).toBe("job");
    const steps = await t.db.jobStep.findMany({ where: { jobId: r.jobId! } });
    const mockups = steps.filter((s) => s.capability === "mockup.compose").map((s) => ({ name: s.name, params: JSON.parse(s.params) }));
    expect(mockups.map((m) => m.name).sort()).toEqual(["mockup:back:1:Beige", "mockup:back:1:Black", "mockup:front:0:Beige", "mockup:front:0:Black"]);
    const f = mockups.find((m) => m.name === "mockup:front:0:Black")!;
    expect(f.params.designKey).toBe(KEY);
    expect(f.params.placement).toMatchObject({ area: "front", scale: 0.5, offsetY: -0.1 });
  });

  it("refuses another shop's design, an unknown print area and a repeated colour; nothing is written", async () => {
    const theirs = await t.db.design.create({ data: { shop: "other.myshopify.com", assetKey: KEY, name: "x", width: 10, height: 10, mediaType: "image/png" } });
    const gid = "gid://shopify/Product/777";
    const base = { modelName: "tee", colors: [{ name: "Black", hex: "#000000" }], views: ["front"], enabled: true };
    await expect(saveSetup(t.db, SHOP, gid, "x", { ...base, placements: [{ view: "front", designId: theirs.id, placement: {} }] })).rejects.toThrow(/design not found/);
    await expect(saveSetup(t.db, SHOP, gid, "x", { ...base, modelName: "mug", placements: [{ view: "front", designId: theirs.id, placement: { area: "left_sleeve" } }] })).rejects.toThrow(/no print area "left_sleeve"/);
    await expect(saveSetup(t.db, SHOP, gid, "x", { ...base, colors: [{ name: "Black", hex: "#000000" }, { name: "Black", hex: "#111111" }], placements: [] })).rejects.toThrow(/each colour/);
    expect(await t.db.productSetup.count({ where: { shop: SHOP, productId: gid } })).toBe(0);
  });
});
