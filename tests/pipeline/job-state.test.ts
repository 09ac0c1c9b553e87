/**
 * The job-state statements on the database under test (SQLite, and Postgres in `npm test`): each writes while the
 * worker holds the job and matches nothing once another worker does.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createJob } from "../../app/pipeline/jobs";
import * as state from "../../app/pipeline/job-state";
import { Sql, statement } from "../../app/pipeline/sql";
import { rememberResult } from "../../app/pipeline/step-cache";
import { createTestDb, type TestDb } from "../helpers/db";

const SHOP = "state.myshopify.com";
let t: TestDb;
let sql: Sql;
beforeEach(async () => {
  t = await createTestDb();
  sql = new Sql(t.db);
});
afterEach(() => t.drop());

/** A job of steps a → b, claimed by "worker-a". */
async function claimed() {
  const j = await createJob(t.db, { shop: SHOP, type: "t", steps: [{ name: "a", capability: "t.x" }, { name: "b", capability: "t.x", dependsOn: ["a"] }] });
  await t.db.job.update({ where: { id: j.id }, data: { status: "running", lockedBy: "worker-a", heartbeatAt: new Date() } });
  const steps = await state.loadSteps(sql, j.id);
  const id = (name: string) => steps.find((s) => s.name === name)!.id;
  return { jobId: j.id, a: id("a"), b: id("b") };
}

