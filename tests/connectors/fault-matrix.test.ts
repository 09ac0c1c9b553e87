/**
 * THE FAULT MATRIX: every fault class × every connector, through the orchestrator (a real worker, real SQLite or
 * Postgres, the vendor's local double, millisecond timeouts). Outcomes are read from job data, never the clock:
 * for each cell,
 *   1. a job whose vendor fails finishes, served by the next provider (not degraded);
 *   2. with the next provider switched off, it finishes from the earlier cached result, marked degraded;
 *   3. nothing that cannot succeed is retried (vendor hits counted by the double);
 *   4. the breaker (provider-wide, or the shop's own for auth and rate limits) opens after the configured failures,
 *      refuses without calling the vendor, goes half-open after its cool-down (an injected clock) and closes on
 *      the trial's success.
 * The matrix is printed as a table; docs/fallbacks.md carries the same table.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectorKit, type ConnectorKit } from "../../app/connectors/shared/connector";
import { FAULT_RULES, type FaultClass } from "../../app/connectors/shared/faults";
import { mockeyProviders } from "../../app/connectors/mockey/providers";
import { encodePasses } from "../../app/mockups/passes/format";
import { syntheticPasses } from "../../app/mockups/passes/synthetic";
import { localComposeProvider } from "../../app/mockups/providers/compose-local";
import { createJob, getJob } from "../../app/pipeline/jobs";
import type { ProviderRegistry } from "../../app/pipeline/registry";
import type { JobSpec, Provider, ShopProviderChoice } from "../../app/pipeline/types";
import type { Worker } from "../../app/pipeline/worker";
import { saveSettings } from "../../app/shopify/settings.server";
import { startMockeyDouble, type MockeyDouble } from "../doubles/mockey/server";
import { startVirtualThreadsDouble, type VirtualThreadsDouble } from "../doubles/virtualthreads/server";
import { liveProviders } from "../../app/connectors/virtualthreads/providers";
import { ShopAssetStore } from "../../app/assets/store/asset-store.server";
import type { FaultMode } from "../doubles/vendor-faults";
import { fixture, type Fixture } from "../pipeline/helpers";

const SHOP = "matrix-shop.myshopify.com";
const THRESHOLD = 2;
const COOL_DOWN_MS = 60_000;
const ATTEMPT_MS = 300;

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
  retried: string;
  scope: string;
  opensAfterJobs: number;
  halfOpen: string;
  closed: string;
}
const rows: Row[] = [];

/** A connector under test: how to reach its double and what a job for it looks like. */
interface ConnectorCase {
  name: string;
  capability: string;
  provider: string;
  fallback: string;
  /** vendor hits the double counted (all routes) */
  hits(): number;
  /** downloads of signed result URLs */
  resultHits(): number;
  /** the output asset holding the (first) image, and its size */
  imageAsset: string;
  imageSize: number;
  setFault(mode: FaultMode): void;
  spec(i: number): JobSpec;
}

let f: Fixture;
let kit: ConnectorKit;
let clock = Date.UTC(2026, 11, 2, 2, 0, 0);
let mockey: MockeyDouble;
let vt: VirtualThreadsDouble;
let designKey = "";
let passKeys: Record<string, string> | undefined;
const order = new Map<string, ShopProviderChoice>();

/** Synthetic passes stored once; every job's "model" step hands them to the mockup step. */
const modelProvider: Provider = {
  name: "fixture",
  capability: "test.model",
  version: "1",
  async run(_input, ctx) {
    if (!passKeys) {
      const enc = await encodePasses(syntheticPasses({ size: 512 }));
      const meta = { mediaType: "image/png", width: 512, height: 512 };
      passKeys = {
        uv: await ctx.assets.put(enc.uv, { kind: "pass.uv", ...meta }),
        shading: await ctx.assets.put(enc.shading, { kind: "pass.shading", ...meta }),
        mask: await ctx.assets.put(enc.mask, { kind: "pass.mask", ...meta }),
      };
    }
    return { assets: passKeys, data: { info: { name: "tee", printAreas: [{ name: "front", uv: { u0: 0.2, v0: 0.2, u1: 0.8, v1: 0.8 }, widthCm: 30, heightCm: 30 }] } } };
  },
};

let registry: ProviderRegistry;
let worker: Worker;

