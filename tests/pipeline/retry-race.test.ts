/** retryJob under concurrency: the loser changes nothing (step reset and job update commit together or not at all). */
import { afterEach, beforeEach, expect, it } from "vitest";
import type { Db } from "../../app/db/client.server";
import { JobStateError } from "../../app/pipeline/errors";
import { createJob, getJob, retryJob } from "../../app/pipeline/jobs";
import { fixture, SHOP, type Fixture } from "./helpers";

let f: Fixture;
beforeEach(async () => (f = await fixture()));
afterEach(() => f.close());

/** a failed two-step job: a succeeded, b failed */
async function failedJob() {
  const j = await createJob(f.t.db, { shop: SHOP, type: "t", steps: [{ name: "a", capability: "t.a" }, { name: "b", capability: "t.b", dependsOn: ["a"] }] }, { queue: f.queue });
  await f.t.db.job.update({ where: { id: j.id }, data: { status: "failed", error: "step b failed", finishedAt: new Date() } });
  await f.t.db.jobStep.updateMany({ where: { jobId: j.id, name: "a" }, data: { status: "succeeded", output: JSON.stringify({ assets: {}, data: {} }) } });
  await f.t.db.jobStep.updateMany({ where: { jobId: j.id, name: "b" }, data: { status: "failed", error: "boom" } });
  return j;
}

it("a retry that loses the race leaves the winner's steps alone", async () => {
  const j = await failedJob();
  // between retryJob's read and its write, another retry wins and a worker starts step b
  let raced = false;
  const db = new Proxy(f.t.db, {
    get(target, prop, recv) {
      if (prop === "$transaction" && !raced) {
        raced = true;
        return async (...args: unknown[]) => {
          await target.job.update({ where: { id: j.id }, data: { status: "running", lockedBy: "worker-x", error: null, finishedAt: null } });
          await target.jobStep.updateMany({ where: { jobId: j.id, name: "b" }, data: { status: "running", error: null, provider: "winner", attempts: 2 } });
          return (target.$transaction as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      return Reflect.get(target, prop, recv);
    },
  }) as Db;
  await expect(retryJob(db, SHOP, j.id, { queue: f.queue })).rejects.toBeInstanceOf(JobStateError);
  expect(raced).toBe(true);
  const b = (await getJob(f.t.db, SHOP, j.id))!.steps.find((s) => s.name === "b")!;
  expect(b.status).toBe("running");
  expect(b.provider).toBe("winner");
  expect(b.attempts).toBe(2);
  const a = (await getJob(f.t.db, SHOP, j.id))!.steps.find((s) => s.name === "a")!;
  expect(a.status).toBe("succeeded");
});

it("two concurrent retries: exactly one re-queues the job, the other gets JobStateError", async () => {
  for (let round = 0; round < 5; round++) {
    const j = await failedJob();
    const res = await Promise.allSettled([retryJob(f.t.db, SHOP, j.id, { queue: f.queue }), retryJob(f.t.db, SHOP, j.id, { queue: f.queue })]);
    const won = res.filter((r) => r.status === "fulfilled");
    const lost = res.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(won.length).toBe(1);
    expect(lost.length).toBe(1);
    expect(lost[0].reason).toBeInstanceOf(JobStateError);
    const v = (await getJob(f.t.db, SHOP, j.id))!;
    expect(v.status).toBe("queued");
    expect(v.steps.map((s) => s.status)).toEqual(["succeeded", "pending"]);
  }
});
