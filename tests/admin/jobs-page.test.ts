/** The Jobs page's core: the shop's jobs only, newest first, a page at a time, filtered; bad query values read as defaults. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULTS, loadJobsPage } from "../../app/shopify/jobs-page.server";
import { createTestDb, type TestDb } from "../helpers/db";

const SHOP = "jobs-page.myshopify.com";
const OTHER = "jobs-page-other.myshopify.com";
let t: TestDb;

beforeAll(async () => {
  t = await createTestDb();
  const base = Date.UTC(2026, 0, 1);
  // 30 jobs of the shop a second apart (every third failed), one of another shop in the middle
  for (let i = 0; i < 30; i++) {
    await t.db.job.create({ data: { shop: SHOP, type: "product", status: i % 3 === 0 ? "failed" : "succeeded", createdAt: new Date(base + i * 1000), input: JSON.stringify({ productId: `gid://shopify/Product/${i}` }) } });
  }
  await t.db.job.create({ data: { shop: OTHER, type: "product", status: "failed", createdAt: new Date(base + 15_500), input: JSON.stringify({ productId: "gid://shopify/Product/999" }) } });
});
afterAll(async () => t?.drop());

const q = (s: string) => new URLSearchParams(s);

describe("jobs page", () => {
  it("lists the shop's jobs newest first, a page at a time, without another shop's", async () => {
    const first = await loadJobsPage(t.db, undefined, SHOP, q(""));
    expect(first.filter).toBe("all");
    expect(first.jobs).toHaveLength(DEFAULTS.pageSize);
    expect(first.jobs[0].productId).toBe("gid://shopify/Product/29");
    expect(first.older).not.toBeNull();
    const second = await loadJobsPage(t.db, undefined, SHOP, q(`before=${encodeURIComponent(first.older!)}`));
    expect(second.jobs.map((j) => j.productId)).toEqual([4, 3, 2, 1, 0].map((i) => `gid://shopify/Product/${i}`));
    expect(second.older).toBeNull();
    const all = [...first.jobs, ...second.jobs];
    expect(all.some((j) => j.productId === "gid://shopify/Product/999")).toBe(false);
  });

  it("filters by status; unknown filters and unreadable cursors read as the defaults", async () => {
    const failed = await loadJobsPage(t.db, undefined, SHOP, q("filter=failed"));
    expect(failed.jobs).toHaveLength(10);
    expect(failed.jobs.every((j) => j.status === "failed")).toBe(true);
    expect((await loadJobsPage(t.db, undefined, SHOP, q("filter=active"))).jobs).toEqual([]);
    const odd = await loadJobsPage(t.db, undefined, SHOP, q("filter=drop-table&before=yesterday"));
    expect(odd.filter).toBe("all");
    expect(odd.jobs[0].productId).toBe("gid://shopify/Product/29");
  });
});
