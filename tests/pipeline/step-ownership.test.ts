/** A worker that lost its job (another worker took it over) must not overwrite the new owner's step state. */
import { afterEach, beforeEach, expect, it } from "vitest";
import { createJob } from "../../app/pipeline/jobs";
import { fixture, ok, scripted, sleep, SHOP, type Fixture } from "./helpers";

let f: Fixture;
beforeEach(async () => (f = await fixture()));
afterEach(() => f.close());

it.each(["succeeds", "fails"] as const)("drops the result of a step that %s after the job was taken over", async (outcome) => {
  const reg = f.registry({ maxAttempts: 1 });
  let started = false;
  let finish!: () => void;
  const gate = new Promise<void>((r) => (finish = r));
  reg.register(
    scripted("local", "t.slow", async () => {
      started = true;
      await gate; // ignores its signal, like a provider stuck in native code
      if (outcome === "fails") throw new Error("late failure");
      return ok({ from: "old-owner" });
    }),
  );
  // heartbeats far apart: the old owner does not notice the takeover before its provider returns
  const a = f.worker(reg, { id: "worker-a", heartbeatMs: 60_000, staleAfterMs: 600_000 }).start();
  const j = await createJob(f.t.db, { shop: SHOP, type: "t", steps: [{ name: "s", capability: "t.slow" }] }, { queue: f.queue });
  for (let i = 0; !started; i++) {
    if (i > 1000) throw new Error("step never started");
    await sleep(5);
  }
  // what a takeover by worker-b looks like: the job is b's, its step running again under b
  const bStart = new Date(Date.now() + 1000);
  await f.t.db.job.update({ where: { id: j.id }, data: { lockedBy: "worker-b", heartbeatAt: new Date() } });
  await f.t.db.jobStep.updateMany({ where: { jobId: j.id }, data: { status: "running", startedAt: bStart, attempts: 2, error: null } });
  let ended = false;
  a.on("job:end", () => (ended = true));
  finish();
  for (let i = 0; a.activeJobs.length; i++) {
    if (i > 1000) throw new Error("old owner never let go of the job");
    await sleep(5);
  }
  const step = (await f.t.db.jobStep.findFirst({ where: { jobId: j.id } }))!;
  expect(step.status).toBe("running");
  expect(step.output).toBeNull();
  expect(step.error).toBeNull();
  expect(step.provider).toBeNull();
  expect(step.attempts).toBe(2);
  expect(step.startedAt?.getTime()).toBe(bStart.getTime());
  const row = (await f.t.db.job.findUnique({ where: { id: j.id } }))!;
  expect(row.status).toBe("running");
  expect(row.lockedBy).toBe("worker-b");
  expect(ended).toBe(false);
});
