/**
 * Publishing against the Admin API double: reconciled (twice → the same media), one colour changed → only that
 * variant's image replaced and the old one deleted, the merchant's own media untouched, deleted-in-Shopify media
 * noticed, FAILED media → notification + degraded, the media limit → GLB through the metafield from our URL.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appIdFromNamespace, parseStorefrontMetafield } from "../../app/contracts/storefront-metafield";
import { publishPlan } from "../../app/publish/publish";
import { COLORS, GLB, SHOP_A, colourJpeg, mediaOf, productPlan, world, type World } from "./harness";

let w: World;
beforeAll(async () => {
  w = await world();
});
afterAll(async () => w?.close());

const d = () => w.doubles[SHOP_A];
function metafieldOf(productId: string) {
  const mf = [...d().store.metafields.values()].find((m) => m.ownerId === productId && m.key === "mockup_viewer");
  if (!mf) return null;
  const r = parseStorefrontMetafield(mf.value);
  if (!r.ok) throw new Error(r.error);
  return { ...r.value, namespace: mf.namespace };
}

describe("publishPlan", () => {
  it("publishes the GLB, a READY image per colour on its variants and the storefront metafield; twice changes nothing", async () => {
    const p = d().store.addProduct({ title: "Merino Tee", colors: COLORS.map((c) => c.name), sizes: ["S", "M"] });
    const plan = await productPlan(w, SHOP_A, p.id, { views: ["front", "back"] });
    const first = await publishPlan(w.deps, SHOP_A, plan, { source: "job", jobId: null });
    expect(first.status).toBe("published");
    expect(first.media).toEqual({ created: 7, kept: 0, removed: 0, failed: 0 });
    const media = mediaOf(d(), p.id);
    expect(media.map((m) => m.__typename).sort()).toEqual(["MediaImage", "MediaImage", "MediaImage", "MediaImage", "MediaImage", "MediaImage", "Model3d"]);
    expect(media.every((m) => m.state === "READY")).toBe(true);
    // each colour's variants (S and M) show that colour's front image
    for (const vid of p.variantIds) {
      const v = d().store.variants.get(vid)!;
      const color = v.selectedOptions.find((o) => o.name === "Color")!.value;
      expect(v.mediaIds).toHaveLength(1);
      const m = d().store.media.get(v.mediaIds[0])!;
      expect(m.alt).toBe(`Merino Tee in ${color}, front view`);
    }
    const mf = metafieldOf(p.id)!;
    expect(mf.namespace).toBe("app--4811123");
    expect(appIdFromNamespace(first.metafieldNamespace!)).toBe("4811123");
    expect(mf.model).toMatchObject({ source: "shopify" });
    expect(mf.model!.url).toMatch(/\/cdn\/\d+\/merino-tee\.glb$/);
    expect(Object.keys(mf.variants)).toHaveLength(6);
    const green = Object.values(mf.variants).find((v) => v.color?.name === "Forest Green")!;
    expect(green.materialVariant).toBe("Forest Green");
    expect(green.posters.front).toMatchObject({ width: 64, height: 64 });
    expect(green.posters.back?.url).toBeDefined();
    expect(mf.printAreas[0]).toMatchObject({ name: "front", widthCm: 30 });
    const versions1 = await w.t.db.publishVersion.count({ where: { shop: SHOP_A, productId: p.id } });
    expect(versions1).toBe(1);

    const writesBefore = d().requests.filter((r) => /^\s*mutation/m.test(r.query.replace(/#graphql/, ""))).length;
    const second = await publishPlan(w.deps, SHOP_A, plan, { source: "job", jobId: null });
    expect(second.status).toBe("unchanged");
    expect(second.media).toEqual({ created: 0, kept: 7, removed: 0, failed: 0 });
    expect(mediaOf(d(), p.id)).toHaveLength(7);
    const writesAfter = d().requests.filter((r) => /^\s*mutation/m.test(r.query.replace(/#graphql/, ""))).length;
    expect(writesAfter).toBe(writesBefore); // not one write the second time
    expect(await w.t.db.publishVersion.count({ where: { shop: SHOP_A, productId: p.id } })).toBe(1);
  });

  it("one colour changed: only that colour's media replaced, the old one deleted, the other variants untouched", async () => {
    const p = d().store.addProduct({ title: "Merino Hoodie", colors: COLORS.map((c) => c.name) });
    const plan = await productPlan(w, SHOP_A, p.id);
    await publishPlan(w.deps, SHOP_A, plan, { source: "job", jobId: null });
    const before = new Map(p.variantIds.map((v) => [v, d().store.variants.get(v)!.mediaIds[0]]));
    const beigeVariant = p.variantIds.find((v) => d().store.variants.get(v)!.title === "Beige")!;
    const oldBeige = before.get(beigeVariant)!;

    const beigeKey = await w.assets(SHOP_A).put(await colourJpeg("#E8D4A0", 3), { kind: "mockup", mediaType: "image/jpeg", width: 64, height: 64 });
    const changed = { ...plan, colors: plan.colors.map((c) => (c.name === "Beige" ? { ...c, hex: "#E8D4A0" } : c)), images: plan.images.map((i) => (i.color === "Beige" ? { ...i, assetKey: beigeKey } : i)) };
    const r = await publishPlan(w.deps, SHOP_A, changed, { source: "job", jobId: null });
    expect(r.media).toEqual({ created: 1, kept: 3, removed: 1, failed: 0 });
    expect(d().store.media.has(oldBeige)).toBe(false);
    const after = new Map(p.variantIds.map((v) => [v, d().store.variants.get(v)!.mediaIds[0]]));
    for (const [v, m] of after) {
      if (v === beigeVariant) expect(m).not.toBe(oldBeige);
      else expect(m).toBe(before.get(v));
    }
    expect(mediaOf(d(), p.id)).toHaveLength(4);
    expect(Object.values(metafieldOf(p.id)!.variants).find((v) => v.color?.name === "Beige")!.color!.hex).toBe("#E8D4A0");
    expect(await w.t.db.publishVersion.count({ where: { shop: SHOP_A, productId: p.id } })).toBe(2);
  });

  it("never touches the merchant's own media, also on a variant, and reports the variant", async () => {
    const p = d().store.addProduct({ title: "Merino Cap", colors: ["Black", "Beige"] });
    // the merchant's own photo on the product and on the Black variant
    const own = d().store.createMedia({ typename: "MediaImage", contentType: "IMAGE", originalSource: "https://merchant.example/own.jpg", alt: "own" });
    own.state = "READY";
    p.mediaIds.push(own.id);
    const black = p.variantIds.find((v) => d().store.variants.get(v)!.title === "Black")!;
    d().store.variants.get(black)!.mediaIds.push(own.id);
    const plan = await productPlan(w, SHOP_A, p.id, { colors: COLORS.filter((c) => c.name !== "Forest Green") });
    const r = await publishPlan(w.deps, SHOP_A, plan, { source: "job", jobId: null });
    expect(d().store.media.has(own.id)).toBe(true);
    expect(d().store.variants.get(black)!.mediaIds).toEqual([own.id]);
    expect(r.notices.join("\n")).toMatch(/Product "Merino Cap": variant "Black" keeps your own image/);
    const note = await w.t.db.notification.findFirst({ where: { shop: SHOP_A, message: { contains: "Merino Cap" } } });
    expect(note?.level).toBe("info");
    // and again: still untouched, nothing new
    const again = await publishPlan(w.deps, SHOP_A, plan, { source: "job", jobId: null });
    expect(again.status).toBe("unchanged");
    expect(p.mediaIds).toContain(own.id);
  });

  it("notices media deleted in Shopify: a pipeline publish leaves it removed, the merchant's publish re-creates it", async () => {
    const p = d().store.addProduct({ title: "Merino Scarf", colors: ["Black"] });
    const plan = await productPlan(w, SHOP_A, p.id, { colors: [COLORS[2]] });
    await publishPlan(w.deps, SHOP_A, plan, { source: "job", jobId: null });
    const image = mediaOf(d(), p.id).find((m) => m.__typename === "MediaImage")!;
    d().store.deleteMedia(image.id); // the merchant deletes our image in the Shopify admin
    const auto = await publishPlan(w.deps, SHOP_A, plan, { source: "job", jobId: null });
    expect(auto.notices.join()).toMatch(/Black image \(front view\) was deleted in Shopify/);
    expect(mediaOf(d(), p.id).filter((m) => m.__typename === "MediaImage")).toHaveLength(0);
    const row = await w.t.db.publishedMedia.findFirst({ where: { shop: SHOP_A, productId: p.id, role: "mockup:front" } });
    expect(row?.status).toBe("REMOVED");
    const manual = await publishPlan(w.deps, SHOP_A, plan, { source: "manual", jobId: null });
    expect(manual.media.created).toBe(1);
    expect(mediaOf(d(), p.id).filter((m) => m.__typename === "MediaImage")).toHaveLength(1);
    expect(await w.t.db.publishedMedia.count({ where: { shop: SHOP_A, productId: p.id, status: "REMOVED" } })).toBe(0);
  });

  it("a corrupt GLB fails Shopify's processing (detected): notification naming the product, degraded, GLB from our URL", async () => {
    const p = d().store.addProduct({ title: "Broken Mug", colors: ["Black"] });
    const truncated = GLB.subarray(0, GLB.length - 100);
    const plan = await productPlan(w, SHOP_A, p.id, { colors: [COLORS[2]], glb: truncated });
    const r = await publishPlan(w.deps, SHOP_A, plan, { source: "job", jobId: null });
    expect(r.status).toBe("degraded");
    expect(r.media.failed).toBe(1);
    expect(r.model.source).toBe("app");
    const note = await w.t.db.notification.findFirst({ where: { shop: SHOP_A, level: "warning", message: { contains: 'Product "Broken Mug"' } } });
    expect(note?.message).toMatch(/MODEL3D_VALIDATION_ERROR/);
    const mf = metafieldOf(p.id)!;
    expect(mf.model).toMatchObject({ source: "app" });
    expect(mf.model!.url).toMatch(/^https:\/\/mockup\.test\/media\/merino-a\.myshopify\.com\/[0-9a-f]{64}\/broken-mug\.glb\?sig=/);
    // the image still published
    expect(Object.values(mf.variants)[0].posters.front?.mediaId).toMatch(/MediaImage/);
  });
});
