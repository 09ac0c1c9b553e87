/**
 * Throttle-aware and limit-aware publishing: a small bucket is waited for (THROTTLED answers happen and are
 * waited out, the publish succeeds); the shop's 3D media limit publishes the images, serves the GLB from our URL
 * through the metafield and tells the merchant once; an uninstall in the middle stops at once, no retries.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseStorefrontMetafield } from "../../app/contracts/storefront-metafield";
import { AdminClient, abortableSleep, fetchTransport, type GraphqlTransport } from "../../app/publish/admin-client";
import { ShopGoneError } from "../../app/publish/errors";
import { publishPlan } from "../../app/publish/publish";
import { COLORS, SHOP_A, mediaOf, productPlan, world, type World } from "./harness";

let w: World;
beforeAll(async () => {
  w = await world();
});
afterAll(async () => w?.close());
const d = () => w.doubles[SHOP_A];

describe("throttling", () => {
  // a bucket one publish (~160 points) overruns, refilling slowly enough that it must be waited for
  let tw: World;
  beforeAll(async () => {
    tw = await world({ bucketSize: 80, restoreRate: 10 });
  });
  afterAll(async () => tw?.close());

  it("waits for the bucket instead of failing: THROTTLED answers are waited out and the publish succeeds", async () => {
    const td = tw.doubles[SHOP_A];
    const p = td.store.addProduct({ title: "Throttled Tee", colors: COLORS.map((c) => c.name) });
    const plan = await productPlan(tw, SHOP_A, p.id, { views: ["front", "back"] });
    const started = Date.now();
    const r = await publishPlan(tw.deps, SHOP_A, plan, { source: "job", jobId: null });
    expect(r.status).toBe("published");
    expect(mediaOf(td, p.id)).toHaveLength(7);
    const client = tw.clients.get(SHOP_A)!;
    // the client learned costs and waited ahead; anything THROTTLED was retried after exactly the wait it needed
    expect(client.stats.waitedMs).toBeGreaterThan(0);
    const throttled = td.requests.filter((q) => JSON.stringify(q.errors ?? []).includes("THROTTLED"));
    expect(throttled.length).toBe(client.stats.throttled);
    // the points spent beyond the bucket had to be waited for: the publish took at least (spent - 80) / 10 seconds
    expect(Date.now() - started).toBeGreaterThanOrEqual(((client.stats.pointsRequested - 80) / 10) * 1000 * 0.95);
    expect(td.requests.filter((q) => q.status === 200 && !q.errors).length).toBeGreaterThan(8);
  });

  it("an injected THROTTLED with an empty bucket: waits requested/restoreRate, then answers", async () => {
    const sleeps: number[] = [];
    const client = new AdminClient(SHOP_A, fetchTransport(d().graphqlUrl, `shpat_${SHOP_A}`), {
      sleep: async (ms, signal) => {
        sleeps.push(ms);
        await abortableSleep(ms, signal);
      },
    });
    d().inject({ type: "throttled" });
    const data = await client.request<{ shop: { name: string } }>(`#graphql
      query ThrottleProbe { shop { name } }`);
    expect(data.shop.name).toBe("Mockup Test Shop");
    expect(client.stats.throttled).toBe(1);
    // requested cost 1 at 100/s from 0 available: 10 ms, not a guessed second
    expect(sleeps).toEqual([10]);
  });
});

describe("the shop's 3D media limit", () => {
  it("images publish, the GLB comes from our asset URL through the metafield, and the merchant is told once", async () => {
    d().store.limits.hostedModels = d().store.hostedModelCount(); // the plan is full
    const p1 = d().store.addProduct({ title: "Limit Tee", colors: ["Black", "Beige"] });
    const plan1 = await productPlan(w, SHOP_A, p1.id, { colors: COLORS.slice(1) });
    const r1 = await publishPlan(w.deps, SHOP_A, plan1, { source: "job", jobId: null });
    expect(r1.model.source).toBe("app");
    expect(mediaOf(d(), p1.id).map((m) => m.__typename)).toEqual(["MediaImage", "MediaImage"]);
    const mf = parseStorefrontMetafield([...d().store.metafields.values()].find((m) => m.ownerId === p1.id)!.value);
    expect(mf.ok && mf.value.model).toMatchObject({ source: "app" });
    expect(mf.ok && mf.value.model!.url).toMatch(/^https:\/\/mockup\.test\/media\/merino-a\.myshopify\.com\/[0-9a-f]{64}\/limit-tee\.glb\?sig=[A-Za-z0-9_-]{32}$/);
    expect(r1.notices.join()).toMatch(/Product "Limit Tee": the shop reached its plan's limit/);

    const p2 = d().store.addProduct({ title: "Limit Hoodie", colors: ["Black"] });
    const staged = d().requests.length;
    const r2 = await publishPlan(w.deps, SHOP_A, await productPlan(w, SHOP_A, p2.id, { colors: [COLORS[2]] }), { source: "job", jobId: null });
    expect(r2.model.source).toBe("app");
    // no second attempt at a 3D upload while the limit holds, and no second notice
    const stagedInputs = d().requests.slice(staged).filter((q) => q.query.includes("PublishStagedUploads")).flatMap((q) => q.variables.input as { resource: string }[]);
    expect(stagedInputs.map((i) => i.resource)).toEqual(["IMAGE"]);
    const told = await w.t.db.notification.findMany({ where: { shop: SHOP_A, message: { contains: "limit of hosted 3D models" } } });
    expect(told).toHaveLength(1);
    d().store.limits.hostedModels = 250;
  });
});

describe("uninstall in the middle of a publish", () => {
  it("stops at the first refused call: ShopGoneError, no retries, nothing more sent", async () => {
    const p = d().store.addProduct({ title: "Uninstalled Tee", colors: ["Black"] });
    const plan = await productPlan(w, SHOP_A, p.id, { colors: [COLORS[2]] });
    const real = fetchTransport(d().graphqlUrl, `shpat_${SHOP_A}`);
    let calls = 0;
    let afterGone = 0;
    let gone = false;
    const transport: GraphqlTransport = async (req, signal) => {
      calls++;
      if (gone) {
        afterGone++;
        return { status: 401, headers: new Headers(), body: { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" } };
      }
      const res = await real(req, signal);
      // the merchant uninstalls while the media are being created
      if (req.query.includes("PublishProductMedia")) gone = true;
      return res;
    };
    const client = new AdminClient(SHOP_A, transport);
    const started = Date.now();
    await expect(publishPlan({ ...w.deps, admin: async () => client }, SHOP_A, plan, { source: "job", jobId: null })).rejects.toBeInstanceOf(ShopGoneError);
    expect(afterGone).toBe(1);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(calls).toBeGreaterThan(3);
  });

  it("a shop marked uninstalled is not called at all", async () => {
    await w.t.db.shop.update({ where: { domain: SHOP_A }, data: { uninstalledAt: new Date() } });
    const before = d().requests.length;
    const p = d().store.addProduct({ title: "Gone Tee", colors: ["Black"] });
    await expect(publishPlan(w.deps, SHOP_A, await productPlan(w, SHOP_A, p.id, { colors: [COLORS[2]] }), { source: "job", jobId: null })).rejects.toThrow(/uninstalled/);
    expect(d().requests.length).toBe(before);
    await w.t.db.shop.update({ where: { domain: SHOP_A }, data: { uninstalledAt: null } });
  });
});
