/**
 * Worker roles (decision 151): a worker takes only steps whose capability matches its patterns, a job is handed
 * between workers step by step, and a job whose next step no live worker takes is reported (health, job page).
 */
import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { checkHealth } from "../../app/monitoring/health.server";
import { createJob, getJob } from "../../app/pipeline/jobs";
import { BullmqJobQueue } from "../../app/pipeline/queue/bullmq";
import { matchesCapability, needsCondition, parseCapabilities } from "../../app/pipeline/roles";
import type { ProviderRegistry } from "../../app/pipeline/registry";
import type { Worker } from "../../app/pipeline/worker";
import { loadJobDetail } from "../../app/shopify/job-actions.server";
import { fixture, ok, scripted, sleep, SHOP, type Fixture } from "./helpers";
import os from "node:os";

describe("capability patterns", () => {
  it("parses a comma list with zod: sorted, repeats dropped, spaces trimmed", () => {
    expect(parseCapabilities(" render.*, garment.drape ,render.*")).toEqual(["garment.drape", "render.*"]);
    expect(parseCapabilities(undefined)).toEqual(["*"]);
  });

  it("refuses a bad pattern with a message that names it and shows the three forms", () => {
    for (const bad of ["render*", "Render.hero", "render.%", "render.*.x", "*.hero", "render_hero", "render.hero;DROP"]) {
      expect(() => parseCapabilities(`garment.*,${bad}`), bad).toThrow(`"${bad}" is not a capability pattern: use a capability (render.hero), a family (render.*) or * for every capability`);
    }
    expect(() => parseCapabilities("")).toThrow(/names no capability/);
  });

  it("matches exact names, families and *; the SQL filter matches whole names only", () => {
    expect(matchesCapability(["render.*"], "render.hero")).toBe(true);
    expect(matchesCapability(["render.*"], "renderx.hero")).toBe(false);
    expect(matchesCapability(["render.hero"], "render.heroic")).toBe(false);
    expect(matchesCapability(["*"], "anything.at-all")).toBe(true);
    expect(needsCondition(["*"])).toEqual({ sql: "", args: [] });
    expect(needsCondition(["garment.drape", "render.*"]).args).toEqual(["%,garment.drape,%", "%,render.%"]);
  });
});

/** Every provider of both roles, in one registry per worker: only the patterns keep a worker off the other's steps. */
function registryFor(f: Fixture, who: string, log: string[]): ProviderRegistry {
  const reg = f.registry();
  for (const cap of ["lite.prep", "render.work", "lite.finish"]) {
    reg.register(
      scripted("local", cap, (_i, ctx) => {
        log.push(`${who}:${ctx.stepName}`);
        return ok({ by: who });
      }),
    );
  }
  return reg;
}

const spec = () => ({
  shop: SHOP,
  type: "t",
  steps: [
    { name: "prep", capability: "lite.prep" },
    { name: "render", capability: "render.work", dependsOn: ["prep"] },
    { name: "finish", capability: "lite.finish", dependsOn: ["render"] },
  ],
});

async function until(what: string, cond: () => Promise<boolean> | boolean) {
  for (let i = 0; !(await cond()); i++) {
    if (i > 2000) throw new Error(`never: ${what}`);
    await sleep(10);
  }
}

let f: Fixture;
beforeEach(async () => (f = await fixture()));
afterEach(() => f.close());

it("two workers with disjoint roles complete one job together, each running only its own steps", async () => {
  const log: string[] = [];
  const handoffs: string[] = [];
  const light = f.worker(registryFor(f, "light", log), { capabilities: ["lite.*"] });
  const blender = f.worker(registryFor(f, "blender", log), { capabilities: ["render.*"] });
  light.on("job:handoff", (e: { needs: string[] }) => handoffs.push(`light→${e.needs.join(",")}`));
  blender.on("job:handoff", (e: { needs: string[] }) => handoffs.push(`blender→${e.needs.join(",")}`));
  light.start();
  blender.start();
  const j = await createJob(f.t.db, spec());
  expect((await f.t.db.job.findUnique({ where: { id: j.id } }))!.needs).toBe(",lite.prep,");
  expect((await light.waitFor(j.id)).status).toBe("succeeded");
  expect(log).toEqual(["light:prep", "blender:render", "light:finish"]);
  expect(handoffs).toEqual(["light→render.work", "blender→lite.finish"]);
  const done = (await getJob(f.t.db, SHOP, j.id))!;
  expect(done.steps.map((s) => [s.name, s.status, s.attempts, s.output?.data.by])).toEqual([
    ["prep", "succeeded", 1, "light"],
    ["render", "succeeded", 1, "blender"],
    ["finish", "succeeded", 1, "light"],
  ]);
  expect(done.attempts).toBe(3); // claimed three times: light, blender, light
  expect(done.needs).toEqual([]);
});

