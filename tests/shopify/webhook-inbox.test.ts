/**
 * The webhook inbox (decision 153): recording is one insert that deduplicates by webhook id; draining hands each
 * delivery to exactly one handler run even with two workers draining at once; a handler that throws is retried
 * after the lease and closed as "failed" after the last attempt; a worker drains on start and on wakeInbox().
 * Runs on SQLite and on Postgres (the statements are raw SQL both accept).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { drainInbox, recordDelivery, type InboxHandler } from "../../app/shopify/webhook-inbox.server";
import { createTestDb, type TestDb } from "../helpers/db";
import { fixture, type Fixture } from "../pipeline/helpers";

const SHOP = "inbox-shop.myshopify.com";
let t: TestDb;

beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t?.drop());
beforeEach(async () => {
  await t.db.webhookDelivery.deleteMany();
});

const meta = (i: number) => ({ webhookId: `wh-${i}`, shop: SHOP, topic: "products/update" });

describe("recordDelivery", () => {
  it("writes the delivery with its payload once; the same webhook id again is a duplicate and changes nothing", async () => {
    expect(await recordDelivery(t.db, meta(1), { id: 1, title: "Tee" })).toBe("queued");
    expect(await recordDelivery(t.db, meta(1), { id: 1, title: "Changed" })).toBe("duplicate");
    const rows = await t.db.webhookDelivery.findMany();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ shop: SHOP, topic: "products/update", processedAt: null, attempts: 0 });
    expect(JSON.parse(rows[0].payload!)).toEqual({ id: 1, title: "Tee" });
  });
});

describe("drainInbox", () => {
  it("two workers draining at once handle every delivery exactly once, oldest first", async () => {
    for (let i = 0; i < 30; i++) await recordDelivery(t.db, meta(i), { i });
    const seen: string[] = [];
    const handler: InboxHandler = async (m, payload) => {
      seen.push(m.webhookId);
      await new Promise((r) => setTimeout(r, 1));
      return { outcome: "job", jobId: `job-${(payload as { i: number }).i}` };
    };
    const handlers = { "products/update": handler };
    const [a, b] = await Promise.all([drainInbox(t.db, handlers, { batch: 100 }), drainInbox(t.db, handlers, { batch: 100 })]);
    expect(a + b).toBe(30);
    expect(seen.slice().sort()).toEqual(Array.from({ length: 30 }, (_, i) => `wh-${i}`).sort());
    expect(new Set(seen).size).toBe(30);
    const rows = await t.db.webhookDelivery.findMany();
    expect(rows.every((r) => r.processedAt && r.outcome === "job" && r.jobId === `job-${r.webhookId.slice(3)}`)).toBe(true);
    // nothing left: a further drain does nothing
    expect(await drainInbox(t.db, handlers)).toBe(0);
  });

  it("stops at the batch size and leaves the rest for the next call", async () => {
    for (let i = 0; i < 5; i++) await recordDelivery(t.db, meta(i), { i });
    const handlers = { "products/update": (async () => ({ outcome: "no-model" })) as InboxHandler };
    expect(await drainInbox(t.db, handlers, { batch: 2 })).toBe(2);
    expect(await t.db.webhookDelivery.count({ where: { processedAt: null } })).toBe(3);
    expect(await drainInbox(t.db, handlers, { batch: 10 })).toBe(3);
  });

  it("a handler that throws: the delivery waits for its lease, is tried again, and is closed as failed after the last attempt", async () => {
    await recordDelivery(t.db, meta(1), { i: 1 });
    let calls = 0;
    const handlers = {
      "products/update": (async () => {
        calls++;
        throw new Error("database went away");
      }) as InboxHandler,
    };
    // within the lease nobody takes it again
    await drainInbox(t.db, handlers, { leaseMs: 60_000, maxAttempts: 3 });
    await drainInbox(t.db, handlers, { leaseMs: 60_000, maxAttempts: 3 });
    expect(calls).toBe(1);
    expect(await t.db.webhookDelivery.findUniqueOrThrow({ where: { webhookId: "wh-1" } })).toMatchObject({ processedAt: null, attempts: 1 });
    // once the lease has passed it is taken again, and closed after the third attempt
    for (let i = 0; i < 4; i++) {
      await new Promise((r) => setTimeout(r, 5));
      await drainInbox(t.db, handlers, { leaseMs: 1, maxAttempts: 3 });
    }
    expect(calls).toBe(3);
    const row = await t.db.webhookDelivery.findUniqueOrThrow({ where: { webhookId: "wh-1" } });
    expect(row.outcome).toBe("failed");
    expect(row.processedAt).toBeInstanceOf(Date);
  });

  it("a topic without a handler is closed as no-handler, not retried for ever", async () => {
    await recordDelivery(t.db, { ...meta(1), topic: "collections/update" }, {});
    expect(await drainInbox(t.db, {})).toBe(1);
    expect((await t.db.webhookDelivery.findUniqueOrThrow({ where: { webhookId: "wh-1" } })).outcome).toBe("no-handler");
  });

  it("deliveries recorded without a payload (the other topics, handled inline) are never taken", async () => {
    await t.db.webhookDelivery.create({ data: { webhookId: "inline-1", shop: SHOP, topic: "app/uninstalled" } });
    expect(await drainInbox(t.db, { "app/uninstalled": (async () => ({ outcome: "x" })) as InboxHandler })).toBe(0);
  });
});

describe("Worker inbox", () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await fixture();
  });
  afterAll(async () => f?.close());

  it("drains on start and again on wakeInbox(), never two drains at once", async () => {
    let drains = 0;
    let inFlight = 0;
    let maxInFlight = 0;
    const w = f.worker(f.registry(), {
      pollMs: 60_000, // only start() and wakeInbox() drain in this test
      heartbeatMs: 1000,
      staleAfterMs: 5000,
      inbox: {
        batch: 10,
        async drain() {
          drains++;
          maxInFlight = Math.max(maxInFlight, ++inFlight);
          await new Promise((r) => setTimeout(r, 20));
          inFlight--;
          return 0;
        },
      },
    });
    w.start();
    await expect.poll(() => drains).toBe(1);
    for (let i = 0; i < 5; i++) w.wakeInbox();
    await expect.poll(() => drains).toBeGreaterThanOrEqual(2);
    await new Promise((r) => setTimeout(r, 100));
    // five wakes during one drain coalesce into one more drain
    expect(drains).toBe(2);
    expect(maxInFlight).toBe(1);
    await w.stop();
  });
});
