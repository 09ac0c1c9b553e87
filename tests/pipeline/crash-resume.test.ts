/**
 * A worker process is SIGKILLed in the middle of step 2; a new worker process takes the job over once
 * the dead one's heartbeat is stale, and every step's effect happens exactly once.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { InProcessQueue } from "../../app/pipeline/queue/in-process";
import { createJob, getJob } from "../../app/pipeline/jobs";
import { createTestDb, type TestDb } from "../helpers/db";
import { sleep, SHOP } from "./helpers";

let t: TestDb;
let dir: string;
const children: ChildProcess[] = [];
beforeAll(async () => {
  t = await createTestDb();
  dir = mkdtempSync(path.join(os.tmpdir(), "crash-resume-"));
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  await t.drop();
  rmSync(dir, { recursive: true, force: true });
});

function startWorker(extraEnv: Record<string, string>): ChildProcess & { output: () => string } {
  const child = spawn(
    process.execPath,
    ["bin/mockup.js", "worker", "--poll-ms", "50", "--heartbeat-ms", "100", "--stale-ms", "1500", "--grace-ms", "5000"],
    {
      env: { ...process.env, ...t.env, MOCKUP_REGISTRY_MODULE: "tests/pipeline/fixtures/append-registry.ts", MOCKUP_TEST_DIR: dir, MOCKUP_DATA_DIR: dir, LOG_LEVEL: "warn", ...extraEnv },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  children.push(child);
  return Object.assign(child, { output: () => out });
}

async function until(cond: () => boolean | Promise<boolean>, what: string, maxMs = 40_000) {
  const end = Date.now() + maxMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

const exited = (c: ChildProcess) => new Promise<number | null>((r) => (c.exitCode !== null || c.signalCode !== null ? r(c.exitCode) : c.once("exit", (code) => r(code))));

it("resumes a job after its worker is killed mid-step, running each step's effect exactly once", async () => {
  const job = await createJob(
    t.db,
    {
      shop: SHOP,
      type: "crash",
      steps: [
        { name: "s1", capability: "t.append" },
        { name: "s2", capability: "t.append", dependsOn: ["s1"] },
        { name: "s3", capability: "t.append", dependsOn: ["s2"] },
      ],
    },
    { queue: new InProcessQueue() },
  );

  const first = startWorker({ MOCKUP_TEST_SLOW: "s2" });
  await until(() => existsSync(path.join(dir, "started-s2")), `step 2 to start (worker output: ${first.output()})`);
  first.kill("SIGKILL");
  await exited(first);

  const mid = (await getJob(t.db, SHOP, job.id))!;
  expect(mid.status).toBe("running");
  expect(mid.steps.map((s) => s.status)).toEqual(["succeeded", "running", "pending"]);
  expect(readFileSync(path.join(dir, "effects.log"), "utf8")).toBe("s1\n");

  const second = startWorker({});
  await until(async () => (await getJob(t.db, SHOP, job.id))!.status === "succeeded", `the job to finish (worker output: ${second.output()})`);
  const done = (await getJob(t.db, SHOP, job.id))!;
  expect(done.steps.map((s) => s.status)).toEqual(["succeeded", "succeeded", "succeeded"]);
  expect(done.attempts).toBe(2);
  expect(readFileSync(path.join(dir, "effects.log"), "utf8")).toBe("s1\ns2\ns3\n");

  second.kill("SIGTERM");
  expect(await exited(second)).toBe(0);
  expect(await t.db.workerHeartbeat.count()).toBe(1); // the killed worker's row stays; the stopped one removed its own
});
