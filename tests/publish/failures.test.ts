/**
 * Failures become notifications naming the product, never crashes: userErrors, a throttle that outlasts the ceiling,
 * media still processing at the poll ceiling (degraded), a FAILED medium through the provider (a degraded step).
 * And the double's publishing surface on its own: fileUpdate referencesToRemove, a corrupt image, definitions.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdminClient, fetchTransport } from "../../app/publish/admin-client";
import { publishOrReport } from "../../app/publish/publish";
import { shopifyPublishProvider } from "../../app/publish/provider";
import { productPublishStatus } from "../../app/publish/status";
import { publishPlan } from "../../app/publish/publish";
import type { ProviderContext } from "../../app/pipeline/types";
import { COLORS, GLB, SHOP_A, colourJpeg, mediaOf, productPlan, world, type World } from "./harness";

let w: World;
beforeAll(async () => {
  w = await world();
});
afterAll(async () => w?.close());
const d = () => w.doubles[SHOP_A];
const noteFor = (title: string) => w.t.db.notification.findFirst({ where: { shop: SHOP_A, message: { contains: `Product "${title}"` } }, orderBy: { createdAt: "desc" } });

describe("failures are told, named, and contained", () => {
  it("userErrors from productUpdate: a failed result and a warning naming the product", async () => {
    const p = d().store.addProduct({ title: "Refused Tee", colors: ["Black"] });
    d().inject({ type: "userErrors", mutation: "productUpdate", userErrors: [{ field: ["media", "0"], message: "Media is invalid" }] });
    const r = await publishOrReport(w.deps, SHOP_A, await productPlan(w, SHOP_A, p.id, { colors: [COLORS[2]] }), { source: "job", jobId: null });
    expect(r.status).toBe("failed");
    const note = await noteFor("Refused Tee");
    expect(note?.level).toBe("warning");
    expect(note?.message).toMatch(/publishing to the store failed: Shopify refused it \(Media is invalid\)/);
  });

  it("a throttle outlasting the client's ceiling: a failed result and a notification, not an exception", async () => {
    const p = d().store.addProduct({ title: "Busy Tee", colors: ["Black"] });
    // throttled before Shopify told us the title: the merchant's setup names the product
    await w.t.db.productSetup.create({ data: { shop: SHOP_A, productId: p.id, title: "Busy Tee", modelName: "tee" } });
    const plan = await productPlan(w, SHOP_A, p.id, { colors: [COLORS[2]] });
    const impatient = new AdminClient(SHOP_A, fetchTransport(d().graphqlUrl, `shpat_${SHOP_A}`), { maxThrottleWaitMs: 0 });
    d().inject({ type: "throttled" }, { type: "throttled" });
    const r = await publishOrReport({ ...w.deps, admin: async () => impatient }, SHOP_A, plan, { source: "job", jobId: null });
    expect(r.status).toBe("failed");
    expect((await noteFor("Busy Tee"))?.message).toMatch(/kept the app throttled/);
  });

  it("media still processing at the poll ceiling: degraded, told, and picked up by the next publish", async () => {
    const p = d().store.addProduct({ title: "Slow Tee", colors: ["Black"] });
    const plan = await productPlan(w, SHOP_A, p.id, { colors: [COLORS[2]] });
    d().store.processingReads = 1000;
    const r = await publishPlan({ ...w.deps, poll: { intervalMs: 1, maxIntervalMs: 2, ceilingMs: 30 } }, SHOP_A, plan, { source: "job", jobId: null });
    d().store.processingReads = 1;
    expect(r.status).toBe("degraded");
    expect(r.notices.join()).toMatch(/still processing in Shopify/);
    for (const m of mediaOf(d(), p.id)) m.state = "READY"; // Shopify finishes later
    const next = await publishPlan(w.deps, SHOP_A, plan, { source: "job", jobId: null });
    expect(next.status).toBe("published");
    expect(next.media).toMatchObject({ created: 0, kept: 2 });
    expect(d().store.variants.get(p.variantIds[0])!.mediaIds).toHaveLength(1);
  });

  it("a FAILED GLB through the provider: the step succeeds degraded (data.partial) with the reason", async () => {
    const p = d().store.addProduct({ title: "Provider Mug", colors: ["Black"] });
    const store = w.assets(SHOP_A);
    const glb = await store.put(Buffer.concat([GLB.subarray(0, 12), Buffer.from("not a chunk")]), { kind: "glb", mediaType: "model/gltf-binary" });
    const img = await store.put(await colourJpeg("#101010", 21), { kind: "mockup", mediaType: "image/jpeg", width: 64, height: 64 });
    const provider = shopifyPublishProvider(() => w.deps);
    const out = await provider.run(
      {
        params: { productId: p.id, colors: [COLORS[2]], views: ["front"], glbStep: "variants", infoStep: "model", images: [{ step: "m", view: "front", color: "Black", source: "mockup" }], inputsKey: null },
        inputs: { variants: { assets: { glb }, data: { variants: ["Black"] } }, model: { assets: {}, data: { info: { printAreas: [] } } }, m: { assets: { image: img }, data: {} } },
      },
      { shop: SHOP_A, jobId: "j1", stepId: "s1", stepName: "publish", attempt: 1, signal: new AbortController().signal, log: { info() {}, warn() {}, debug() {} } } as unknown as ProviderContext,
    );
    expect(out.data).toMatchObject({ status: "degraded", partial: true, model: "app" });
    expect(String(out.data.partialReason)).toMatch(/MODEL3D_VALIDATION_ERROR/);
    expect(provider.cacheable).toBe(false);
  });

  it("the product page notices media deleted in Shopify (status removed)", async () => {
    const p = d().store.addProduct({ title: "Page Tee", colors: ["Black"] });
    await publishPlan(w.deps, SHOP_A, await productPlan(w, SHOP_A, p.id, { colors: [COLORS[2]] }), { source: "job", jobId: null });
    const model = mediaOf(d(), p.id).find((m) => m.__typename === "Model3d")!;
    d().store.deleteMedia(model.id);
    const status = await productPublishStatus(w.deps, SHOP_A, p.id);
    expect(status.published).toBe(true);
    expect(status.media.map((m) => [m.role, m.status]).sort()).toEqual([["mockup:front", "live"], ["model", "removed"]]);
  });
});

describe("the double's publishing surface", () => {
  async function gql(query: string, variables: Record<string, unknown> = {}) {
    const res = await fetch(d().graphqlUrl, { method: "POST", headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": `shpat_${SHOP_A}` }, body: JSON.stringify({ query, variables }) });
    return (await res.json()) as { data?: Record<string, any>; errors?: unknown[] };
  }

  it("fileUpdate referencesToRemove detaches a READY file from the product and its variants, keeping the file", async () => {
    const p = d().store.addProduct({ title: "Detach Tee", colors: ["Black"] });
    const m = d().store.createMedia({ typename: "MediaImage", contentType: "IMAGE", originalSource: "https://merchant.example/a.jpg" });
    m.state = "READY";
    p.mediaIds.push(m.id);
    d().store.variants.get(p.variantIds[0])!.mediaIds.push(m.id);
    const r = await gql(`mutation U($files: [FileUpdateInput!]!) { fileUpdate(files: $files) { files { id } userErrors { code message } } }`, { files: [{ id: m.id, referencesToRemove: [p.id] }] });
    expect(r.data!.fileUpdate.userErrors).toEqual([]);
    expect(p.mediaIds).toEqual([]);
    expect(d().store.variants.get(p.variantIds[0])!.mediaIds).toEqual([]);
    expect(d().store.media.has(m.id)).toBe(true);
    const bad = await gql(`mutation U($files: [FileUpdateInput!]!) { fileUpdate(files: $files) { userErrors { code } } }`, { files: [{ id: "gid://shopify/MediaImage/1", referencesToRemove: [p.id] }] });
    expect(bad.data!.fileUpdate.userErrors[0].code).toBe("FILE_DOES_NOT_EXIST");
  });

  it("an \"image\" whose bytes are not one fails processing as Shopify would (detected from the bytes)", async () => {
    const p = d().store.addProduct({ title: "Corrupt Image", colors: ["Black"] });
    const plan = await productPlan(w, SHOP_A, p.id, { colors: [COLORS[2]] });
    const junk = await w.assets(SHOP_A).put(Buffer.from("this is not an image at all, only text"), { kind: "mockup", mediaType: "image/jpeg", width: 64, height: 64 });
    const r = await publishPlan(w.deps, SHOP_A, { ...plan, images: [{ ...plan.images[0], assetKey: junk }] }, { source: "job", jobId: null });
    expect(r.status).toBe("degraded");
    expect(r.notices.join()).toMatch(/UNSUPPORTED_IMAGE_FILE_TYPE/);
  });

  it("metafield definitions: created once under the resolved namespace, with storefront access", async () => {
    const defs = [...d().store.metafieldDefinitions.values()].filter((x) => x.key === "mockup_viewer");
    expect(defs).toHaveLength(1);
    expect(defs[0]).toMatchObject({ namespace: "app--4811123", ownerType: "PRODUCT", type: "json", access: { storefront: "PUBLIC_READ" } });
    const q = await gql(`query D { metafieldDefinitions(first: 5, ownerType: PRODUCT, namespace: "$app", key: "mockup_viewer") { nodes { namespace key access { storefront } } } }`);
    expect(q.data!.metafieldDefinitions.nodes).toEqual([{ namespace: "app--4811123", key: "mockup_viewer", access: { storefront: "PUBLIC_READ" } }]);
  });
});
