/**
 * THE FAULT MATRIX: every fault class × every connector (Mockey.ai, VirtualThreads.io, CGTrader), through the
 * orchestrator (a real worker, real SQLite or Postgres, the vendor's local double). Outcomes are read from job data
 * and the doubles' request counts, never the clock: for each cell,
 *   1. a job whose vendor fails finishes, served by the next provider (not degraded); CGTrader has none: a first
 *      import fails with the fault class on record;
 *   2. the earlier cached result stands in, marked degraded (the next provider switched off; CGTrader: a re-import);
 *   3. nothing that cannot succeed is retried (the failing request counted at the double);
 *   4. the breaker (provider-wide, or the shop's own for auth and rate limits) opens after the configured failures,
 *      refuses without calling the vendor, goes half-open after its cool-down (an injected clock) and closes on
 *      the trial's success.
 * The matrix is printed as one table; docs/fallbacks.md carries the same table.
 *
 * Timing: the attempt timeout is the only clock that matters (hang and trickle end there), and it is generous
 * (ATTEMPT_MS) so a healthy exchange on a loaded machine never meets it; the trickle is slower than it by a wide
 * margin, and task timeouts are backstops no cell reaches. No assertion reads a duration.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectorKit } from "../../app/connectors/shared/connector";
import { FAULT_RULES, type FaultClass } from "../../app/connectors/shared/faults";
import { createJob, getJob } from "../../app/pipeline/jobs";
import type { ShopProviderChoice } from "../../app/pipeline/types";
import type { Worker } from "../../app/pipeline/worker";
import type { FaultMode } from "../doubles/vendor-faults";
import { fixture, type Fixture } from "../pipeline/helpers";
import { MATRIX_CONNECTORS, matrixConnectors, type ConnectorCase, type MatrixConnectors } from "./matrix-cases";

const SHOP = "matrix-shop.myshopify.com";
const THRESHOLD = 2;
const COOL_DOWN_MS = 60_000;
/** one vendor exchange's deadline: far above a healthy exchange under load, far below the trickle (≥ 9 s) */
const ATTEMPT_MS = 2_000;
/** a 429's Retry-After, longer than the attempt: not waited for */
const FAULT_SETTINGS = { retryAfterS: 30, trickleMs: 60 };

/** Each double fault mode, and the class the connector must report for it. */
const FAULTS: [FaultMode, FaultClass][] = [
  ["rate_limited", "rate_limited"],
  ["server_500", "server_error"],
  ["server_502", "server_error"],
  ["server_503", "server_error"],
  ["hang", "timeout"],
  ["trickle", "timeout"],
  ["malformed_json", "malformed"],
  ["wrong_content_type", "content_type"],
  ["expired_token", "auth"],
  ["expired_result", "expired_result"],
  ["task_failed", "task_failed"],
];

interface Row {
  connector: string;
  mode: FaultMode;
  fault: string;
  servedBy: string;
  staleDegraded: string;
  firstJobHits: number;
  failingCalls: number;
  retried: string;
  scope: string;
  opensAfterJobs: number;
  halfOpen: string;
  closed: string;
}
const rows: Row[] = [];

let f: Fixture;
let clock = Date.UTC(2026, 11, 2, 2, 0, 0);
let connectors: MatrixConnectors;
let worker: Worker;
const order = new Map<string, ShopProviderChoice>();

beforeAll(async () => {
  process.env.MOCKUP_ENCRYPTION_KEY ??= randomBytes(32).toString("hex"); // the shop's keys are stored encrypted
  f = await fixture();
  const kit = connectorKit(f.t.db, {
    policy: { attemptTimeoutMs: ATTEMPT_MS, maxAttempts: 3, initialDelayMs: 1, maxDelayMs: 2 },
    breakers: { threshold: THRESHOLD, halfOpenAfterMs: COOL_DOWN_MS, trialLeaseMs: 30_000, now: () => clock },
    guard: { allowLoopback: true },
  });
  connectors = await matrixConnectors(f.t.db, f.blobs, SHOP, kit);
  // step deadlines are the providers' own (minutes): the registry tries each provider once, its policy does the rest
  const registry = f.registry({ maxAttempts: 1, defaultTimeoutMs: 120_000 });
  for (const p of connectors.providers) registry.register(p);
  worker = f.worker(registry, { providerOrder: async (_shop, capability) => order.get(capability), staleAfterMs: 60_000 });
  worker.start();
}, 120_000);

