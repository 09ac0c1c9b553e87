/**
 * The BullMQ adapter of the queue port against the local Redis: a hint wakes an idle worker whose DB poll is
 * a minute away, and a cancel published from another queue instance aborts a running step.
 */
import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, expect, it } from "vitest";
import { cancelJob, createJob } from "../../app/pipeline/jobs";
import { BullmqJobQueue } from "../../app/pipeline/queue/bullmq";
import { fixture, ok, scripted, sleep, SHOP, type Fixture } from "./helpers";

let f: Fixture;
let producer: BullmqJobQueue;
let consumer: BullmqJobQueue;
beforeEach(async () => {
  f = await fixture();
  const name = `mockup-test-${randomUUID().slice(0, 8)}`;
  producer = new BullmqJobQueue({ name });
  consumer = new BullmqJobQueue({ name });
});
afterEach(async () => {
  await f.close();
  await producer.close();
  await consumer.close();
});

it("wakes an idle worker through Redis and delivers cancel requests to it", async () => {
  const reg = f.registry();
  let started = false;
  reg.register(scripted("local", "t.bull", () => ok({ done: 1 })));
  reg.register(
    scripted("slow", "t.bull-slow", async (i, ctx) => {
      started = true;
      await sleep(60_000, ctx.signal);
      return ok();
    }),
  );
  // polls and heartbeats a minute apart: only the queue can make this worker react within the test
  const w = f.worker(reg, { queue: consumer, pollMs: 60_000, heartbeatMs: 60_000, staleAfterMs: 600_000 }).start();
  await consumer.ready();
  await sleep(100); // the worker's start-up claim has found nothing

  const j = await createJob(f.t.db, { shop: SHOP, type: "t", steps: [{ name: "a", capability: "t.bull" }] }, { queue: producer });
  expect((await w.waitFor(j.id)).status).toBe("succeeded");

  const slow = await createJob(f.t.db, { shop: SHOP, type: "t", steps: [{ name: "a", capability: "t.bull-slow" }] }, { queue: producer });
  for (let i = 0; !started; i++) {
    if (i > 1000) throw new Error("slow step never started");
    await sleep(10);
  }
  await cancelJob(f.t.db, SHOP, slow.id, { queue: producer });
  expect((await w.waitFor(slow.id)).status).toBe("cancelled");
});
