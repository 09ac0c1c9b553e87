/**
 * How claims and a worker's writes commit (decision 157). On Postgres a claim skips rows another transaction holds
 * (two workers never wait on each other's row lock), and the claim, the step's "running" mark, progress and a
 * worker's asset rows commit without waiting for the WAL flush, while the step's result stays synchronous. The
 * setting is checked inside an interactive transaction, where `SHOW synchronous_commit` sees what the statement set
 * for its own transaction (autocommit statements leave nothing to look at afterwards).
 * And whatever the database: a job this worker is already running is not started a second time when a claim wins
 * it again (what a lost asynchronous claim would lead to after a database crash), and is run again once the earlier
 * run has ended if that run did not finish it.
 */
import pg from "pg";
import { afterEach, beforeEach, expect, it } from "vitest";
import { ShopAssetStore } from "../../app/assets/store/asset-store.server";
import type { Db } from "../../app/db/client.server";
import { claimJobs } from "../../app/pipeline/claim";
import * as state from "../../app/pipeline/job-state";
import { createJob } from "../../app/pipeline/jobs";
import { ShutdownError } from "../../app/pipeline/run-job";
import { Sql } from "../../app/pipeline/sql";
import { testDbKind } from "../helpers/db";
import { fixture, ok, scripted, sleep, SHOP, type Behaviour, type Fixture } from "./helpers";

let f: Fixture;
beforeEach(async () => (f = await fixture()));
afterEach(() => f.close());

const onPostgres = it.skipIf(testDbKind !== "postgres");
const job = (name: string) => createJob(f.t.db, { shop: SHOP, type: name, steps: [{ name: "s", capability: "t.x" }] }, { queue: f.queue });

/** Runs `fn` with a Sql bound to one interactive transaction and returns what synchronous_commit reads after it. */
async function commitModeAfter(fn: (sql: Sql, tx: Db) => Promise<unknown>): Promise<string> {
  return f.t.db.$transaction(async (tx) => {
    const sql = new Sql(tx as unknown as Db, { schema: f.t.target.schema });
    await fn(sql, tx as unknown as Db);
    const [row] = await tx.$queryRawUnsafe<{ synchronous_commit: string }[]>("SHOW synchronous_commit");
    return row.synchronous_commit;
  });
}

onPostgres("a claim skips the job another transaction holds instead of waiting for it", async () => {
  const first = await job("a");
  const second = await job("b");
  // another worker's claim in flight: the oldest job's row locked by an open transaction
  const other = new pg.Client({ connectionString: f.t.env.DATABASE_URL.replace(/[?&]schema=[^&]+/, "") });
  await other.connect();
  try {
    await other.query("BEGIN");
    await other.query(`SELECT 1 FROM "${f.t.target.schema}"."Job" WHERE "id" = $1 FOR UPDATE`, [first.id]);
    // without SKIP LOCKED this claim would block on that row until the other transaction ends
    const claim = claimJobs(new Sql(f.t.db), "worker-a", 1, 30_000);
    const won = await Promise.race([claim, sleep(5000).then(() => "blocked" as const)]);
    expect(won).not.toBe("blocked");
    expect((won as Awaited<typeof claim>).map((w) => w.id)).toEqual([second.id]);
  } finally {
    await other.query("ROLLBACK").catch(() => undefined);
    await other.end();
  }
  // once released, the first job is claimable, and no job is ever won twice
  const [next] = await claimJobs(new Sql(f.t.db), "worker-b", 2, 30_000);
  expect(next.id).toBe(first.id);
  expect(await claimJobs(new Sql(f.t.db), "worker-c", 2, 30_000)).toEqual([]);
});

