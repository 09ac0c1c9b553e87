import { afterAll, beforeAll, expect, it } from "vitest";
import { createJob, getJob } from "../../app/pipeline/jobs";
import { fixture, ok, scripted, SHOP, type Fixture } from "./helpers";

let f: Fixture;
beforeAll(async () => (f = await fixture()));
afterAll(() => f.close());

it("runs a chain", async () => {
  const reg = f.registry();
  const order: string[] = [];
  reg.register(scripted("local", "noop", (input, ctx) => (order.push(ctx.stepName), ok({ n: ctx.stepName }))));
  const w = f.worker(reg).start();
  const job = await createJob(f.t.db, { shop: SHOP, type: "test", steps: [{ name: "c", capability: "noop", dependsOn: ["b"] }, { name: "a", capability: "noop" }, { name: "b", capability: "noop", dependsOn: ["a"] }] }, { queue: f.queue });
  const end = await w.waitFor(job.id);
  expect(end.status).toBe("succeeded");
  expect(order).toEqual(["a", "b", "c"]);
  const full = await getJob(f.t.db, SHOP, job.id);
  expect(full!.steps.map((s) => s.status)).toEqual(["succeeded", "succeeded", "succeeded"]);
  expect(full!.progress).toBe(100);
});
