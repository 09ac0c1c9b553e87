/** Deterministic bad-input errors (nonRetryable, ZodError) fail one attempt and never open a provider's breaker. */
import { afterEach, beforeEach, expect, it } from "vitest";
import { z } from "zod";
import { createJob, getJob } from "../../app/pipeline/jobs";
import { fixture, ok, scripted, type Fixture } from "./helpers";

let f: Fixture;
beforeEach(async () => (f = await fixture()));
afterEach(() => f.close());

const HOSTILE = "hostile-shop.myshopify.com";
const GOOD = "good-shop.myshopify.com";

it("10 non-retryable failures from one shop leave the breaker closed; another shop's call succeeds", async () => {
  const reg = f.registry({ maxAttempts: 3, breakerThreshold: 3 });
  const p = scripted("local", "t.parse", (input, ctx) => {
    if (ctx.shop === HOSTILE) {
      if (input.params.kind === "zod") z.object({ size: z.number() }).parse(input.params); // throws ZodError
      throw Object.assign(new Error("not a GLB"), { nonRetryable: true });
    }
    return ok({ shop: ctx.shop });
  });
  reg.register(p);
  const w = f.worker(reg, { maxJobs: 1 }).start();
  for (let i = 0; i < 10; i++) {
    const j = await createJob(f.t.db, { shop: HOSTILE, type: "t", steps: [{ name: "s", capability: "t.parse", params: { kind: i % 2 ? "zod" : "asset", i } }] }, { queue: f.queue });
    const end = await w.waitFor(j.id);
    expect(end.status).toBe("failed");
    expect(reg.breakerState("t.parse", "local")).toBe("closed");
  }
  // each bad-input failure was tried once: no retries
  expect(p.calls.length).toBe(10);
  expect(p.calls.every((c) => c.attempt === 1)).toBe(true);
  const good = await createJob(f.t.db, { shop: GOOD, type: "t", steps: [{ name: "s", capability: "t.parse" }] }, { queue: f.queue });
  expect((await w.waitFor(good.id)).status).toBe("succeeded");
  const view = (await getJob(f.t.db, GOOD, good.id))!;
  expect(view.steps[0].output!.data.shop).toBe(GOOD);
});

it("still retries and opens the breaker on ordinary (transient) errors", async () => {
  const reg = f.registry({ maxAttempts: 2, breakerThreshold: 3 });
  const p = scripted("flaky", "t.flaky", () => {
    throw new Error("connection reset");
  });
  reg.register(p);
  const w = f.worker(reg, { maxJobs: 1 }).start();
  for (let i = 0; i < 2; i++) {
    const j = await createJob(f.t.db, { shop: GOOD, type: "t", steps: [{ name: "s", capability: "t.flaky", params: { i } }] }, { queue: f.queue });
    expect((await w.waitFor(j.id)).status).toBe("failed");
  }
  expect(p.calls.map((c) => c.attempt)).toEqual([1, 2, 1]);
  expect(reg.breakerState("t.flaky", "flaky")).toBe("open");
});