onPostgres("the claim, the running mark, progress and a worker's asset row commit asynchronously; the step's result does not", async () => {
  const j = await job("a");
  const owner = { jobId: j.id, workerId: "worker-a" };
  // the claim (the statement that also locks and updates the row)
  let won: Awaited<ReturnType<typeof claimJobs>> = [];
  expect(await commitModeAfter(async (sql) => (won = await claimJobs(sql, "worker-a", 1, 30_000)))).toBe("off");
  expect(won.map((w) => w.id)).toEqual([j.id]);
  const [step] = await f.t.db.jobStep.findMany({ where: { jobId: j.id } });
  let n = -1;
  expect(await commitModeAfter(async (sql) => (n = await state.markStepRunning(sql, owner, step.id, new Date(), "k")))).toBe("off");
  expect(n).toBe(1); // the count of the wrapped statement, as exec would return it
  expect(await commitModeAfter(async (sql) => (n = await state.writeProgress(sql, owner, 40)))).toBe("off");
  expect(n).toBe(1);
  // another worker's statements match nothing, and say so
  n = await state.markStepRunning(new Sql(f.t.db), { ...owner, workerId: "worker-b" }, step.id, new Date(), "k");
  expect(n).toBe(0);
  // a worker's asset store, and a route's (which must stay durable: a response names the asset)
  expect(await commitModeAfter((_, tx) => new ShopAssetStore(SHOP, tx, f.blobs, { asyncCommit: true }).put(Buffer.from("worker asset"), { kind: "probe", mediaType: "application/octet-stream" }))).toBe("off");
  expect(await commitModeAfter((_, tx) => new ShopAssetStore(SHOP, tx, f.blobs).put(Buffer.from("route asset"), { kind: "probe", mediaType: "application/octet-stream" }))).toBe("on");
  // the step's result and the job's final state: synchronous
  const now = new Date();
  expect(
    await commitModeAfter(async (sql) => {
      await sql.writeAll([state.markStepSucceeded(owner, step.id, { provider: "p", cacheKey: "k", cacheHit: false, degraded: false, output: {}, error: null, durationMs: 1, startedAt: now, finishedAt: now })]);
    }),
  ).toBe("on");
  const rows = await f.t.db.asset.findMany({ where: { shop: SHOP, kind: "probe" } });
  expect(rows).toHaveLength(2);
  expect((await f.t.db.jobStep.findUniqueOrThrow({ where: { id: step.id } })).status).toBe("succeeded");
});

/**
 * A worker (two slots, quick polls) running job "a" through `behave`; once the step has started, the job's claim is
 * lost (as a database crash could lose an asynchronous commit: the job reads queued again) and this worker wins it
 * back while that first run is still in progress. Heartbeats are so rare that none sees the job unowned between the
 * reset and the claim (a heartbeat that did would abort the run as lost, which is right, but not what is tested).
 */
async function wonBackWhileRunning(behave: Behaviour) {
  const reg = f.registry({ maxAttempts: 1 });
  const provider = scripted("local", "t.x", behave);
  reg.register(provider);
  const runs = () => provider.calls.length;
  const w = f.worker(reg, { id: "worker-a", maxJobs: 2, pollMs: 20, heartbeatMs: 60_000, staleAfterMs: 150_000 }).start();
  const j = await job("a");
  for (let i = 0; runs() === 0; i++) {
    if (i > 1000) throw new Error("step never started");
    await sleep(5);
  }
  await f.t.db.job.update({ where: { id: j.id }, data: { status: "queued", lockedBy: null, heartbeatAt: null } });
  for (let i = 0; (await f.t.db.job.findUniqueOrThrow({ where: { id: j.id } })).status === "queued"; i++) {
    if (i > 1000) throw new Error("the job was never claimed again");
    await sleep(5);
  }
  return { w, j, runs };
}

it("a job already running in this worker is not started again when a claim wins it back", async () => {
  let finish!: () => void;
  const gate = new Promise<void>((r) => (finish = r));
  const { w, j, runs } = await wonBackWhileRunning(async () => {
    await gate;
    return ok();
  });
  await sleep(100); // five more polls with a free slot
  expect(runs()).toBe(1);
  expect(w.activeJobs).toEqual([j.id]);
  finish();
  expect((await w.waitFor(j.id)).status).toBe("succeeded");
  expect(runs()).toBe(1);
});

it("a job won back while its earlier run here is ending without finishing it is run again once that run has ended", async () => {
  let finishFirst!: () => void;
  const firstGate = new Promise<void>((r) => (finishFirst = r));
  const { w, j, runs } = await wonBackWhileRunning(async (_input, ctx, call) => {
    if (call === 1) {
      // the first run waits, then sees its abort (the worker judged it lost)
      await firstGate;
      ctx.signal.throwIfAborted();
    }
    return ok();
  });
  expect(runs()).toBe(1);
  // the first run is then found lost (as a heartbeat would after the crash) and ends without writing
  const first = (w as unknown as { running: Map<string, { lost: boolean; ctl: AbortController }> }).running.get(j.id)!;
  first.lost = true;
  first.ctl.abort(new ShutdownError());
  finishFirst();
  // this worker still holds the job, so it runs it again; before, the job stayed "running" with no run behind it
  expect((await w.waitFor(j.id)).status).toBe("succeeded");
  expect(runs()).toBe(2);
});
