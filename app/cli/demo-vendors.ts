/**
 * `mockup demo --vendors local`: the vendor connectors at work, against the local servers that speak their APIs
 * (tests/doubles: assumed contracts for Mockey.ai and VirtualThreads.io, CGTrader's documented one), started in this
 * process on 127.0.0.1. A shop of its own (demo-vendors.local, so the plain demo's settings and cache stay as they
 * were) gets their base URLs and keys (encrypted like the Settings page stores them) and puts each vendor first.
 *
 *   1. vendor path: a CGTrader import (details, signed download, conversion), the tee and hoodie mockups by
 *      Mockey.ai, a shopper's live preview by VirtualThreads.io;
 *   2. fallback: Mockey.ai goes down (503 on every call): the next mockups are made by the local compositor, the
 *      shared breaker opens after DEMO_BREAKER.threshold failures and spares Mockey.ai the rest;
 *   3. recovery: Mockey.ai comes back; after the cool-down one trial job closes the breaker.
 * Each phase prints which provider served each step and the breaker's state.
 */
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import { cgtraderAccessOn } from "../connectors/cgtrader/wiring.server";
import { startImport } from "../connectors/cgtrader/import.server";
import { defaultConnectorKit } from "../connectors/shared/default-kit.server";
import { getDb } from "../db/client.server";
import { createJob, getJob } from "../pipeline/jobs";
import { createRuntime, type Runtime } from "../runtime.server";
import { saveSettings } from "../shopify/settings.server";
import { MERINO, demoProductSpec, storeDemoDesign, type DemoProduct } from "./demo-catalog";
import { runDemoJobs, writeDemoOutputs, type DemoJob } from "./demo-run";
import { ms } from "./format";
import type { CliIO } from "./types";

export const SHOP = "demo-vendors.local";

/**
 * The demo's breakers: open after 2 failed attempts, a trial after 20 s (production's defaults are 5 and 30 s): long
 * enough that the whole outage phase meets an open breaker on a slow machine, short enough to wait for.
 */
export const DEMO_BREAKER = { threshold: 2, halfOpenAfterMs: 20_000 } as const;

/** The CGTrader sample imported (Kenney's mug: small, converts in a second). */
const CGTRADER_MODEL = "4101";

const VENDOR_CATALOG: DemoProduct[] = [
  { productId: "merino-tee", model: "tee", colors: MERINO, views: ["front", "back"], hero: false, backPrint: true },
  { productId: "merino-hoodie", model: "hoodie", colors: MERINO, views: ["front"], hero: false },
];
/** During the outage, one after the other: smaller chest prints (new mockups, not the step cache's). */
const OUTAGE: DemoProduct[] = [
  { productId: "merino-tee-outage", model: "tee", colors: MERINO, views: ["front"], hero: false, scale: 0.5 },
  { productId: "merino-hoodie-outage", model: "hoodie", colors: MERINO, views: ["front"], hero: false, scale: 0.5 },
];
/** After it: one more tee mockup for the half-open trial. */
const RECOVERY_TEE: DemoProduct = { productId: "merino-tee-recovered", model: "tee", colors: [MERINO[0]], views: ["front"], hero: false, scale: 0.6 };

/** The capabilities a vendor serves in this demo. */
const VENDOR_CAPABILITIES = ["mockup.compose", "mockup.live", "model.fetch"] as const;

type Doubles = Awaited<ReturnType<typeof startDoubles>>;

export interface VendorDemoOptions {
  /** where outputs go, a folder per job */
  outDir: string;
  size: 1024 | 2048;
}