it("a job whose next step no live worker takes is reported in /healthz's roles check and on the job page, then runs once one starts", async () => {
  const log: string[] = [];
  const blender = f.worker(registryFor(f, "blender", log), { capabilities: ["render.*"] }).start();
  const j = await createJob(f.t.db, spec());
  await until("the render worker's heartbeat", async () => (await f.t.db.workerHeartbeat.count()) === 1);
  await sleep(300); // several polls: the render worker must not take a job whose next step is lite.prep
  const row = (await f.t.db.job.findUnique({ where: { id: j.id } }))!;
  expect([row.status, row.attempts, row.lockedBy]).toEqual(["queued", 0, null]);
  expect(log).toEqual([]);

  const blobs = f.blobs;
  const health = await checkHealth({ db: f.t.db, blobs, blenderPath: null });
  expect(health.checks.roles).toMatchObject({ status: "degraded", liveWorkers: 1, strandedJobs: 1, capabilities: ["lite.prep"] });
  expect(health.status).toBe("degraded");
  expect(health.workers).toEqual([expect.objectContaining({ id: blender.id, capabilities: ["render.*"], live: true, pid: process.pid, host: os.hostname() })]);
  const detail = (await loadJobDetail(f.t.db, SHOP, j.id))!;
  expect(detail.waitingFor).toEqual({ capabilities: ["lite.prep"], pattern: "lite.*" });
  // another shop's job view shows nothing of it
  expect(await loadJobDetail(f.t.db, "other-shop.myshopify.com", j.id)).toBeNull();

  const light = f.worker(registryFor(f, "light", log), { capabilities: ["lite.*"] }).start();
  expect((await light.waitFor(j.id)).status).toBe("succeeded");
  expect(log).toEqual(["light:prep", "blender:render", "light:finish"]);
  expect((await checkHealth({ db: f.t.db, blobs, blenderPath: null })).checks.roles).toMatchObject({ status: "ok", liveWorkers: 2, strandedJobs: 0 });
  expect((await loadJobDetail(f.t.db, SHOP, j.id))!.waitingFor).toBeNull();
});

it("a worker refuses a bad pattern in its options", () => {
  expect(() => f.worker(f.registry(), { capabilities: ["render.*", "garment*"] })).toThrow(/"garment\*" is not a capability pattern/);
});

describe("on BullMQ", () => {
  const queues: BullmqJobQueue[] = [];
  afterEach(async () => {
    await Promise.all(queues.splice(0).map((q) => q.close()));
  });

  it("a handed-over job wakes a worker of the next role through its family queue (database polls a minute apart)", async () => {
    const name = `mockup-roles-${randomUUID().slice(0, 8)}`;
    const [producer, qLight, qBlender] = [0, 1, 2].map(() => new BullmqJobQueue({ name }));
    queues.push(producer, qLight, qBlender);
    const log: string[] = [];
    const slow = { pollMs: 60_000, heartbeatMs: 60_000, staleAfterMs: 600_000 };
    const workers: Worker[] = [
      f.worker(registryFor(f, "light", log), { ...slow, queue: qLight, capabilities: ["lite.*"] }).start(),
      f.worker(registryFor(f, "blender", log), { ...slow, queue: qBlender, capabilities: ["render.*"] }).start(),
    ];
    await Promise.all([qLight.ready(), qBlender.ready()]);
    await sleep(100); // start-up claims found nothing
    const j = await createJob(f.t.db, spec(), { queue: producer });
    expect((await workers[0].waitFor(j.id)).status).toBe("succeeded");
    expect(log).toEqual(["light:prep", "blender:render", "light:finish"]);
  });
});