describe("job-state statements", () => {
  it("every statement writes for the owner and matches nothing for a worker that lost the job", async () => {
    const j = await claimed();
    const owner = { jobId: j.jobId, workerId: "worker-a" };
    const thief = { jobId: j.jobId, workerId: "worker-b" };
    const now = new Date();
    const success = { provider: "local", cacheKey: "k", cacheHit: false, degraded: true, output: { assets: { x: "1" }, data: {} }, error: "why", durationMs: 5, startedAt: now, finishedAt: now };
    const statements: [string, (o: state.Owner) => Promise<number>][] = [
      ["markStepRunning", (o) => state.markStepRunning(sql, o, j.a, now, "k")],
      ["resetInterruptedSteps", (o) => state.resetInterruptedSteps(sql, o)],
      ["markStepPending", (o) => state.markStepPending(sql, o, j.a)],
      ["markStepCancelled", (o) => state.markStepCancelled(sql, o, j.b, now, 3)],
      ["markStepFailed", (o) => sql.run(state.markStepFailed(o, j.b, { cacheKey: null, error: "boom", durationMs: 1, finishedAt: now }))],
      ["markStepsSkipped", (o) => state.markStepsSkipped(sql, o, [j.b], now)],
      ["markStepSucceeded", (o) => sql.run(state.markStepSucceeded(o, j.a, success))],
      ["writeProgress", (o) => state.writeProgress(sql, o, 40)],
      ["writeStepDone", (o) => sql.run(state.writeStepDone(o, 50, true, ",t.b,", now))],
    ];
    // the markStepRunning of a pending step resets nothing: set "a" running first so the reset matches a row
    for (const [name, run] of statements) {
      expect(await run(thief), `${name} by a worker that lost the job`).toBe(0);
      if (name === "resetInterruptedSteps") await state.markStepRunning(sql, owner, j.a, now, "k");
      expect(await run(owner), `${name} by the owner`).toBeGreaterThan(0);
    }
    const a = (await t.db.jobStep.findUnique({ where: { id: j.a } }))!;
    expect(a).toMatchObject({ status: "succeeded", provider: "local", degraded: true, error: "why", cacheKey: "k" });
    expect(JSON.parse(a.output!)).toEqual(success.output);
    expect((await t.db.jobStep.findUnique({ where: { id: j.b } }))!).toMatchObject({ status: "skipped", error: state.BLOCKED_STEP_ERROR });
    expect((await t.db.job.findUnique({ where: { id: j.jobId } }))!).toMatchObject({ progress: 50, degraded: true, needs: ",t.b," });

    expect(await state.cancelOpenSteps(sql, thief, now)).toBe(0);
    expect(await sql.run(state.finishJob(thief, { status: "succeeded", error: null, output: "{}", degraded: false, progress: 100, finishedAt: now }))).toBe(0);
    expect(await state.releaseJob(sql, thief, now)).toBe(0);
    expect(await state.handOffJob(sql, thief, ",t.b,", now)).toBe(0);
    expect(await sql.run(state.finishJob(owner, { status: "failed", error: "x", output: null, degraded: true, progress: 50, finishedAt: now }))).toBe(1);
    expect((await t.db.job.findUnique({ where: { id: j.jobId } }))!).toMatchObject({ status: "failed", lockedBy: null, error: "x" });
    // gave up ownership: nothing more is written
    expect(await state.writeProgress(sql, owner, 99)).toBe(0);
  });

  it("release queues the job without an owner; cancel touches only unfinished steps; writes batch in one transaction", async () => {
    const j = await claimed();
    const owner = { jobId: j.jobId, workerId: "worker-a" };
    const now = new Date();
    const counts = await sql.writeAll([
      state.markStepSucceeded(owner, j.a, { provider: "p", cacheKey: "k", cacheHit: true, degraded: false, output: {}, error: null, durationMs: 1, startedAt: now, finishedAt: now }),
      state.writeStepDone(owner, 50, false, ",t.b,", now),
    ]);
    expect(counts).toEqual([1, 1]);
    expect(await state.cancelOpenSteps(sql, owner, now)).toBe(1);
    expect((await t.db.jobStep.findUnique({ where: { id: j.a } }))!.status).toBe("succeeded");
    expect((await t.db.jobStep.findUnique({ where: { id: j.b } }))!.status).toBe("cancelled");
    expect(await state.releaseJob(sql, owner, now)).toBe(1);
    expect((await t.db.job.findUnique({ where: { id: j.jobId } }))!).toMatchObject({ status: "queued", lockedBy: null, heartbeatAt: null });
    expect(await state.insertNotification(sql, { id: "n1", shop: SHOP, message: "x".repeat(2000), jobId: j.jobId, createdAt: now })).toBe(1);
    expect((await t.db.notification.findUnique({ where: { id: "n1" } }))!.message).toHaveLength(1000);
    expect((await state.loadJob(sql, j.jobId))?.id).toBe(j.jobId);
  });

  it("writeAll: a step's result writes as one transaction, each statement's count in order, all or nothing", async () => {
    const j = await claimed();
    const owner = { jobId: j.jobId, workerId: "worker-a" };
    const thief = { jobId: j.jobId, workerId: "worker-b" };
    const now = new Date();
    const success = { provider: "p", cacheKey: "k", cacheHit: false, degraded: false, output: { assets: { x: "1" }, data: {} }, error: null, durationMs: 1, startedAt: now, finishedAt: now };
    const remember = rememberResult({ shop: SHOP, key: "k", capability: "t.x", provider: "p", output: success.output });
    // a worker that lost the job: its guarded writes match nothing, the unguarded cache entry is still written
    expect(await sql.writeAll([remember, state.markStepSucceeded(thief, j.a, success), state.writeStepDone(thief, 50, false, "", now)])).toEqual([1, 0, 0]);
    expect((await t.db.jobStep.findUniqueOrThrow({ where: { id: j.a } })).status).toBe("pending");
    // the owner: every statement matched once; the job's state and the step's agree
    const final = { status: "succeeded" as const, error: null, output: "{}", degraded: false, progress: 100, finishedAt: now };
    expect(await sql.writeAll([state.markStepSucceeded(owner, j.a, success), state.markStepSucceeded(owner, j.b, success), state.finishJob(owner, final)])).toEqual([1, 1, 1]);
    expect((await t.db.job.findUniqueOrThrow({ where: { id: j.jobId } }))).toMatchObject({ status: "succeeded", lockedBy: null, progress: 100 });
    expect((await t.db.jobStep.findMany({ where: { jobId: j.jobId }, orderBy: { name: "asc" } })).map((x) => x.status)).toEqual(["succeeded", "succeeded"]);
    // one statement fails (a NOT NULL column): nothing of the batch is written
    const j2 = await claimed();
    const owner2 = { jobId: j2.jobId, workerId: "worker-a" };
    const broken = statement(`UPDATE {Job} SET "type" = NULL WHERE "id" = ?`, j2.jobId);
    await expect(sql.writeAll([state.markStepSucceeded(owner2, j2.a, success), broken])).rejects.toThrow();
    expect((await t.db.jobStep.findUniqueOrThrow({ where: { id: j2.a } })).status).toBe("pending");
    expect(await sql.writeAll([])).toEqual([]);
  });
});