export async function vendorDemo(io: CliIO, opts: VendorDemoOptions): Promise<number> {
  // the demo's own throwaway key when none is set: its shop is written afresh each run, so nothing needs it later
  process.env.MOCKUP_ENCRYPTION_KEY ||= randomBytes(32).toString("hex");
  // the doubles listen on 127.0.0.1: this process's kit may reach loopback (code, never an env switch)
  const kit = defaultConnectorKit({ guard: { allowLoopback: true }, breakers: DEMO_BREAKER, policy: { initialDelayMs: 50, maxDelayMs: 200 } });
  const doubles = await startDoubles();
  const rt = await createRuntime({ db: getDb() });
  const t0 = performance.now();
  try {
    await connectShop(rt, doubles);
    io.out(`Vendor doubles on 127.0.0.1 (assumed contracts for Mockey.ai and VirtualThreads.io; see README):`);
    io.out(`  Mockey.ai ${doubles.mockey.url}  ·  VirtualThreads.io ${doubles.vt.url}  ·  CGTrader ${doubles.cgt?.url ?? "not started (no sample models: shared data missing)"}`);
    io.out(`Shop ${SHOP}: each vendor first in its capability's order, the local provider after it; outputs go to ${opts.outDir}`);
    const designKey = await storeDemoDesign(rt, SHOP);

    // 1. the vendor path
    io.out(`\n1. Vendor path`);
    const vendorJobs: DemoJob[] = [];
    if (doubles.cgt) {
      const imp = await startImport(rt.db, SHOP, { id: CGTRADER_MODEL }, cgtraderAccessOn(kit));
      if (!imp.ok) throw new Error(`CGTrader import refused: ${imp.error}${"detail" in imp && imp.detail ? ` (${imp.detail})` : ""}`);
      vendorJobs.push({ label: `cgtrader-import-${CGTRADER_MODEL}`, id: imp.jobId! });
    }
    for (const p of VENDOR_CATALOG) vendorJobs.push(await productJob(rt, p, designKey, opts.size));
    const live = await createJob(rt.db, {
      shop: SHOP,
      type: "live-preview",
      steps: [{ name: "live", capability: "mockup.live", params: { model: "tee", color: MERINO[0], views: ["front"], designKey, size: 512, format: "jpeg" } }],
    });
    vendorJobs.push({ label: "shopper-live-preview", id: live.id });
    await runDemoJobs(rt, io, SHOP, vendorJobs);
    let failed = await writeDemoOutputs(rt, io, SHOP, vendorJobs, opts.outDir);
    io.out(await servedBy(rt, vendorJobs));

    // 2. an outage and the fallback: the first job's failures open the breaker, the second job never calls Mockey.ai
    io.out(`\n2. Mockey.ai goes down (503 on every call): the local compositor takes over`);
    doubles.mockey.setFault("server_503");
    const outage: DemoJob[] = [];
    const mockeyHits = () => Object.values(doubles.mockey.hits).reduce((n, v) => n + v, 0);
    let spared = 0;
    for (const p of OUTAGE) {
      const job = [await productJob(rt, p, designKey, opts.size)];
      const before = mockeyHits();
      await runDemoJobs(rt, io, SHOP, job);
      failed += await writeDemoOutputs(rt, io, SHOP, job, opts.outDir);
      spared = mockeyHits() - before;
      io.out(`${await servedBy(rt, job)}; requests to Mockey.ai: ${spared}`);
      io.out(await breakerLine(rt, "mockey"));
      outage.push(...job);
    }

    // 3. recovery: after the cool-down, one trial closes the breaker
    doubles.mockey.setFault("none");
    const open = await rt.db.connectorBreaker.findUnique({ where: { provider_shop: { provider: "mockey", shop: "" } } });
    const wait = Math.max(0, (open?.retryAt?.getTime() ?? 0) - Date.now()) + 100;
    io.out(`\n3. Mockey.ai is back; after the breaker's cool-down (${Math.ceil(wait / 1000)} s more) one trial job`);
    await new Promise((r) => setTimeout(r, wait));
    const recovery = [await productJob(rt, RECOVERY_TEE, designKey, opts.size)];
    await runDemoJobs(rt, io, SHOP, recovery);
    failed += await writeDemoOutputs(rt, io, SHOP, recovery, opts.outDir);
    io.out(await servedBy(rt, recovery));
    io.out(await breakerLine(rt, "mockey"));

    const jobs = vendorJobs.length + outage.length + recovery.length;
    io.out(`\nvendor demo finished in ${ms(performance.now() - t0)}: ${jobs - failed}/${jobs} jobs succeeded; the second outage job sent Mockey.ai ${spared === 0 ? "no request: the breaker spared it" : `${spared} requests`}`);
    return failed === 0 ? 0 : 1;
  } finally {
    await rt.close();
    await doubles.close();
  }
}

