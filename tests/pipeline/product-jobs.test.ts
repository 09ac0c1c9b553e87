/** productJobWhere: the product jobs of one product, never a product whose id merely starts the same. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createJob } from "../../app/pipeline/jobs";
import { productJobWhere } from "../../app/pipeline/pipelines/product-jobs";
import { createTestDb, type TestDb } from "../helpers/db";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t.drop());

const P1 = "gid://shopify/Product/1";
const P12 = "gid://shopify/Product/12";

async function job(shop: string, type: string, input: Record<string, unknown>) {
  return createJob(t.db, { shop, type, input, steps: [{ name: "a", capability: "noop", params: {} }] } as never);
}

describe("productJobWhere", () => {
  it("matches a product's product jobs only: not /Product/12 for /Product/1, not another shop, not a publish job", async () => {
    const a = await job("a.myshopify.com", "product", { productId: P1, model: "tshirt" });
    await job("a.myshopify.com", "product", { productId: P12, model: "tshirt" });
    await job("b.myshopify.com", "product", { productId: P1, model: "tshirt" });
    await job("a.myshopify.com", "publish", { productIds: [P1], productId: P1 });
    const one = await t.db.job.findMany({ where: productJobWhere("a.myshopify.com", P1), select: { id: true } });
    expect(one.map((r) => r.id)).toEqual([a.id]);
    const both = await t.db.job.findMany({ where: productJobWhere("a.myshopify.com", [P1, P12]), select: { input: true } });
    expect(both.map((r) => JSON.parse(r.input).productId).sort()).toEqual([P1, P12]);
    expect(await t.db.job.count({ where: productJobWhere("a.myshopify.com", "gid://shopify/Product/2") })).toBe(0);
  });
});
