/** Job API: validation (nothing written on error), dedup, shop scoping, list, retry. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { JobNotFoundError, JobSpecError, JobStateError } from "../../app/pipeline/errors";
import { cancelJob, createJob, getJob, listJobs, retryJob } from "../../app/pipeline/jobs";
import { productJobSpec } from "../../app/pipeline/pipelines/product";
import type { JobSpec } from "../../app/pipeline/types";
import { fixture, ok, scripted, SHOP, type Fixture } from "./helpers";

let f: Fixture;
beforeEach(async () => (f = await fixture()));
afterEach(() => f.close());

const create = (spec: unknown) => createJob(f.t.db, spec as JobSpec, { queue: f.queue });
const counts = async () => [await f.t.db.job.count(), await f.t.db.jobStep.count()];

describe("createJob validation", () => {
  const bad: [string, unknown, RegExp][] = [
    ["cycle", { shop: SHOP, type: "t", steps: [{ name: "a", capability: "x.y", dependsOn: ["c"] }, { name: "b", capability: "x.y", dependsOn: ["a"] }, { name: "c", capability: "x.y", dependsOn: ["b"] }] }, /dependency cycle "(a|b|c)" → .* → "\1"/],
    ["self dependency", { shop: SHOP, type: "t", steps: [{ name: "a", capability: "x.y", dependsOn: ["a"] }] }, /depends on itself/],
    ["unknown dependency", { shop: SHOP, type: "t", steps: [{ name: "a", capability: "x.y", dependsOn: ["ghost"] }] }, /unknown step "ghost"/],
    ["duplicate names", { shop: SHOP, type: "t", steps: [{ name: "a", capability: "x.y" }, { name: "a", capability: "x.z" }] }, /duplicate step name "a"/],
    ["bad shop", { shop: "https://evil.example/../x", type: "t", steps: [{ name: "a", capability: "x.y" }] }, /shop: shop must be a host name/],
    ["empty shop", { shop: "", type: "t", steps: [{ name: "a", capability: "x.y" }] }, /shop/],
    ["no steps", { shop: SHOP, type: "t", steps: [] }, /at least one step/],
    ["bad capability", { shop: SHOP, type: "t", steps: [{ name: "a", capability: "DROP TABLE" }] }, /capability must look like/],
    ["unknown field", { shop: SHOP, type: "t", steps: [{ name: "a", capability: "x.y", retries: 9 }] }, /steps\.0/],
    ["bad priority", { shop: SHOP, type: "t", priority: "urgent", steps: [{ name: "a", capability: "x.y" }] }, /priority/],
    ["non-json params", { shop: SHOP, type: "t", steps: [{ name: "a", capability: "x.y", params: { f: () => 1 } }] }, /params/],
    ["not an object", "steps: []", /spec/],
  ];
  for (const [what, spec, msg] of bad) {
    it(`refuses ${what} with a clear error and writes nothing`, async () => {
      const err = await create(spec).catch((e) => e);
      expect(err).toBeInstanceOf(JobSpecError);
      expect(err.message).toMatch(msg);
      expect(await counts()).toEqual([0, 0]);
    });
  }

  it("accepts a capability without a registered provider (another worker may serve it)", async () => {
    const j = await create({ shop: SHOP, type: "t", steps: [{ name: "a", capability: "future.thing" }] });
    expect(j.status).toBe("queued");
  });

  it("stores the product pipeline spec with steps in dependency order", async () => {
    const spec = productJobSpec({ shop: SHOP, productId: "p1", model: "tee", colors: [{ name: "Black", hex: "#000000" }], views: ["front", "back"], designs: [{ key: "a".repeat(64), placement: { area: "back" } }] });
    const j = await create(spec);
    expect(j.created).toBe(true);
    expect(j.priority).toBe(10);
    const names = j.steps.map((s) => s.name);
    for (const s of j.steps) for (const d of s.dependsOn) expect(names.indexOf(d)).toBeLessThan(names.indexOf(s.name));
    expect(names).toContain("mockup:back:0:Black");
    const again = (await getJob(f.t.db, SHOP, j.id))!;
    expect(again.steps.map((s) => s.name).sort()).toEqual([...names].sort());
    expect(again.steps.find((s) => s.name === "model")!.staleKey).toBe("model/tee");
  });
});

describe("dedup and scoping", () => {
  const spec = (dedupKey?: string, shop = SHOP) => ({ shop, type: "t", dedupKey, steps: [{ name: "a", capability: "x.y" }] });

  it("returns the existing job for a repeated (shop, dedupKey), also under concurrency", async () => {
    const first = await create(spec("product-1@2026-01-01"));
    const again = await create(spec("product-1@2026-01-01"));
    expect(again.created).toBe(false);
    expect(again.id).toBe(first.id);
    const many = await Promise.all(Array.from({ length: 6 }, () => create(spec("product-2"))));
    expect(new Set(many.map((m) => m.id)).size).toBe(1);
    expect(many.filter((m) => m.created)).toHaveLength(1);
    // another shop with the same key is a different job
    const other = await create(spec("product-1@2026-01-01", "other.myshopify.com"));
    expect(other.created).toBe(true);
    expect(await f.t.db.job.count()).toBe(3);
  });

  it("never shows a job to another shop", async () => {
    const j = await create(spec());
    expect(await getJob(f.t.db, "other.myshopify.com", j.id)).toBeNull();
    await expect(cancelJob(f.t.db, "other.myshopify.com", j.id, { queue: f.queue })).rejects.toBeInstanceOf(JobNotFoundError);
    expect(await listJobs(f.t.db, "other.myshopify.com")).toEqual([]);
  });

  it("lists newest first with status filter and limit", async () => {
    const ids = [];
    for (let i = 0; i < 4; i++) ids.push((await create(spec())).id);
    await cancelJob(f.t.db, SHOP, ids[1], { queue: f.queue });
    const all = await listJobs(f.t.db, SHOP);
    expect(all.map((j) => j.id)).toEqual([...ids].reverse());
    expect((await listJobs(f.t.db, SHOP, { status: "cancelled" })).map((j) => j.id)).toEqual([ids[1]]);
    expect(await listJobs(f.t.db, SHOP, { limit: 2 })).toHaveLength(2);
    await expect(listJobs(f.t.db, "not a shop")).rejects.toBeInstanceOf(JobSpecError);
  });
});

describe("retryJob", () => {
  it("re-queues a failed job and keeps its succeeded steps", async () => {
    const reg = f.registry({ maxAttempts: 1 });
    let fixed = false;
    const a = scripted("local", "t.a", () => ok({ a: 1 }));
    const b = scripted("local", "t.b", () => {
      if (!fixed) throw new Error("not yet");
      return ok({ b: 1 });
    });
    reg.register(a).register(b);
    const w = f.worker(reg).start();
    const j = await create({ shop: SHOP, type: "t", steps: [{ name: "a", capability: "t.a" }, { name: "b", capability: "t.b", dependsOn: ["a"] }] });
    expect((await w.waitFor(j.id)).status).toBe("failed");
    await expect(retryJob(f.t.db, SHOP, "nope", { queue: f.queue })).rejects.toBeInstanceOf(JobNotFoundError);
    fixed = true;
    const r = await retryJob(f.t.db, SHOP, j.id, { queue: f.queue });
    expect(r.status).toBe("queued");
    expect(r.steps.map((s) => s.status)).toEqual(["succeeded", "pending"]);
    const end = await w.waitFor(j.id);
    expect(end.status).toBe("succeeded");
    expect(a.calls.length).toBe(1);
    expect(b.calls.length).toBe(2);
    await expect(retryJob(f.t.db, SHOP, j.id, { queue: f.queue })).rejects.toBeInstanceOf(JobStateError);
  });
});