afterAll(async () => {
  printMatrix();
  await connectors?.close();
  await f?.close();
});

let jobNo = 0;
async function runJob(c: ConnectorCase, opts?: { stale?: boolean }) {
  const job = await createJob(f.t.db, c.spec(++jobNo, opts), { queue: f.queue });
  await worker.waitFor(job.id, 10);
  const view = (await getJob(f.t.db, SHOP, job.id))!;
  return { job: view, step: view.steps.find((s) => s.capability === c.capability)! };
}

const breakerRow = (provider: string, shop: string) => f.t.db.connectorBreaker.findUnique({ where: { provider_shop: { provider, shop } } });
const inOrder = (c: ConnectorCase) => order.set(c.capability, { order: c.fallback ? [c.provider, c.fallback] : [c.provider], disabled: [] });

async function expectOutput(c: ConnectorCase, assets: Record<string, string> | undefined) {
  const key = assets?.[c.output.asset];
  expect(key).toMatch(/^[0-9a-f]{64}$/);
  const bytes = await f.blobs.get(key!);
  if (c.output.mediaType === "model/gltf-binary") {
    expect(bytes.subarray(0, 4).toString("latin1")).toBe("glTF");
    return;
  }
  const { default: sharp } = await import("sharp");
  const meta = await sharp(bytes).metadata();
  expect([meta.width, meta.height]).toEqual([c.output.size, c.output.size]);
}

// the cases are built in beforeAll (they need the doubles' ports); describe.each needs their names now
const byName = (name: string) => connectors.cases.find((c) => c.name === name)!;

