/**
 * Tenancy: shop A can never publish to, read or roll back shop B's products (404, nothing sent to B's store).
 * Loop guard: the products/update webhooks our own writes cause start no job; a merchant's real change does.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PublishNotFoundError } from "../../app/publish/errors";
import { publishPlan, publishProduct } from "../../app/publish/publish";
import { runPublishAction } from "../../app/publish/actions.server";
import { productPublishStatus } from "../../app/publish/status";
import { listVersions, rollbackToVersion } from "../../app/publish/versions";
import { handleProductWebhook, parseProductPayload } from "../../app/shopify/product-webhook.server";
import { COLORS, SHOP_A, SHOP_B, productPlan, world, type World } from "./harness";

let w: World;
beforeAll(async () => {
  w = await world({ shops: [SHOP_A, SHOP_B] });
});
afterAll(async () => w?.close());

describe("tenancy", () => {
  it("shop A cannot publish to, read, list or roll back shop B's product", async () => {
    const b = w.doubles[SHOP_B].store.addProduct({ title: "B's Tee", colors: ["Black"] });
    const planB = await productPlan(w, SHOP_B, b.id, { colors: [COLORS[2]] });
    const published = await publishPlan(w.deps, SHOP_B, planB, { source: "job", jobId: null });
    expect(published.status).toBe("published");
    const bRequests = w.doubles[SHOP_B].requests.length;

    // B's product id through A's session: A's store has no such product
    await expect(publishPlan(w.deps, SHOP_A, { ...planB }, { source: "job", jobId: null })).rejects.toBeInstanceOf(PublishNotFoundError);
    await expect(publishProduct(w.deps, { shop: SHOP_A, productId: b.id })).rejects.toBeInstanceOf(PublishNotFoundError);
    await expect(rollbackToVersion(w.deps, SHOP_A, b.id, published.versionId!)).rejects.toBeInstanceOf(PublishNotFoundError);
    await expect(productPublishStatus(w.deps, SHOP_A, b.id)).rejects.toBeInstanceOf(PublishNotFoundError);
    expect(await listVersions(w.t.db, SHOP_A, b.id)).toEqual([]);
    expect(await runPublishAction(w.t.db, SHOP_A, { intent: "publish", productId: b.id })).toMatchObject({ status: 404 });
    expect(await runPublishAction(w.t.db, SHOP_A, { intent: "rollback", productId: b.id, versionId: published.versionId })).toMatchObject({ status: 404 });
    expect(await runPublishAction(w.t.db, SHOP_A, { intent: "publish", productId: "not-a-gid" })).toMatchObject({ status: 400 });
    // nothing reached B's store, and B's data is as it was
    expect(w.doubles[SHOP_B].requests.length).toBe(bRequests);
    expect((await listVersions(w.t.db, SHOP_B, b.id)).map((v) => v.id)).toEqual([published.versionId]);
  });

  it("shop A cannot publish shop B's assets onto its own product", async () => {
    const a = w.doubles[SHOP_A].store.addProduct({ title: "A's Tee", colors: ["Black"] });
    const planB = await productPlan(w, SHOP_B, "gid://shopify/Product/1", { colors: [COLORS[2]], seed: 40 });
    await expect(publishPlan(w.deps, SHOP_A, { ...planB, productId: a.id }, { source: "job", jobId: null })).rejects.toBeInstanceOf(PublishNotFoundError);
    expect(w.doubles[SHOP_A].store.products.get(a.id)!.mediaIds).toEqual([]);
  });
});

describe("loop guard", () => {
  it("our own products/update starts no job; a merchant's colour change does", async () => {
    const p = w.doubles[SHOP_A].store.addProduct({ title: "Merino Tee", productType: "T-Shirt", colors: ["Black", "Beige"] });
    const legacy = p.id.split("/").pop()!;
    const payload = parseProductPayload({
      id: Number(legacy),
      admin_graphql_api_id: p.id,
      title: "Merino Tee",
      product_type: "T-Shirt",
      options: [{ name: "Color", values: ["Black", "Beige"] }],
    });
    // the webhook for the merchant creating the product starts the product job
    const first = await handleProductWebhook(w.t.db, { shop: SHOP_A, webhookId: "w1" }, payload);
    expect(first.outcome).toBe("job");
    const job = await w.t.db.job.findUniqueOrThrow({ where: { id: first.jobId! } });
    expect(job.dedupKey).toMatch(new RegExp(`^product:${legacy}:[0-9a-f]{32}$`));
    // the job's publish step publishes with the job's inputs
    const plan = await productPlan(w, SHOP_A, p.id, { colors: [COLORS[2], COLORS[1]] });
    await publishPlan(w.deps, SHOP_A, { ...plan, inputsKey: job.dedupKey }, { source: "job", jobId: job.id });
    const jobsBefore = await w.t.db.job.count({ where: { shop: SHOP_A } });

    // Shopify answers our media and metafield writes with products/update: nothing starts
    for (const id of ["w2", "w3", "w4"]) {
      const echo = await handleProductWebhook(w.t.db, { shop: SHOP_A, webhookId: id }, { ...payload, updated_at: new Date().toISOString() });
      expect(echo.outcome).toBe("own-write");
    }
    expect(await w.t.db.job.count({ where: { shop: SHOP_A } })).toBe(jobsBefore);

    // the merchant adds a colour: a real change, a new job
    const changed = await handleProductWebhook(w.t.db, { shop: SHOP_A, webhookId: "w5" }, { ...payload, options: [{ name: "Color", values: ["Black", "Beige", "Navy"] }] });
    expect(changed.outcome).toBe("job");
    expect(await w.t.db.job.count({ where: { shop: SHOP_A } })).toBe(jobsBefore + 1);
  });
});
