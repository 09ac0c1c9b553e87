/**
 * 1 model + 24 images in one publish (two `productUpdate` chunks of 20) while the shop's 3D limit is full: the
 * first chunk is refused for the model, sent again without it, and every image of both chunks arrives (the
 * old code dropped the GLB from the whole batch mid-loop, so the 21st file was never uploaded or reported).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publishPlan } from "../../app/publish/publish";
import { SHOP_A, mediaOf, productPlan, world, type World } from "./harness";

let w: World;
beforeAll(async () => {
  w = await world();
});
afterAll(async () => w?.close());

const SIX = [
  { name: "Forest Green", hex: "#2E8B57" },
  { name: "Beige", hex: "#F5DEB3" },
  { name: "Black", hex: "#000000" },
  { name: "Navy", hex: "#1F2A44" },
  { name: "Heather Grey", hex: "#9EA3A8" },
  { name: "Rust", hex: "#B7410E" },
];

describe("the 3D media limit in a publish of more than 20 files", () => {
  it("publishes all 24 images and serves the GLB from the app", async () => {
    const d = w.doubles[SHOP_A];
    d.store.limits.hostedModels = d.store.hostedModelCount(); // the plan is full, and we have not heard of it yet
    const p = d.store.addProduct({ title: "Six Colour Tee", colors: SIX.map((c) => c.name) });
    const plan = await productPlan(w, SHOP_A, p.id, { colors: SIX, views: ["front", "back", "three_quarter", "flat_lay"] });
    expect(plan.images).toHaveLength(24);
    const r = await publishPlan(w.deps, SHOP_A, plan, { source: "job", jobId: null });
    expect(r.model.source).toBe("app");
    expect(r.media).toMatchObject({ created: 24, failed: 0 });
    const onProduct = mediaOf(d, p.id);
    expect(onProduct.map((m) => m.__typename)).toEqual(Array(24).fill("MediaImage"));
    // every (view, colour) is there, including the ones in the second chunk
    const rows = await w.t.db.publishedMedia.findMany({ where: { shop: SHOP_A, productId: p.id } });
    expect(new Set(rows.map((r) => `${r.role}/${r.variant}`)).size).toBe(24);
    expect(rows.every((r) => r.role.startsWith("mockup:") && r.status === "READY")).toBe(true);
    expect(r.notices.join()).toMatch(/Product "Six Colour Tee": the shop reached its plan's limit of hosted 3D models/);
  });
});
