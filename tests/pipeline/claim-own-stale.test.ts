/**
 * A worker never takes over its own job: under load its heartbeat can fall behind the stale limit while it is
 * alive and running the step, and a second claim by the same worker ran that step twice beside itself (seen as
 * "s1" twice in crash-resume on Postgres at load 20). Another worker still takes a job whose owner went silent.
 */
import { afterEach, beforeEach, expect, it } from "vitest";
import { claimJobs } from "../../app/pipeline/claim";
import { createJob } from "../../app/pipeline/jobs";
import { Sql } from "../../app/pipeline/sql";
import { fixture, ok, scripted, sleep, SHOP, type Fixture } from "./helpers";

let f: Fixture;
beforeEach(async () => (f = await fixture()));
afterEach(() => f.close());

it("a running job whose heartbeat is stale is not claimed again by the worker that holds it, but is by another", async () => {
  const j = await createJob(f.t.db, { shop: SHOP, type: "t", steps: [{ name: "s", capability: "t.x" }] }, { queue: f.queue });
  const sql = new Sql(f.t.db);
  const [won] = await claimJobs(sql, "worker-a", 1, 1000);
  expect(won.id).toBe(j.id);
  // worker-a's heartbeat is an hour late
  await f.t.db.job.update({ where: { id: j.id }, data: { heartbeatAt: new Date(Date.now() - 3_600_000) } });
  expect(await claimJobs(sql, "worker-a", 2, 1000)).toEqual([]);
  const before = await f.t.db.job.findUniqueOrThrow({ where: { id: j.id } });
  expect(before.lockedBy).toBe("worker-a");
  const [taken] = await claimJobs(sql, "worker-b", 1, 1000);
  expect(taken).toMatchObject({ id: j.id, reclaimed: true });
  expect((await f.t.db.job.findUniqueOrThrow({ where: { id: j.id } })).lockVersion).toBe(before.lockVersion + 1);
});

it("a worker whose own heartbeat falls behind keeps running its step once", async () => {
  const reg = f.registry({ maxAttempts: 1 });
  let runs = 0;
  let finish!: () => void;
  const gate = new Promise<void>((r) => (finish = r));
  reg.register(
    scripted("local", "t.slow", async () => {
      runs++;
      await gate;
      return ok();
    }),
  );
  // two slots, quick polls, and heartbeats so rare that the job's heartbeat goes stale while it runs
  const w = f.worker(reg, { id: "worker-a", maxJobs: 2, pollMs: 20, heartbeatMs: 60_000, staleAfterMs: 150_000 }).start();
  const j = await createJob(f.t.db, { shop: SHOP, type: "t", steps: [{ name: "s", capability: "t.slow" }] }, { queue: f.queue });
  for (let i = 0; runs === 0; i++) {
    if (i > 1000) throw new Error("step never started");
    await sleep(5);
  }
  await f.t.db.job.update({ where: { id: j.id }, data: { heartbeatAt: new Date(Date.now() - 3_600_000) } });
  await sleep(200); // ten polls with a free slot and a "stale" job
  expect(runs).toBe(1);
  expect(w.activeJobs).toEqual([j.id]);
  finish();
  expect((await w.waitFor(j.id)).status).toBe("succeeded");
  expect(runs).toBe(1);
});