/** The doubles live in tests/doubles (the repository's, like the sample models): loaded only for this demo. */
async function startDoubles() {
  const load = async <T>(what: string, p: Promise<T>): Promise<T> =>
    p.catch((err: unknown) => {
      throw new Error(`mockup demo --vendors local needs the repository's ${what} (run it from a checkout): ${(err as Error).message}`);
    });
  const [{ startMockeyDouble }, { startVirtualThreadsDouble }, { startCgtraderDouble }, shared] = await Promise.all([
    load("tests/doubles/mockey", import("../../tests/doubles/mockey/server")),
    load("tests/doubles/virtualthreads", import("../../tests/doubles/virtualthreads/server")),
    load("tests/doubles/cgtrader", import("../../tests/doubles/cgtrader/server")),
    load("tests/helpers/shared-data", import("../../tests/helpers/shared-data")),
  ]);
  const mockey = await startMockeyDouble({ processingPolls: 1 });
  const vt = await startVirtualThreadsDouble();
  // CGTrader's double serves the shared sample models: without them the demo runs the other two
  const samples = path.join(shared.sharedDir(), "samples/models");
  const cgt = existsSync(samples) ? await startCgtraderDouble({ samplesDir: samples }) : null;
  const { DEMO_CLIENT } = await import("../../tests/doubles/cgtrader/server");
  return {
    mockey,
    vt,
    cgt,
    cgtClient: DEMO_CLIENT,
    close: async () => {
      await Promise.all([mockey.close(), vt.close(), cgt?.close()]);
    },
  };
}

/** The shop, written afresh: base URLs and keys of the doubles (secrets encrypted), each vendor first. */
async function connectShop(rt: Runtime, d: Doubles) {
  await rt.db.shop.deleteMany({ where: { domain: SHOP } });
  await rt.db.libraryEntry.deleteMany({ where: { shop: SHOP } });
  // the vendors' earlier results: each run calls them again (passes and models stay cached: Blender's work is kept)
  await rt.db.stepCache.deleteMany({ where: { shop: SHOP, capability: { in: [...VENDOR_CAPABILITIES] } } });
  await saveSettings(
    rt.db,
    SHOP,
    {
      services: {
        mockey: { baseUrl: d.mockey.url, apiKey: d.mockey.apiKey },
        virtualthreads: { baseUrl: d.vt.url, apiKey: d.vt.apiKey },
        ...(d.cgt ? { cgtrader: { baseUrl: d.cgt.url, clientId: d.cgtClient.clientId, clientSecret: d.cgtClient.clientSecret } } : {}),
      },
      providers: {
        "mockup.compose": [
          { name: "mockey", enabled: true },
          { name: "local", enabled: true },
        ],
        "mockup.live": [
          { name: "virtualthreads", enabled: true },
          { name: "local", enabled: true },
        ],
      },
    },
    { registered: { "mockup.compose": ["local", "mockey"], "mockup.live": ["local", "virtualthreads"] } },
  );
}

async function productJob(rt: Runtime, p: DemoProduct, designKey: string, size: 1024 | 2048): Promise<DemoJob> {
  const job = await createJob(rt.db, demoProductSpec(SHOP, p, designKey, { size, hero: false }), { queue: rt.queue });
  return { label: p.productId, id: job.id };
}

/** "served by: mockey 9, local 3 (mockup.compose); …" for the vendor capabilities' steps of these jobs. */
async function servedBy(rt: Runtime, jobs: DemoJob[]): Promise<string> {
  const counts = new Map<string, Map<string, number>>();
  for (const j of jobs) {
    const view = await getJob(rt.db, SHOP, j.id);
    for (const s of view?.steps ?? []) {
      if (!["mockup.compose", "mockup.live"].includes(s.capability) && !(s.capability === "model.fetch" && s.provider === "cgtrader")) continue;
      const by = counts.get(s.capability) ?? new Map<string, number>();
      const who = `${s.provider ?? "none"}${s.degraded ? " (degraded)" : ""}${s.cacheHit ? " (cached)" : ""}`;
      by.set(who, (by.get(who) ?? 0) + 1);
      counts.set(s.capability, by);
    }
  }
  const parts = [...counts].map(([cap, by]) => `${cap}: ${[...by].map(([p, n]) => `${p} ${n}`).join(", ")}`);
  return `served by — ${parts.join("; ")}`;
}

async function breakerLine(rt: Runtime, provider: string): Promise<string> {
  const rows = await rt.db.connectorBreaker.findMany({ where: { provider, shop: { in: ["", SHOP] } } });
  if (!rows.length) return `breaker ${provider}: closed (no failure recorded)`;
  return rows
    .map((r) => `breaker ${provider} (${r.shop ? "this shop" : "provider-wide"}): ${r.state}${r.state === "closed" ? "" : `, ${r.failures} failed attempts${r.lastError ? `, last error: ${r.lastError}` : ""}`}`)
    .join("\n");
}