beforeAll(async () => {
  process.env.MOCKUP_ENCRYPTION_KEY ??= randomBytes(32).toString("hex"); // the shop's Mockey key is stored encrypted
  f = await fixture();
  mockey = await startMockeyDouble({ processingPolls: 1 });
  kit = connectorKit(f.t.db, {
    policy: { attemptTimeoutMs: ATTEMPT_MS, maxAttempts: 3, initialDelayMs: 1, maxDelayMs: 2 },
    breakers: { threshold: THRESHOLD, halfOpenAfterMs: COOL_DOWN_MS, trialLeaseMs: 5_000, now: () => clock },
    guard: { allowLoopback: true },
  });
  registry = f.registry({ maxAttempts: 1 });
  registry.register(modelProvider);
  registry.register(localComposeProvider());
  for (const p of mockeyProviders(kit, { pollMs: 2, taskTimeoutMs: 2_000, templateCacheMs: 0 })) registry.register(p);
  for (const p of liveProviders(kit, { pollMs: 2, taskTimeoutMs: 2_000 })) registry.register(p);
  vt = await startVirtualThreadsDouble();
  const { default: sharp } = await import("sharp");
  const art = await sharp({ create: { width: 400, height: 300, channels: 4, background: { r: 245, g: 222, b: 179, alpha: 1 } } })
    .composite([{ input: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300"><text x="30" y="190" font-size="140" font-family="sans-serif" font-weight="bold" fill="#2E8B57">WOLLE</text></svg>') }])
    .png()
    .toBuffer();
  designKey = await new ShopAssetStore(SHOP, f.t.db, f.blobs).put(art, { kind: "design", mediaType: "image/png" });
  worker = f.worker(registry, { providerOrder: async (_shop, capability) => order.get(capability) });
  worker.start();
  await saveSettings(
    f.t.db,
    SHOP,
    { services: { mockey: { baseUrl: mockey.url, apiKey: mockey.apiKey }, virtualthreads: { baseUrl: vt.url, apiKey: vt.apiKey } } },
    { registered: { "mockup.compose": ["local", "mockey"], "mockup.live": ["local", "virtualthreads"] } },
  );
}, 60_000);

afterAll(async () => {
  printMatrix();
  await mockey?.close();
  await vt?.close();
  await f?.close();
});

const CASES: ConnectorCase[] = [
  {
    name: "Mockey.ai mockup.compose",
    capability: "mockup.compose",
    provider: "mockey",
    fallback: "local",
    hits: () => Object.entries(mockey.hits).reduce((n, [, v]) => n + v, 0),
    resultHits: () => mockey.hits.result ?? 0,
    imageAsset: "image",
    imageSize: 1024,
    setFault: (m) => mockey.setFault(m, { retryAfterS: 30, trickleMs: 40 }),
    spec: (i) => ({
      shop: SHOP,
      type: "matrix",
      steps: [
        { name: "model", capability: "test.model" },
        // a new colour per job: no step-cache hit hides the vendor; one staleKey: an earlier result can stand in
        { name: "mockup", capability: "mockup.compose", dependsOn: ["model"], staleKey: "tee/front", params: { view: "front", color: { name: `c${i}`, hex: `#${(0x203040 + i * 0x010101).toString(16).padStart(6, "0")}` }, size: 1024, format: "png" } },
      ],
    }),
  },
  {
    name: "VirtualThreads.io mockup.live",
    capability: "mockup.live",
    provider: "virtualthreads",
    fallback: "local",
    hits: () => Object.entries(vt.hits).reduce((n, [, v]) => n + v, 0),
    resultHits: () => vt.hits.file ?? 0,
    imageAsset: "image_front",
    imageSize: 512,
    setFault: (m) => vt.setFault(m, { retryAfterS: 30, trickleMs: 40 }),
    spec: (i) => ({
      shop: SHOP,
      type: "matrix",
      steps: [
        {
          name: "live",
          capability: "mockup.live",
          staleKey: "live/tee/front",
          params: { model: "tee", color: { name: `c${i}`, hex: `#${(0x2e8b57 + i * 0x010101).toString(16).padStart(6, "0")}` }, views: ["front"], designKey, size: 512, format: "jpeg" },
        },
      ],
    }),
  },
];

let jobNo = 0;
async function runJob(c: ConnectorCase) {
  const job = await createJob(f.t.db, c.spec(++jobNo), { queue: f.queue });
  await worker.waitFor(job.id, 10);
  const view = (await getJob(f.t.db, SHOP, job.id))!;
  return { job: view, step: view.steps.find((s) => s.capability === c.capability)! };
}

async function breakerRow(provider: string, shop: string) {
  return f.t.db.connectorBreaker.findUnique({ where: { provider_shop: { provider, shop } } });
}

describe.each(CASES)("$name", (c) => {
  it("healthy: the vendor serves the job (first in the shop's order), and its result is kept for later", async () => {
    c.setFault("none");
    order.set(c.capability, { order: [c.provider, c.fallback], disabled: [] });
    const { job, step } = await runJob(c);
    expect(job.status).toBe("succeeded");
    expect(step).toMatchObject({ status: "succeeded", provider: c.provider, degraded: false });
    const img = await f.blobs.get(step.output!.assets[c.imageAsset]);
    const { default: sharp } = await import("sharp");
    const meta = await sharp(img).metadata();
    expect([meta.width, meta.height]).toEqual([c.imageSize, c.imageSize]);
    if (c.capability === "mockup.live") {
      const glb = await f.blobs.get(step.output!.assets.glb);
      expect(glb.subarray(0, 4).toString("latin1")).toBe("glTF");
    }
  });

  it.each(FAULTS)("fault %s", async (mode, fault) => {
    const rule = FAULT_RULES[fault];
    await f.t.db.connectorBreaker.deleteMany({});
    clock += 1_000;
    c.setFault(mode);
    order.set(c.capability, { order: [c.provider, c.fallback], disabled: [] });

    // 1. the first job: finished by the next provider, not degraded; the vendor's fault class is on record
    const before = c.hits();
    const resultsBefore = c.resultHits();
    const first = await runJob(c);
    const firstHits = c.hits() - before;
    const resultHits = c.resultHits() - resultsBefore;
    expect(first.job.status).toBe("succeeded");
    expect(first.step).toMatchObject({ status: "succeeded", provider: c.fallback, degraded: false });
    const scopeShop = rule.scope === "shop" ? SHOP : "";
    const row1 = await breakerRow(c.provider, scopeShop);
    expect(row1?.lastFault).toBe(fault);

    // 3. nothing retried that cannot succeed: a non-retryable fault costs the vendor call that failed, no more
    //    (the hits before the failing one are the template list, task creation and polls that did succeed)
    const retryable = rule.retry && !(fault === "rate_limited"); // a 30 s Retry-After is longer than the attempt timeout
    const failingCalls = firstHitsOfFailingCall(mode, firstHits, resultHits);
    if (!retryable) expect(failingCalls).toBe(1);
    else expect(failingCalls).toBeGreaterThan(1);

    // 4. the breaker opens after THRESHOLD failed attempts (one job of retries may be enough) and then spares the vendor
    let jobs = 1;
    while ((await breakerRow(c.provider, scopeShop))?.state !== "open" && jobs < THRESHOLD + 1) {
      await runJob(c);
      jobs++;
    }
    const open = await breakerRow(c.provider, scopeShop);
    expect(open?.state).toBe("open");
    expect(jobs).toBeLessThanOrEqual(THRESHOLD);
    if (rule.scope === "shop") expect((await breakerRow(c.provider, ""))?.state ?? "closed").toBe("closed");
    const hitsWhenOpen = c.hits();
    const spared = await runJob(c);
    expect(spared.step).toMatchObject({ status: "succeeded", provider: c.fallback });
    expect(c.hits()).toBe(hitsWhenOpen);

    // 2. the next provider switched off: the earlier cached result stands in, marked degraded
    order.set(c.capability, { order: [c.provider], disabled: [c.fallback] });
    const stale = await runJob(c);
    expect(stale.job.status).toBe("succeeded");
    expect(stale.step.degraded).toBe(true);
    expect(stale.step.output?.assets[c.imageAsset]).toBeTruthy();
    order.set(c.capability, { order: [c.provider, c.fallback], disabled: [] });

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
      servedBy: `${first.step.provider}`,
      staleDegraded: stale.step.degraded ? "yes" : "no",
      firstJobHits: firstHits,
      retried: retryable ? `yes (${failingCalls})` : "no",
      scope: rule.scope === "shop" ? "shop" : "provider",
      opensAfterJobs: jobs,
      halfOpen: "trial ok",
      closed: closed?.state ?? "?",
    });
  });
});

/**
 * How many requests hit the call that failed: the double fails every API route in the mode, so the failing call is
 * the first one, and its hits are all the job's hits except those of result and later routes. For expired_result
 * and task_failed the API answers, so the failing call is the result download / the task, counted apart.
 */
function firstHitsOfFailingCall(mode: FaultMode, hits: number, resultHits: number): number {
  // one download of the expired URL and one of the fresh URL the task gave next: each fetched once, not retried
  if (mode === "expired_result") return resultHits === 2 ? 1 : resultHits;
  if (mode === "task_failed") return 1;
  return hits;
}

function printMatrix() {
  if (!rows.length) return;
  const head = ["connector", "double fault", "fault class", "first job served by", "stale result degraded", "vendor requests (1st job)", "retried", "breaker scope", "opens after jobs", "half-open", "after trial"];
  const lines = [
    `| ${head.join(" | ")} |`,
    `|${head.map(() => "---").join("|")}|`,
    ...rows.map((r) => `| ${[r.connector, r.mode, r.fault, r.servedBy, r.staleDegraded, r.firstJobHits, r.retried, r.scope, r.opensAfterJobs, r.halfOpen, r.closed].join(" | ")} |`),
  ];
  console.log(`\nFAULT MATRIX (threshold ${THRESHOLD}, attempt timeout ${ATTEMPT_MS} ms)\n${lines.join("\n")}\n`);
}
