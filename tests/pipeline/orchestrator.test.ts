/** Worker behaviour against a real database: order, retries, fallbacks, breaker, degraded, cache, cancel, priorities, limits. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { breakerState } from "../../app/monitoring/metrics.server";
import { cancelJob, createJob, getJob, type StepView } from "../../app/pipeline/jobs";
import { InProcessQueue } from "../../app/pipeline/queue/in-process";
import { ShopAssetStore } from "../../app/assets/store/asset-store.server";
import type { JobSpec } from "../../app/pipeline/types";
import type { Worker } from "../../app/pipeline/worker";
import { fixture, ok, scripted, sleep, SHOP, type Fixture } from "./helpers";

let f: Fixture;
beforeEach(async () => (f = await fixture()));
afterEach(() => f.close());

const job = (steps: JobSpec["steps"], extra: Partial<JobSpec> = {}) => createJob(f.t.db, { shop: SHOP, type: "test", steps, ...extra }, { queue: f.queue });
const until = async (cond: () => boolean, what: string, maxMs = 5000) => {
  for (let t = 0; !cond(); t += 5) {
    if (t > maxMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
};

describe("scheduling", () => {
  it("runs steps in dependency order and independent steps concurrently", async () => {
    const reg = f.registry();
    const events: string[] = [];
    let cStarted = false;
    reg.register(
      scripted("local", "t.step", async (input, ctx) => {
        events.push(`start:${ctx.stepName}`);
        if (ctx.stepName === "c") cStarted = true;
        // b only finishes once c has started: proves b and c run at the same time
        if (ctx.stepName === "b") await until(() => cStarted, "c to start while b runs");
        events.push(`end:${ctx.stepName}`);
        return ok({ step: ctx.stepName, saw: Object.keys(input.inputs).sort().join(",") });
      }),
    );
    const w = f.worker(reg).start();
    const j = await job([
      { name: "d", capability: "t.step", dependsOn: ["b", "c"] },
      { name: "b", capability: "t.step", dependsOn: ["a"] },
      { name: "c", capability: "t.step", dependsOn: ["a"] },
      { name: "a", capability: "t.step" },
    ]);
    expect((await w.waitFor(j.id)).status).toBe("succeeded");
    const idx = (e: string) => events.indexOf(e);
    expect(idx("start:a")).toBe(0);
    expect(idx("end:a")).toBeLessThan(idx("start:b"));
    expect(idx("end:a")).toBeLessThan(idx("start:c"));
    expect(idx("start:d")).toBeGreaterThan(Math.max(idx("end:b"), idx("end:c")));
    const full = (await getJob(f.t.db, SHOP, j.id))!;
    expect(full.steps.find((s) => s.name === "d")!.output!.data.saw).toBe("b,c");
    expect(full.progress).toBe(100);
  });

  it("fails the job when a step fails with no fallback, and skips its dependents", async () => {
    const reg = f.registry({ maxAttempts: 2 });
    const p = scripted("only", "t.bad", () => {
      throw new Error("disk on fire");
    });
    reg.register(p).register(scripted("local", "t.good", () => ok()));
    const w = f.worker(reg).start();
    const j = await job([
      { name: "a", capability: "t.good" },
      { name: "b", capability: "t.bad", dependsOn: ["a"] },
      { name: "c", capability: "t.good", dependsOn: ["b"] },
      { name: "d", capability: "t.good", dependsOn: ["c"] },
      { name: "e", capability: "t.good", dependsOn: ["a"] },
    ]);
    const end = await w.waitFor(j.id);
    expect(end.status).toBe("failed");
    expect(end.error).toContain('step "b" failed');
    expect(end.error).toContain("disk on fire");
    const st = Object.fromEntries((await getJob(f.t.db, SHOP, j.id))!.steps.map((s) => [s.name, s.status]));
    expect(st).toEqual({ a: "succeeded", b: "failed", c: "skipped", d: "skipped", e: "succeeded" });
    expect((await getJob(f.t.db, SHOP, j.id))!.progress).toBe(40); // 2 of 5 steps succeeded
    expect(p.calls.length).toBe(2);
  });

  it("fails a step whose capability has no provider, with a clear message", async () => {
    const w = f.worker(f.registry()).start();
    const j = await job([{ name: "x", capability: "no.such" }]);
    const end = await w.waitFor(j.id);
    expect(end.status).toBe("failed");
    expect(end.error).toContain("no provider registered for no.such");
  });

  it("runs a shopper job enqueued after batch jobs first", async () => {
    const reg = f.registry();
    const order: string[] = [];
    reg.register(scripted("local", "t.prio", (input) => (order.push(String(input.params.who)), ok())));
    for (let i = 0; i < 3; i++) await job([{ name: "s", capability: "t.prio", params: { who: `batch${i}` } }], { priority: "batch" });
    await job([{ name: "s", capability: "t.prio", params: { who: "merchant" } }], { priority: "merchant" });
    const last = await job([{ name: "s", capability: "t.prio", params: { who: "shopper" } }], { priority: "shopper" });
    const w = f.worker(reg, { maxJobs: 1 }).start();
    await w.waitFor(last.id);
    await until(() => order.length === 5, "all jobs");
    expect(order).toEqual(["shopper", "merchant", "batch0", "batch1", "batch2"]);
  });

  it("limits concurrent steps per capability (default 1 for render.hero, configurable)", async () => {
    const reg = f.registry();
    const active: Record<string, number> = { "render.hero": 0, "t.lim": 0 };
    const max: Record<string, number> = { "render.hero": 0, "t.lim": 0 };
    const body = (cap: string) => async () => {
      active[cap]++;
      max[cap] = Math.max(max[cap], active[cap]);
      // t.lim waits until its limit (2) is reached, which only happens if two run at once
      if (cap === "t.lim") await until(() => max[cap] >= 2, "two t.lim steps at once");
      else await sleep(20);
      active[cap]--;
      return ok();
    };
    reg.register(scripted("blender", "render.hero", body("render.hero"))).register(scripted("local", "t.lim", body("t.lim")));
    const w = f.worker(reg, { maxJobs: 4, capabilityLimits: { "t.lim": 2 } }).start();
    const jobs = [];
    for (let i = 0; i < 4; i++) jobs.push(await job([{ name: "h", capability: "render.hero", params: { i } }]));
    for (let i = 0; i < 4; i++) jobs.push(await job([{ name: "l", capability: "t.lim", params: { i } }]));
    for (const j of jobs) expect((await w.waitFor(j.id)).status).toBe("succeeded");
    expect(max["render.hero"]).toBe(1);
    expect(max["t.lim"]).toBe(2);
  });
});

describe("resilience", () => {
  it("retries a failing provider and then succeeds", async () => {
    const reg = f.registry({ maxAttempts: 3 });
    const p = scripted("flaky", "t.flaky", (i, ctx, call) => {
      if (call < 3) throw new Error(`transient ${call}`);
      return ok({ attempt: ctx.attempt });
    });
    reg.register(p);
    const w = f.worker(reg).start();
    const j = await job([{ name: "s", capability: "t.flaky" }]);
    expect((await w.waitFor(j.id)).status).toBe("succeeded");
    expect(p.calls.map((c) => c.attempt)).toEqual([1, 2, 3]);
    const s = (await getJob(f.t.db, SHOP, j.id))!.steps[0];
    expect(s.provider).toBe("flaky");
    expect(s.output!.data.attempt).toBe(3);
  });

  it("falls back to the second provider when the first keeps failing", async () => {
    const reg = f.registry({ maxAttempts: 2 });
    const first = scripted("external", "t.fb", () => {
      throw new Error("503 from service");
    });
    const second = scripted("local", "t.fb", () => ok({ by: "local" }));
    reg.register(first).register(second);
    const w = f.worker(reg).start();
    const j = await job([{ name: "s", capability: "t.fb" }]);
    expect((await w.waitFor(j.id)).status).toBe("succeeded");
    expect(first.calls.length).toBe(2);
    expect(second.calls.length).toBe(1);
    const s = (await getJob(f.t.db, SHOP, j.id))!.steps[0];
    expect(s.provider).toBe("local");
    expect(s.degraded).toBe(false);
  });

  it("times out a hung provider attempt and falls back", async () => {
    const reg = f.registry({ maxAttempts: 1 });
    let sawAbort = false;
    reg.register(
      scripted("hang", "t.hang", async (i, ctx) => {
        await sleep(60_000, ctx.signal).catch((e) => {
          sawAbort = true;
          throw e;
        });
        return ok();
      }, { timeoutMs: 100 }),
    ).register(scripted("local", "t.hang", () => ok({ by: "local" })));
    const w = f.worker(reg).start();
    const j = await job([{ name: "s", capability: "t.hang" }]);
    expect((await w.waitFor(j.id)).status).toBe("succeeded");
    expect(sawAbort).toBe(true);
    expect((await getJob(f.t.db, SHOP, j.id))!.steps[0].provider).toBe("local");
  });

  it("opens the breaker after repeated failures, skips the provider while open, half-opens later", async () => {
    const reg = f.registry({ maxAttempts: 1, breakerThreshold: 3, halfOpenAfterMs: 300 });
    let healthy = false;
    const p = scripted("svc", "t.brk", () => {
      if (!healthy) throw new Error("connection refused");
      return ok({ healthy: 1 });
    });
    reg.register(p);
    const w = f.worker(reg, { maxJobs: 1 }).start();
    for (let i = 0; i < 3; i++) expect((await w.waitFor((await job([{ name: "s", capability: "t.brk", params: { i } }])).id)).status).toBe("failed");
    expect(p.calls.length).toBe(3);
    expect(reg.breakerState("t.brk", "svc")).toBe("open");
    expect((await breakerState.get()).values.find((v) => v.labels.provider === "svc")?.value).toBe(2);

    // open: the provider is not called at all
    const j4 = await job([{ name: "s", capability: "t.brk", params: { i: 4 } }]);
    const e4 = await w.waitFor(j4.id);
    expect(e4.status).toBe("failed");
    expect(e4.error).toContain("circuit open");
    expect(p.calls.length).toBe(3);
    // ProviderHealth is written in the background: wait for the open state to land
    let health = null;
    for (let t = 0; t < 100 && health?.breakerState !== "open"; t++) {
      health = await f.t.db.providerHealth.findUnique({ where: { shop_provider_capability: { shop: SHOP, provider: "svc", capability: "t.brk" } } });
      if (health?.breakerState !== "open") await sleep(20);
    }
    expect(health?.breakerState).toBe("open");
    expect(health?.status).toBe("down");

    // after halfOpenAfter one trial call goes through; success closes the breaker
    await sleep(350);
    healthy = true;
    const j5 = await job([{ name: "s", capability: "t.brk", params: { i: 5 } }]);
    expect((await w.waitFor(j5.id)).status).toBe("succeeded");
    expect(p.calls.length).toBe(4);
    expect(reg.breakerState("t.brk", "svc")).toBe("closed");
  });

  it("serves the last good result under staleKey, marked degraded, when every provider fails", async () => {
    const reg = f.registry({ maxAttempts: 1 });
    let broken = false;
    const a = scripted("primary", "t.stale", (input) => {
      if (broken) throw new Error("upstream 500");
      return ok({ made: String(input.params.rev) });
    });
    const b = scripted("secondary", "t.stale", () => {
      if (broken) throw new Error("quota exceeded");
      return ok({ made: "secondary" });
    });
    reg.register(a).register(b);
    const w = f.worker(reg).start();
    const j1 = await job([{ name: "m", capability: "t.stale", params: { rev: 1 }, staleKey: "model/tee" }, { name: "after", capability: "t.ok", dependsOn: ["m"] }]);
    reg.register(scripted("local", "t.ok", () => ok()));
    expect((await w.waitFor(j1.id)).status).toBe("succeeded");

    broken = true;
    const j2 = await job([{ name: "m", capability: "t.stale", params: { rev: 2 }, staleKey: "model/tee" }, { name: "after", capability: "t.ok", dependsOn: ["m"] }]);
    const end = await w.waitFor(j2.id);
    expect(end.status).toBe("succeeded");
    expect(end.degraded).toBe(true);
    const s = (await getJob(f.t.db, SHOP, j2.id))!.steps.find((x) => x.name === "m")!;
    expect(s.degraded).toBe(true);
    expect(s.output!.data.made).toBe("1");
    expect(s.error).toContain("upstream 500");
    const notes = await f.t.db.notification.findMany({ where: { shop: SHOP, jobId: j2.id } });
    expect(notes).toHaveLength(1);
    expect(notes[0].level).toBe("warning");
    expect(notes[0].message).toContain('"m"');
    expect(notes[0].message).toContain("quota exceeded");

    // without an earlier result under that staleKey the job fails
    const j3 = await job([{ name: "m", capability: "t.stale", params: { rev: 3 }, staleKey: "model/hoodie" }]);
    expect((await w.waitFor(j3.id)).status).toBe("failed");
  });

  it("does not cache a degraded provider's result as a good one", async () => {
    const reg = f.registry({ maxAttempts: 1 });
    let primaryUp = false;
    const primary = scripted("blender", "t.hero", () => {
      if (!primaryUp) throw new Error("blender missing");
      return ok({ by: "blender" });
    });
    const standIn = scripted("compositor", "t.hero", () => ok({ by: "compositor" }), { degraded: true });
    reg.register(primary).register(standIn);
    const w = f.worker(reg).start();
    const spec = [{ name: "hero", capability: "t.hero", params: { view: "front" } }];
    const j1 = await job(spec);
    const e1 = await w.waitFor(j1.id);
    expect(e1.status).toBe("succeeded");
    expect(e1.degraded).toBe(true);
    expect(await f.t.db.stepCache.count()).toBe(0);
    primaryUp = true;
    const j2 = await job(spec);
    const e2 = await w.waitFor(j2.id);
    expect(e2.degraded).toBe(false);
    const s2 = (await getJob(f.t.db, SHOP, j2.id))!.steps[0];
    expect(s2.cacheHit).toBe(false);
    expect(s2.output!.data.by).toBe("blender");
  });
});

describe("hostile provider output", () => {
  it("refuses malformed outputs and asset keys the shop does not own", async () => {
    const reg = f.registry({ maxAttempts: 3 });
    const other = new ShopAssetStore("other.myshopify.com", f.t.db, f.blobs);
    const foreignKey = await other.put(Buffer.from("another shop's secret render"), { kind: "render", mediaType: "image/png" });
    const bad = scripted("bad", "t.out", (input) =>
      input.params.kind === "foreign" ? { assets: { image: foreignKey }, data: {} } : ({ assets: { image: "../../etc/passwd" }, data: {} } as never),
    );
    reg.register(bad);
    const w = f.worker(reg).start();
    const j1 = await job([{ name: "s", capability: "t.out", params: { kind: "foreign" } }]);
    const e1 = await w.waitFor(j1.id);
    expect(e1.status).toBe("failed");
    expect(e1.error).toContain("is not in the shop's asset store");
    const j2 = await job([{ name: "s", capability: "t.out", params: { kind: "malformed" } }]);
    const e2 = await w.waitFor(j2.id);
    expect(e2.status).toBe("failed");
    expect(e2.error).toContain("malformed output");
    expect(bad.calls.length).toBe(2); // each once: bad output is not retried
    expect(await f.t.db.stepCache.count()).toBe(0);
  });
});

describe("step cache", () => {
  it("re-running a job computes nothing already known", async () => {
    const reg = f.registry();
    const p = scripted("local", "t.calc", (input) => {
      const prev = Object.values(input.inputs)[0]?.data.v ?? 0;
      return ok({ v: Number(prev) + Number(input.params.add) });
    });
    reg.register(p);
    const w = f.worker(reg).start();
    const spec = (add2: number) => [
      { name: "one", capability: "t.calc", params: { add: 1 } },
      { name: "two", capability: "t.calc", params: { add: add2 }, dependsOn: ["one"] },
      { name: "three", capability: "t.calc", params: { add: 100 }, dependsOn: ["two"] },
    ];
    await w.waitFor((await job(spec(10))).id);
    expect(p.calls.length).toBe(3);

    const ended: { jobId: string; step: StepView }[] = [];
    w.on("step:end", (e) => ended.push(e));
    const again = await job(spec(10));
    expect((await w.waitFor(again.id)).status).toBe("succeeded");
    expect(ended.filter((e) => e.jobId === again.id).map((e) => [e.step.name, e.step.cacheHit, e.step.provider])).toEqual([
      ["one", true, "local"],
      ["two", true, "local"],
      ["three", true, "local"],
    ]);
    expect(p.calls.length).toBe(3); // nothing recomputed
    const steps = (await getJob(f.t.db, SHOP, again.id))!.steps;
    expect(steps.map((s) => s.cacheHit)).toEqual([true, true, true]);
    expect(steps[2].output!.data.v).toBe(111);

    // a changed param recomputes that step and what depends on its (changed) output
    const changed = await job(spec(20));
    await w.waitFor(changed.id);
    expect(p.calls.map((c) => c.step).slice(3)).toEqual(["two", "three"]);
    expect((await getJob(f.t.db, SHOP, changed.id))!.steps[2].output!.data.v).toBe(121);
  });
});

describe("cancellation", () => {
  it("aborts the running step and cancels the job and its remaining steps", async () => {
    const reg = f.registry({ maxAttempts: 3 });
    let started = false;
    let aborted = false;
    const slow = scripted("slow", "t.slow", async (i, ctx) => {
      started = true;
      await sleep(60_000, ctx.signal).catch((e) => {
        aborted = ctx.signal.aborted;
        throw e;
      });
      return ok();
    });
    const after = scripted("local", "t.after", () => ok());
    reg.register(slow).register(after);
    const w: Worker = f.worker(reg).start();
    const j = await job([{ name: "a", capability: "t.slow" }, { name: "b", capability: "t.after", dependsOn: ["a"] }]);
    await until(() => started, "slow step to start");
    const view = await cancelJob(f.t.db, SHOP, j.id, { queue: f.queue });
    expect(view.cancelRequested).toBe(true);
    const end = await w.waitFor(j.id);
    expect(end.status).toBe("cancelled");
    expect(aborted).toBe(true);
    expect(slow.calls.length).toBe(1); // not retried after cancellation
    expect(after.calls.length).toBe(0);
    const st = (await getJob(f.t.db, SHOP, j.id))!.steps.map((s) => s.status);
    expect(st).toEqual(["cancelled", "cancelled"]);
  });

  it("notices a cancel requested from another process (no queue hint) at its next heartbeat", async () => {
    const reg = f.registry();
    let started = false;
    reg.register(
      scripted("slow", "t.slow2", async (i, ctx) => {
        started = true;
        await sleep(60_000, ctx.signal);
        return ok();
      }),
    );
    const w = f.worker(reg, { heartbeatMs: 50 }).start();
    const j = await job([{ name: "a", capability: "t.slow2" }]);
    await until(() => started, "slow step to start");
    await cancelJob(f.t.db, SHOP, j.id, { queue: new InProcessQueue() }); // a queue no worker listens to
    expect((await w.waitFor(j.id)).status).toBe("cancelled");
  });

  it("cancels a queued job at once", async () => {
    const j = await job([{ name: "a", capability: "t.any" }]);
    const v = await cancelJob(f.t.db, SHOP, j.id, { queue: f.queue });
    expect(v.status).toBe("cancelled");
    expect(v.steps[0].status).toBe("cancelled");
  });
});

describe("progress and shutdown", () => {
  it("writes provider progress to the job while the step runs", async () => {
    const reg = f.registry();
    let seen = -1;
    reg.register(
      scripted("local", "t.prog", async (i, ctx) => {
        ctx.progress(0.5);
        await until(() => seen === 25, "progress 25 in the database"); // 2 steps: half of the first = 25 %
        return ok();
      }),
    );
    const w = f.worker(reg, { progressWriteMs: 0 }).start();
    const j = await job([{ name: "a", capability: "t.prog" }, { name: "b", capability: "t.prog", dependsOn: ["a"], params: { x: 1 } }]);
    const poll = setInterval(() => void f.t.db.job.findUnique({ where: { id: j.id } }).then((r) => r && r.progress === 25 && (seen = 25)), 10);
    try {
      expect((await w.waitFor(j.id)).progress).toBe(100);
    } finally {
      clearInterval(poll);
    }
  });

  it("releases its jobs on shutdown so another worker continues them", async () => {
    const reg = f.registry();
    let calls = 0;
    const p = scripted("local", "t.rel", async (i, ctx) => {
      calls++;
      if (calls === 2) await sleep(60_000, ctx.signal); // the second step hangs in the first worker
      return ok();
    });
    reg.register(p);
    const w1 = f.worker(reg).start();
    const j = await job([{ name: "a", capability: "t.rel" }, { name: "b", capability: "t.rel", dependsOn: ["a"] }]);
    await until(() => calls === 2, "second step to start");
    await w1.stop({ graceMs: 0 });
    const mid = (await getJob(f.t.db, SHOP, j.id))!;
    expect(mid.status).toBe("queued");
    expect(mid.steps.map((s) => s.status)).toEqual(["succeeded", "pending"]);
    const w2 = f.worker(reg).start();
    expect((await w2.waitFor(j.id)).status).toBe("succeeded");
    expect(p.calls.map((c) => c.step)).toEqual(["a", "b", "b"]);
  });
});

describe("claims and recovery", () => {
  it("two workers run every job exactly once", async () => {
    const reg = f.registry();
    const seen = new Map<string, number>();
    reg.register(scripted("local", "t.once", async (i, ctx) => (seen.set(ctx.jobId, (seen.get(ctx.jobId) ?? 0) + 1), await sleep(2), ok())));
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.push((await job([{ name: "s", capability: "t.once", params: { i } }])).id);
    const w1 = f.worker(reg, { maxJobs: 3 }).start();
    const w2 = f.worker(reg, { maxJobs: 3 }).start();
    for (const id of ids) expect((await w1.waitFor(id)).status).toBe("succeeded");
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
    expect(seen.size).toBe(20);
    const rows = await f.t.db.job.findMany({ where: { id: { in: ids } } });
    expect(rows.every((r) => r.attempts === 1)).toBe(true);
    void w2;
  });

  it("takes over a job whose worker stopped heartbeating, re-running only unfinished steps", async () => {
    const reg = f.registry();
    const p = scripted("local", "t.rec", (input, ctx) => ok({ step: ctx.stepName }));
    reg.register(p);
    const j = await job([
      { name: "a", capability: "t.rec" },
      { name: "b", capability: "t.rec", dependsOn: ["a"] },
      { name: "c", capability: "t.rec", dependsOn: ["b"] },
    ]);
    // as a dead worker would leave it: a done, b running, heartbeat long ago
    const old = new Date(Date.now() - 60_000);
    await f.t.db.job.update({ where: { id: j.id }, data: { status: "running", lockedBy: "dead-worker", heartbeatAt: old, attempts: 1 } });
    await f.t.db.jobStep.updateMany({ where: { jobId: j.id, name: "a" }, data: { status: "succeeded", output: JSON.stringify(ok({ step: "a" })) } });
    await f.t.db.jobStep.updateMany({ where: { jobId: j.id, name: "b" }, data: { status: "running" } });
    const w = f.worker(reg, { staleAfterMs: 1000 }).start();
    const end = await w.waitFor(j.id);
    expect(end.status).toBe("succeeded");
    expect(end.attempts).toBe(2);
    expect(p.calls.map((c) => c.step)).toEqual(["b", "c"]);
  });

  it("does not take over a job whose worker is alive", async () => {
    const reg = f.registry();
    const p = scripted("local", "t.alive", () => ok());
    reg.register(p);
    const j = await job([{ name: "a", capability: "t.alive" }]);
    await f.t.db.job.update({ where: { id: j.id }, data: { status: "running", lockedBy: "other-worker", heartbeatAt: new Date(Date.now() + 60_000) } });
    const w = f.worker(reg, { staleAfterMs: 1000 }).start();
    await sleep(300); // several poll rounds
    expect(p.calls.length).toBe(0);
    expect(w.activeJobs).toEqual([]);
  });
});
