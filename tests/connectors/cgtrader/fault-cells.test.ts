/**
 * CGTrader's cells of the fault matrix, through the orchestrator (a real worker and database, the CGTrader double,
 * the shared connector kit with an injected breaker clock, millisecond timeouts). Outcomes are read from job data
 * and the double's request log, never the clock. CGTrader has no next provider (matrix-case.ts), so per fault mode:
 *   1. a first import fails, and the shared breaker records the fault class;
 *   2. nothing that cannot succeed is retried (the failing request counted at the double);
 *   3. the breaker (provider-wide, or the shop's own for auth and rate limits) opens after the configured failures
 *      and then spares the vendor;
 *   4. a re-import is finished by the earlier import's result, marked degraded;
 *   5. half-open after the cool-down, the trial's success closes it.
 * The rows are printed as the matrix's table (tests/connectors/fault-matrix.test.ts prints Mockey's).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectorKit, type ConnectorKit } from "../../../app/connectors/shared/connector";
import { FAULT_RULES, type FaultClass } from "../../../app/connectors/shared/faults";
import { createJob, getJob } from "../../../app/pipeline/jobs";
import type { Worker } from "../../../app/pipeline/worker";
import type { FaultMode } from "../../doubles/vendor-faults";
import { fixture, type Fixture } from "../../pipeline/helpers";
import { cgtraderMatrixCase, type CgtraderMatrixCase } from "./matrix-case";

const SHOP = "cgt-matrix.myshopify.com";
const THRESHOLD = 2;
const COOL_DOWN_MS = 60_000;
// long enough for a healthy exchange on a loaded 2-core machine, short against a hang (the trickle takes ~4 s)
const ATTEMPT_MS = 1500;

/** Each shared fault mode and the class CGTrader's adapter must report for it. */
const FAULTS: [FaultMode, FaultClass, string][] = [
  ["rate_limited", "rate_limited", "details"],
  ["server_500", "server_error", "details"],
  ["server_502", "server_error", "details"],
  ["server_503", "server_error", "details"],
  ["hang", "timeout", "details"],
  ["trickle", "timeout", "details"],
  ["malformed_json", "malformed", "details"],
  ["wrong_content_type", "content_type", "download"],
  ["expired_token", "auth", "details"],
  ["expired_result", "expired_result", "download"],
];

let f: Fixture;
let kit: ConnectorKit;
let c: CgtraderMatrixCase;
let worker: Worker;
let clock = Date.UTC(2026, 11, 2, 3, 0, 0);
const rows: string[][] = [];

beforeAll(async () => {
  process.env.MOCKUP_ENCRYPTION_KEY = "3b".repeat(32);
  f = await fixture();
  kit = connectorKit(f.t.db, {
    policy: {
      attemptTimeoutMs: ATTEMPT_MS,
      maxAttempts: 3,
      initialDelayMs: 1,
      maxDelayMs: 2,
    },
    breakers: {
      threshold: THRESHOLD,
      halfOpenAfterMs: COOL_DOWN_MS,
      trialLeaseMs: 5_000,
      now: () => clock,
    },
    guard: { allowLoopback: true },
  });
  c = await cgtraderMatrixCase(f.t.db, SHOP, kit);
  const registry = f.registry({ maxAttempts: 1 });
  for (const p of c.providers) registry.register(p);
  worker = f.worker(registry);
  worker.start();
}, 60_000);

afterAll(async () => {
  if (rows.length) {
    const head = [
      "connector",
      "double fault",
      "fault class",
      "first import",
      "vendor requests of the failing call",
      "retried",
      "breaker scope",
      "opens after jobs",
      "re-import (stale)",
      "after trial",
    ];
    const table = [`| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)];
    console.log(`\nFAULT MATRIX, CGTrader (threshold ${THRESHOLD}, attempt timeout ${ATTEMPT_MS} ms)\n${table.join("\n")}\n`);
  }
  await c?.close();
  await f?.close();
});

let jobNo = 0;
async function run(stale: boolean) {
  const spec = c.spec(++jobNo);
  if (!stale) delete spec.steps[0]!.staleKey;
  const job = await createJob(f.t.db, spec, { queue: f.queue });
  await worker.waitFor(job.id, 10);
  const view = (await getJob(f.t.db, SHOP, job.id))!;
  return { job: view, step: view.steps[0]! };
}
const breaker = (shop: string) =>
  f.t.db.connectorBreaker.findUnique({
    where: { provider_shop: { provider: "cgtrader", shop } },
  });
const callsTo = (target: string) => c.double.calls.filter((x) => x.target === target).length;

describe("CGTrader model.fetch", () => {
  it("healthy: an import is served by CGTrader and its result kept for a later re-import", async () => {
    c.setFault("none");
    const { job, step } = await run(true);
    expect(job.status).toBe("succeeded");
    expect(step).toMatchObject({ provider: "cgtrader", degraded: false });
    expect(step.output?.assets.glb).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each(FAULTS)("fault %s", async (mode, fault, target) => {
    const rule = FAULT_RULES[fault];
    await f.t.db.connectorBreaker.deleteMany({});
    clock += 1_000;
    c.setFault(mode, { retryAfterS: 30, trickleMs: 60 });
    const scopeShop = rule.scope === "shop" ? SHOP : "";

    // 1. a first import (no earlier result) fails with the fault on record
    const before = callsTo(target);
    const first = await run(false);
    const failingCalls = callsTo(target) - before;
    expect(first.job.status).toBe("failed");
    expect((await breaker(scopeShop))?.lastFault).toBe(fault);

    // 2. nothing retried that cannot succeed: one request, except the one token refresh (expired_token: 2) and the
    //    one fresh signed URL (expired_result: 2); a 30 s Retry-After is longer than the attempt: not waited for
    const retryable = rule.retry && fault !== "rate_limited";
    if (retryable) expect(failingCalls).toBeGreaterThan(1);
    // retried until the breaker opened (threshold 2) or 3 attempts
    else expect(failingCalls).toBe(mode === "expired_token" || mode === "expired_result" ? 2 : 1);

    // 3. the breaker opens after THRESHOLD failed attempts, then spares the vendor
    let jobs = 1;
    while ((await breaker(scopeShop))?.state !== "open" && jobs < THRESHOLD + 1) {
      await run(true);
      jobs++;
    }
    expect((await breaker(scopeShop))?.state).toBe("open");
    expect(jobs).toBeLessThanOrEqual(THRESHOLD);
    if (rule.scope === "shop") expect((await breaker(""))?.state ?? "closed").toBe("closed");
    const hits = c.hits();

    // 4. a re-import while it is open: the earlier import's result, degraded, without a request to CGTrader
    const stale = await run(true);
    expect(stale.job.status).toBe("succeeded");
    expect(stale.step.degraded).toBe(true);
    expect(stale.step.output?.assets.glb).toMatch(/^[0-9a-f]{64}$/);
    expect(c.hits()).toBe(hits);

    // 5. half-open after the cool-down; the trial's success closes it
    c.setFault("none");
    clock += COOL_DOWN_MS + 1;
    const trial = await run(true);
    expect(trial.step).toMatchObject({
      status: "succeeded",
      provider: "cgtrader",
      degraded: false,
    });
    expect(await breaker(scopeShop)).toMatchObject({
      state: "closed",
      failures: 0,
      outageId: null,
    });

    rows.push([
      "CGTrader model.fetch",
      mode,
      fault,
      "fails (no next provider)",
      String(failingCalls),
      retryable ? "yes" : "no",
      rule.scope ?? "none",
      String(jobs),
      "degraded",
      "closed",
    ]);
  });
});
