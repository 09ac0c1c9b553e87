// A shop's provider settings (admin → Services) reorder and switch off providers for that shop only.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createJob, getJob } from "../../app/pipeline/jobs";
import { applyShopOrder } from "../../app/pipeline/run-step";
import type { Provider, ShopProviderChoice } from "../../app/pipeline/types";
import { fixture, ok, scripted, SHOP, type Fixture } from "./helpers";

const p = (name: string, degraded = false) => ({ name, degraded }) as Provider;

describe("applyShopOrder", () => {
  const registry = [p("local"), p("cgtrader"), p("compositor", true)];
  it("keeps the registry order without settings", () => {
    expect(applyShopOrder(registry, undefined).map((x) => x.name)).toEqual(["local", "cgtrader", "compositor"]);
  });
  it("puts the shop's enabled providers first, drops the ones it switched off, keeps unnamed ones after", () => {
    const choice: ShopProviderChoice = { order: ["cgtrader"], disabled: ["local"] };
    expect(applyShopOrder(registry, choice).map((x) => x.name)).toEqual(["cgtrader", "compositor"]);
  });
  it("ignores names no registered provider has", () => {
    expect(applyShopOrder(registry, { order: ["mockey", "local"], disabled: [] }).map((x) => x.name)).toEqual(["local", "cgtrader", "compositor"]);
  });
});

describe("worker with per-shop provider order", () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await fixture();
  });
  afterAll(() => f.close());

  it("runs the provider the shop chose, and the default one for another shop", async () => {
    const reg = f.registry();
    const a = scripted("a", "t.order", () => ok({ by: "a" }));
    const b = scripted("b", "t.order", () => ok({ by: "b" }));
    reg.register(a);
    reg.register(b);
    const w = f.worker(reg, {
      providerOrder: async (shop) => (shop === SHOP ? { order: ["b"], disabled: ["a"] } : undefined),
    });
    w.start();
    const mine = await createJob(f.t.db, { shop: SHOP, type: "t", steps: [{ name: "s", capability: "t.order" }] }, { queue: f.queue });
    const other = await createJob(f.t.db, { shop: "other.myshopify.com", type: "t", steps: [{ name: "s", capability: "t.order" }] }, { queue: f.queue });
    await w.waitFor(mine.id);
    await w.waitFor(other.id);
    expect((await getJob(f.t.db, SHOP, mine.id))!.steps[0]).toMatchObject({ status: "succeeded", provider: "b" });
    expect((await getJob(f.t.db, "other.myshopify.com", other.id))!.steps[0]).toMatchObject({ status: "succeeded", provider: "a" });
  });
});

describe("shop provider settings are read once per capability per job run", () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await fixture();
  });
  afterAll(() => f.close());

  it("asks the settings once for four steps of one capability", async () => {
    const reg = f.registry();
    reg.register(scripted("a", "t.memo", () => ok()));
    let reads = 0;
    const w = f.worker(reg, {
      providerOrder: async () => {
        reads++;
        return { order: ["a"], disabled: [] };
      },
    });
    w.start();
    const steps = ["s1", "s2", "s3", "s4"].map((name) => ({ name, capability: "t.memo", params: { name } }));
    const job = await createJob(f.t.db, { shop: SHOP, type: "t", steps }, { queue: f.queue });
    await w.waitFor(job.id);
    expect((await getJob(f.t.db, SHOP, job.id))!.status).toBe("succeeded");
    expect(reads).toBe(1);
  });
});
