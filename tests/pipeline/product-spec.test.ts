import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { isVisible } from "../../app/contracts/view";
import { productJobSpec } from "../../app/pipeline/pipelines/product";

const KEY = "a".repeat(64);
const base = {
  shop: "s.myshopify.com",
  productId: "p1",
  model: "tee",
  colors: [
    { name: "Forest Green", hex: "#2F5D3A" },
    { name: "Black", hex: "#1C1C1C" },
  ],
};

describe("productJobSpec", () => {
  it("renders a garment's flat-lay view from its flat lay on a table where one is committed, other views from the form", () => {
    const tee = productJobSpec({ ...base, views: ["front", "flat_lay"], heroes: { views: ["flat_lay"] } });
    const flat = tee.steps.find((s) => s.name === "model:flat");
    expect(flat, "tee has a committed flat lay").toMatchObject({ capability: "model.fetch", params: { model: "tee", pose: "flat" } });
    expect(tee.steps.find((s) => s.name === "passes:flat_lay")?.dependsOn).toEqual(["model:flat"]);
    expect(tee.steps.find((s) => s.name === "passes:front")?.dependsOn).toEqual(["model"]);
    expect(tee.steps.filter((s) => s.name.startsWith("hero:flat_lay:")).every((s) => s.dependsOn?.[0] === "model:flat")).toBe(true);
    // the 3D model and its variants stay the form drape's
    expect(tee.steps.find((s) => s.name === "optimize")?.dependsOn).toEqual(["model"]);
    // the hoodie has one too; a mug has none, and none is asked without the flat-lay view
    expect(productJobSpec({ ...base, model: "hoodie", views: ["flat_lay"] }).steps.some((s) => s.name === "model:flat")).toBe(true);
    expect(productJobSpec({ ...base, model: "mug", views: ["flat_lay"] }).steps.some((s) => s.name === "model:flat")).toBe(false);
    expect(productJobSpec({ ...base, views: ["front"] }).steps.some((s) => s.name === "model:flat")).toBe(false);
  });

  it("chains model → optimise → variants and passes → mockups per visible view × colour", () => {
    const spec = productJobSpec({
      ...base,
      views: ["front", "back"],
      designs: [
        { key: KEY, placement: { area: "front" } },
        { key: KEY, placement: { area: "back", scale: 0.3 } },
      ],
    });
    const names = spec.steps.map((s) => s.name);
    expect(names.slice(0, 3)).toEqual(["model", "optimize", "variants"]);
    expect(spec.steps.find((s) => s.name === "variants")?.dependsOn).toEqual(["optimize", "model"]);
    // front design only on the front view, back design only on the back view: 2 views × 1 design × 2 colours
    expect(names.filter((n) => n.startsWith("mockup:"))).toEqual([
      "mockup:front:0:Forest Green",
      "mockup:front:0:Black",
      "mockup:back:1:Forest Green",
      "mockup:back:1:Black",
    ]);
    const m = spec.steps.find((s) => s.name === "mockup:back:1:Black")!;
    expect(m.dependsOn).toEqual(["passes:back", "model"]);
    expect(m.params).toMatchObject({ view: "back", designKey: KEY, color: { hex: "#1C1C1C" }, size: 1024, format: "jpeg" });
    expect(spec.steps.find((s) => s.name === "passes:back")?.params).toEqual({ view: "back", size: 1024 });
    expect(spec.priority).toBe("merchant");
  });

  it("publishes the GLB of the decal step with or without designs (an empty layer for the shopper's editor)", () => {
    const gid = "gid://shopify/Product/42";
    for (const designs of [[], [{ key: KEY, placement: { area: "front" } }]]) {
      const spec = productJobSpec({ ...base, productId: gid, designs });
      const decal = spec.steps.find((s) => s.capability === "asset.decal")!;
      expect(decal).toMatchObject({ name: "decal", dependsOn: ["variants", "model"] });
      expect((decal.params as { designs: unknown[] }).designs).toHaveLength(designs.length);
      const publish = spec.steps.find((s) => s.capability === "shopify.publish")!;
      expect(publish.params).toMatchObject({ glbStep: "decal" });
      expect(publish.dependsOn).toContain("decal");
    }
  });

  it("adds hero renders only for the listed colours, with the first design", () => {
    const spec = productJobSpec({ ...base, designs: [{ key: KEY }], heroes: { views: ["front"], colors: ["Black"], size: 512 } });
    const heroes = spec.steps.filter((s) => s.capability === "render.hero");
    expect(heroes.map((h) => h.name)).toEqual(["hero:front:Black"]);
    expect(heroes[0].params).toMatchObject({ size: 512, samples: 16, designKey: KEY, transparent: true });
  });

  it.each([
    [{ model: "../etc" }, /model/],
    [{ colors: [] }, /colors/],
    [{ colors: [{ name: "Red", hex: "red" }] }, /#RRGGBB/],
    [{ designs: [{ key: "not-a-hash" }] }, /designs/],
    [{ mockupSize: 999 }, /mockupSize/],
  ])("refuses bad input %j with a clear error", (patch, pattern) => {
    let err: unknown;
    try {
      productJobSpec({ ...base, ...(patch as object) } as never);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ZodError);
    expect(JSON.stringify((err as ZodError).issues)).toMatch(pattern);
  });

  it("knows which print areas a view shows", () => {
    expect(isVisible("front", "front")).toBe(true);
    expect(isVisible("front", "back")).toBe(false);
    expect(isVisible("back", "three_quarter")).toBe(false);
    expect(isVisible("left_sleeve", "back")).toBe(true);
    expect(isVisible("wrap", "back")).toBe(true);
    expect(isVisible("custom_area", "flat_lay")).toBe(true);
  });
});