describe.each(MATRIX_CONNECTORS)("$name", ({ name, notApplicable }) => {
  it("healthy: the vendor serves the job (first in the shop's order), and its result is kept for later", async () => {
    const c = byName(name);
    c.setFault("none");
    inOrder(c);
    const { job, step } = await runJob(c);
    expect(job.status).toBe("succeeded");
    expect(step).toMatchObject({ status: "succeeded", provider: c.provider, degraded: false });
    await expectOutput(c, step.output?.assets);
    if (c.capability === "mockup.live") {
      const glb = await f.blobs.get(step.output!.assets.glb);
      expect(glb.subarray(0, 4).toString("latin1")).toBe("glTF");
    }
  });

  it.each(FAULTS.filter(([mode]) => !notApplicable.includes(mode)))("fault %s", async (mode, fault) => {
    const c = byName(name);
    const rule = FAULT_RULES[fault];
    await f.t.db.connectorBreaker.deleteMany({});
    clock += 1_000;
    c.setFault(mode, FAULT_SETTINGS);
    inOrder(c);
    const scopeShop = rule.scope === "shop" ? SHOP : "";

    // 1. the first job: finished by the next provider, not degraded; with none (CGTrader), a first import (no earlier
    //    result to stand in) fails; either way the vendor's fault class is on record
    const failing = c.failing(mode);
    const before = c.hits();
    const failingBefore = failing.count();
    const first = await runJob(c, { stale: c.fallback !== null });
    const firstHits = c.hits() - before;
    const failingCalls = failing.count() - failingBefore;
    if (c.fallback) {
      expect(first.job.status).toBe("succeeded");
      expect(first.step).toMatchObject({ status: "succeeded", provider: c.fallback, degraded: false });
    } else {
      expect(first.job.status).toBe("failed");
      expect(first.step.status).toBe("failed");
    }
    expect((await breakerRow(c.provider, scopeShop))?.lastFault).toBe(fault);

    // 3. nothing retried that cannot succeed: a non-retryable fault costs the request that failed (and the one extra
    //    the adapter asks by design), no more; a 30 s Retry-After is longer than the attempt timeout: not waited for
    const retryable = rule.retry && fault !== "rate_limited";
    if (retryable) expect(failingCalls).toBeGreaterThan(failing.once);
    else expect(failingCalls).toBe(failing.once);

    // 4. the breaker opens after THRESHOLD failed attempts (one job of retries may be enough) and then spares the vendor
    let jobs = 1;
    while ((await breakerRow(c.provider, scopeShop))?.state !== "open" && jobs < THRESHOLD + 1) {
      await runJob(c);
      jobs++;
    }
    expect((await breakerRow(c.provider, scopeShop))?.state).toBe("open");
    expect(jobs).toBeLessThanOrEqual(THRESHOLD);
    if (rule.scope === "shop") expect((await breakerRow(c.provider, ""))?.state ?? "closed").toBe("closed");
    const hitsWhenOpen = c.hits();
    const spared = await runJob(c);
    expect(spared.job.status).toBe("succeeded");
    if (c.fallback) expect(spared.step.provider).toBe(c.fallback);
    expect(c.hits()).toBe(hitsWhenOpen);

    // 2. the earlier cached result stands in, marked degraded: with the next provider switched off, or (CGTrader)
    //    for the re-import just made while the breaker was open
    let stale = spared;
    if (c.fallback) {
      order.set(c.capability, { order: [c.provider], disabled: [c.fallback] });
      stale = await runJob(c);
      inOrder(c);
    }
    expect(stale.job.status).toBe("succeeded");
    expect(stale.step.degraded).toBe(true);
    await expectOutput(c, stale.step.output?.assets);
    expect(c.hits()).toBe(hitsWhenOpen);

    // half-open after the cool-down; the trial's success closes it
    c.setFault("none");
    clock += COOL_DOWN_MS + 1;
    const trial = await runJob(c);
    expect(trial.step).toMatchObject({ status: "succeeded", provider: c.provider, degraded: false });
    const closed = await breakerRow(c.provider, scopeShop);
    expect(closed).toMatchObject({ state: "closed", failures: 0, outageId: null });

    rows.push({
      connector: c.name,
      mode,
      fault,
      servedBy: c.fallback ? `${first.step.provider}` : "fails (no next provider)",
      staleDegraded: stale.step.degraded ? "yes" : "no",
      firstJobHits: firstHits,
      failingCalls,
      retried: retryable ? `yes (${failingCalls})` : "no",
      scope: rule.scope === "shop" ? "shop" : "provider",
      opensAfterJobs: jobs,
      halfOpen: "trial ok",
      closed: closed?.state ?? "?",
    });
  });
});

function printMatrix() {
  if (!rows.length) return;
  const head = ["connector", "double fault", "fault class", "first job served by", "stale result degraded", "vendor requests (1st job)", "failing request sent", "retried", "breaker scope", "opens after jobs", "half-open", "after trial"];
  const lines = [
    `| ${head.join(" | ")} |`,
    `|${head.map(() => "---").join("|")}|`,
    ...rows.map((r) => `| ${[r.connector, r.mode, r.fault, r.servedBy, r.staleDegraded, r.firstJobHits, r.failingCalls, r.retried, r.scope, r.opensAfterJobs, r.halfOpen, r.closed].join(" | ")} |`),
    ...MATRIX_CONNECTORS.flatMap((c) => c.notApplicable.map((m) => `| ${c.name} | ${m} | — | not applicable (the API has no tasks) | | | | | | | | |`)),
  ];
  console.log(`\nFAULT MATRIX (threshold ${THRESHOLD}, attempt timeout ${ATTEMPT_MS} ms)\n${lines.join("\n")}\n`);
}
