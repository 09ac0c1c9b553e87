/** Graceful shutdown keeps heartbeating: a long step finishing within graceMs is not taken over by another worker. */
import { afterEach, beforeEach, expect, it } from "vitest";
import { createJob, getJob } from "../../app/pipeline/jobs";
import { fixture, ok, scripted, sleep, SHOP, type Fixture } from "./helpers";

let f: Fixture;
beforeEach(async () => (f = await fixture()));
afterEach(() => f.close());

it("a step that outlives staleAfterMs during stop({graceMs}) runs exactly once", async () => {
  const reg = f.registry();
  let started = false;
  const p = scripted("local", "t.long", async (i, ctx) => {
    started = true;
    await sleep(1500, ctx.signal); // three times staleAfterMs
    return ok({ by: ctx.jobId });
  });
  reg.register(p);
  const opts = { heartbeatMs: 100, staleAfterMs: 500, pollMs: 50 };
  const a = f.worker(reg, { ...opts, id: "worker-a" }).start();
  const j = await createJob(f.t.db, { shop: SHOP, type: "t", steps: [{ name: "s", capability: "t.long" }] }, { queue: f.queue });
  for (let i = 0; !started; i++) {
    if (i > 1000) throw new Error("step never started");
    await sleep(5);
  }
  const b = f.worker(reg, { ...opts, id: "worker-b" }).start();
  await a.stop({ graceMs: 10_000 }); // waits for the step; keeps the job's heartbeat fresh meanwhile
  const end = await b.waitFor(j.id);
  expect(end.status).toBe("succeeded");
  expect(p.calls.length).toBe(1);
  expect(end.attempts).toBe(1);
  const view = (await getJob(f.t.db, SHOP, j.id))!;
  expect(view.steps[0].attempts).toBe(1);
  // the worker's heartbeat row is gone once it stopped
  expect(await f.t.db.workerHeartbeat.count({ where: { id: "worker-a" } })).toBe(0);
});
