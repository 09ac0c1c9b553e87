/** Queue hints never block or fail job calls: the job is stored, the DB poll covers a lost hint. One queue choice per process. */
import { afterEach, beforeEach, expect, it } from "vitest";
import { cancelJob, createJob, getJob, retryJob } from "../../app/pipeline/jobs";
import { InProcessQueue } from "../../app/pipeline/queue/in-process";
import { queueFromEnv, queueKind } from "../../app/pipeline/queue/from-env";
import type { JobQueue } from "../../app/pipeline/queue/types";
import { fixture, ok, scripted, sleep, SHOP, type Fixture } from "./helpers";

let f: Fixture;
beforeEach(async () => (f = await fixture()));
afterEach(() => f.close());

/** a queue whose Redis went away: calls never settle */
const hung: JobQueue = {
  enqueue: () => new Promise(() => undefined),
  requestCancel: () => new Promise(() => undefined),
  subscribe: () => () => undefined,
  close: async () => undefined,
};
const broken: JobQueue = {
  enqueue: async () => Promise.reject(new Error("ECONNREFUSED 127.0.0.1:6379")),
  requestCancel: async () => Promise.reject(new Error("ECONNREFUSED 127.0.0.1:6379")),
  subscribe: () => () => undefined,
  close: async () => undefined,
};

/** rejects when `p` has not settled after a generous bound (the hint timeout is 50 ms) */
const settles = <T>(p: Promise<T>, what: string) =>
  Promise.race([p, sleep(3000).then(() => Promise.reject(new Error(`${what} still blocked by the queue`)))]);

const spec = (extra = {}) => ({ shop: SHOP, type: "t", steps: [{ name: "s", capability: "t.hint" }], ...extra });

it("createJob, cancelJob and retryJob return although enqueue/requestCancel never resolve", async () => {
  const j = await settles(createJob(f.t.db, spec(), { queue: hung, hintTimeoutMs: 50 }), "createJob");
  expect(j.created).toBe(true);
  expect((await getJob(f.t.db, SHOP, j.id))!.status).toBe("queued");
  await f.t.db.job.update({ where: { id: j.id }, data: { status: "running", lockedBy: "w" } });
  await settles(cancelJob(f.t.db, SHOP, j.id, { queue: hung, hintTimeoutMs: 50 }), "cancelJob");
  expect((await getJob(f.t.db, SHOP, j.id))!.cancelRequested).toBe(true);
  await f.t.db.job.update({ where: { id: j.id }, data: { status: "failed", lockedBy: null } });
  const r = await settles(retryJob(f.t.db, SHOP, j.id, { queue: hung, hintTimeoutMs: 50 }), "retryJob");
  expect(r.status).toBe("queued");
});

it("a queue that fails does not fail createJob; a worker polling the database still runs the job", async () => {
  const j = await createJob(f.t.db, spec(), { queue: broken });
  expect(j.created).toBe(true);
  const reg = f.registry();
  reg.register(scripted("local", "t.hint", () => ok({ ran: 1 })));
  const w = f.worker(reg, { queue: new InProcessQueue() }).start(); // hears no hint: finds the job by polling
  expect((await w.waitFor(j.id)).status).toBe("succeeded");
});

it("routes and the runtime share one queue choice from MOCKUP_QUEUE", async () => {
  expect(queueKind({})).toBe("in-process");
  expect(queueKind({ MOCKUP_QUEUE: "bullmq" })).toBe("bullmq");
  expect(() => queueKind({ MOCKUP_QUEUE: "kafka" })).toThrow(/MOCKUP_QUEUE must be/);
  const { BullmqJobQueue } = await import("../../app/pipeline/queue/bullmq");
  const before = globalThis.__mockupQueue;
  try {
    const q = await queueFromEnv({ MOCKUP_QUEUE: "bullmq" });
    expect(q).toBeInstanceOf(BullmqJobQueue);
    expect(await queueFromEnv({ MOCKUP_QUEUE: "bullmq" })).toBe(q); // one per process
    const { routeQueue } = await import("../../app/shopify/deps.server");
    const prev = process.env.MOCKUP_QUEUE;
    process.env.MOCKUP_QUEUE = "bullmq";
    try {
      expect(await routeQueue()).toBe(q);
    } finally {
      if (prev === undefined) delete process.env.MOCKUP_QUEUE;
      else process.env.MOCKUP_QUEUE = prev;
    }
    await q.close();
  } finally {
    globalThis.__mockupQueue = before;
  }
});
