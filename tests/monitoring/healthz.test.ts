/** /healthz and /metrics through their routes, against a real database and blob store. */
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { LocalDiskBlobStore } from "../../app/assets/store/local-disk";
import { createDb, type Db } from "../../app/db/client.server";
import { findBlender } from "../../app/blender/find";
import { checkBlender, checkHealth, heartbeatMaxAgeSec, resetBlenderCache, resetJobCountCache } from "../../app/monitoring/health.server";
import { metricsTokenMatches } from "../../app/monitoring/metrics-token.server";
import { loadHome } from "../../app/shopify/admin-home.server";
import { createTestDb, testDbKind, type TestDb } from "../helpers/db";

let t: TestDb;
let healthz: typeof import("../../app/routes/healthz").loader;
let metrics: typeof import("../../app/routes/metrics").loader;
const SECRET_SHOP = "very-secret-shop.myshopify.com";

async function get(loader: (args: LoaderFunctionArgs) => Promise<Response>, headers: Record<string, string> = {}): Promise<Response> {
  try {
    return await loader({ request: new Request("http://app.test/metrics", { headers }), params: {}, context: {} });
  } catch (e) {
    if (e instanceof Response) return e;
    throw e;
  }
}

/** A client for a database that does not exist or answer. */
function unreachableDb(): Db {
  return testDbKind === "postgres"
    ? createDb({ kind: "postgres", url: "postgresql://postgres@127.0.0.1:9/nowhere" })
    : createDb({ kind: "sqlite", url: "/nonexistent-dir/for/healthz/mockup.db" });
}

beforeAll(async () => {
  t = await createTestDb();
  globalThis.__mockupDb = t.db;
  globalThis.__mockupBlobs = new LocalDiskBlobStore(mkdtempSync(path.join(os.tmpdir(), "healthz-blobs-")));
  healthz = (await import("../../app/routes/healthz")).loader;
  metrics = (await import("../../app/routes/metrics")).loader;
});
afterAll(async () => t?.drop());
beforeEach(() => {
  globalThis.__mockupDb = t.db;
});

describe("/healthz", () => {
  it("answers 200 with the status and every check when database and storage work", async () => {
    await t.db.workerHeartbeat.create({ data: { id: "w1", pid: 1, host: "test", seenAt: new Date() } });
    const res = await get(healthz);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/json");
    const body = (await res.json()) as { status: string; checks: Record<string, { status: string }> };
    expect(["ok", "degraded"]).toContain(body.status);
    expect(Object.keys(body.checks).sort()).toEqual(["blender", "database", "roles", "storage", "worker"]);
    expect(body.checks.database.status).toBe("ok");
    expect(body.checks.storage.status).toBe("ok");
    expect(body.checks.worker.status).toBe("ok");
    // Blender is installed on these machines
    expect(body.checks.blender).toMatchObject({ status: "ok" });
    expect((body.checks.blender as { version?: string }).version).toMatch(/^\d+\.\d+/);
    await t.db.workerHeartbeat.deleteMany();
  });

  it("a stale worker heartbeat makes it degraded, still 200", async () => {
    await t.db.workerHeartbeat.create({ data: { id: "w2", pid: 1, host: "test", seenAt: new Date(Date.now() - 10 * 60_000) } });
    const res = await get(healthz);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; checks: { worker: { status: string; lastSeenSecondsAgo: number } } };
    expect(body.status).toBe("degraded");
    expect(body.checks.worker.status).toBe("degraded");
    expect(body.checks.worker.lastSeenSecondsAgo).toBeGreaterThanOrEqual(590);
    await t.db.workerHeartbeat.deleteMany();
  });

  it("answers 503 'down' when the database is unreachable, without leaking its address", async () => {
    const broken = unreachableDb();
    globalThis.__mockupDb = broken;
    const res = await get(healthz);
    expect(res.status).toBe(503);
    const text = await res.text();
    const body = JSON.parse(text);
    expect(body.status).toBe("down");
    expect(body.checks.database.status).toBe("down");
    expect(body.checks.storage.status).toBe("ok");
    expect(text).not.toMatch(/nonexistent-dir|127\.0\.0\.1:9|postgresql:/);
    await broken.$disconnect().catch(() => {});
  });

  it("answers 503 when a connected database is closed", async () => {
    const own = await createTestDb();
    await own.db.$queryRaw`SELECT 1`;
    await own.drop(); // disconnects and removes the database
    globalThis.__mockupDb = own.db;
    const res = await get(healthz);
    expect(res.status).toBe(503);
    expect(((await res.json()) as { checks: { database: { status: string } } }).checks.database.status).toBe("down");
  });

  it("reports storage down (503) when the blob store cannot write", async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), "healthz-file-")), "not-a-dir");
    writeFileSync(file, "x");
    const report = await checkHealth({ db: t.db, blobs: new LocalDiskBlobStore(file) });
    expect(report.status).toBe("down");
    expect(report.checks.storage.status).toBe("down");
  });

  it("missing Blender is degraded, not down", async () => {
    resetBlenderCache();
    expect(await checkBlender("/nonexistent/blender")).toMatchObject({ status: "degraded" });
    const report = await checkHealth({ db: t.db, blobs: globalThis.__mockupBlobs!, blenderPath: "/nonexistent/blender" });
    expect(report.status).toBe("degraded");
    expect(report.checks.blender.status).toBe("degraded");
    resetBlenderCache();
  });

  it('BLENDER_PATH="" means no Blender here as for the workers, even with blender on PATH', async () => {
    const saved = process.env.BLENDER_PATH;
    process.env.BLENDER_PATH = "";
    try {
      resetBlenderCache();
      expect(findBlender()).toBeNull(); // what the Blender pool (workers) uses
      const report = await checkHealth({ db: t.db, blobs: globalThis.__mockupBlobs! });
      expect(report.checks.blender).toEqual({ status: "degraded", detail: "Blender not found: hero renders use the compositor" });
      expect(report.status).toBe("degraded");
    } finally {
      if (saved === undefined) delete process.env.BLENDER_PATH;
      else process.env.BLENDER_PATH = saved;
      resetBlenderCache();
    }
  });
});

describe("/metrics", () => {
  it("renders Prometheus text with our metrics and job counts from the database, and no shop names", async () => {
    resetJobCountCache();
    await t.db.job.createMany({
      data: [
        { shop: SECRET_SHOP, type: "product", status: "queued" },
        { shop: SECRET_SHOP, type: "product", status: "queued" },
        { shop: "other.myshopify.com", type: "product", status: "failed" },
      ],
    });
    const res = await get(metrics);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toContain("# TYPE mockup_jobs gauge");
    expect(text).toMatch(/^mockup_jobs\{state="queued"\} 2$/m);
    expect(text).toMatch(/^mockup_jobs\{state="failed"\} 1$/m);
    expect(text).toMatch(/^mockup_jobs\{state="running"\} 0$/m);
    expect(text).toContain("# TYPE mockup_step_duration_seconds histogram");
    expect(text).toContain("# TYPE mockup_provider_failures_total counter");
    expect(text).toContain("# TYPE mockup_breaker_state gauge");
    expect(text).toContain("# TYPE mockup_step_cache_hits_total counter");
    expect(text).toContain("# TYPE mockup_process_cpu_seconds_total counter");
    expect(text).not.toContain(SECRET_SHOP);
    expect(text).not.toContain("myshopify");
  });

  it("counts jobs at most once per 5 s however often it is scraped", async () => {
    resetJobCountCache();
    await t.db.job.deleteMany({});
    await t.db.job.create({ data: { shop: SECRET_SHOP, type: "product", status: "running" } });
    const first = await (await get(metrics)).text();
    expect(first).toMatch(/^mockup_jobs\{state="running"\} 1$/m);
    await t.db.job.create({ data: { shop: SECRET_SHOP, type: "product", status: "running" } });
    // within the TTL: the earlier count
    expect(await (await get(metrics)).text()).toMatch(/^mockup_jobs\{state="running"\} 1$/m);
    resetJobCountCache();
    expect(await (await get(metrics)).text()).toMatch(/^mockup_jobs\{state="running"\} 2$/m);
  });

  it("with MOCKUP_METRICS_TOKEN set, answers 401 without the bearer token and 200 with it", async () => {
    const saved = process.env.MOCKUP_METRICS_TOKEN;
    process.env.MOCKUP_METRICS_TOKEN = "scrape-secret-123";
    try {
      for (const headers of <Record<string, string>[]>[{}, { authorization: "Bearer wrong" }, { authorization: "Basic scrape-secret-123" }, { authorization: "Bearer scrape-secret-1234" }]) {
        const res = await get(metrics, headers);
        expect(res.status, JSON.stringify(headers)).toBe(401);
        expect(res.headers.get("www-authenticate")).toContain("Bearer");
        expect(await res.text()).not.toContain("mockup_jobs");
      }
      const ok = await get(metrics, { authorization: "Bearer scrape-secret-123" });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toContain("# TYPE mockup_jobs gauge");
    } finally {
      if (saved === undefined) delete process.env.MOCKUP_METRICS_TOKEN;
      else process.env.MOCKUP_METRICS_TOKEN = saved;
    }
    expect(metricsTokenMatches(null, {})).toBe(true);
    expect(metricsTokenMatches(null, { MOCKUP_METRICS_TOKEN: "  " })).toBe(true);
  });
});

describe("MOCKUP_HEARTBEAT_MAX_AGE_SEC (one reader for /healthz and the admin home)", () => {
  it("accepts a positive whole number of seconds; anything else means the default 60", () => {
    expect(heartbeatMaxAgeSec({})).toBe(60);
    expect(heartbeatMaxAgeSec({ MOCKUP_HEARTBEAT_MAX_AGE_SEC: "120" })).toBe(120);
    for (const bad of ["", "abc", "-5", "0", "1.5", "1e309", "  "]) expect(heartbeatMaxAgeSec({ MOCKUP_HEARTBEAT_MAX_AGE_SEC: bad }), bad).toBe(60);
  });

  it("a garbage value does not mark a live worker stale, in /healthz and in the admin home alike", async () => {
    const saved = process.env.MOCKUP_HEARTBEAT_MAX_AGE_SEC;
    process.env.MOCKUP_HEARTBEAT_MAX_AGE_SEC = "abc";
    try {
      await t.db.workerHeartbeat.create({ data: { id: "w-env", pid: 1, host: "test", seenAt: new Date() } });
      const body = (await (await get(healthz)).json()) as { checks: { worker: { status: string } } };
      expect(body.checks.worker.status).toBe("ok");
      const home = await loadHome(t.db, globalThis.__mockupBlobs!, "any-shop.myshopify.com");
      expect(home.health.items.find((i) => i.name === "worker")?.status).toBe("ok");
      // a set value is honoured by both: 90 s old is stale under 60 but fine under 120
      await t.db.workerHeartbeat.update({ where: { id: "w-env" }, data: { seenAt: new Date(Date.now() - 90_000) } });
      process.env.MOCKUP_HEARTBEAT_MAX_AGE_SEC = "120";
      expect(((await (await get(healthz)).json()) as { checks: { worker: { status: string } } }).checks.worker.status).toBe("ok");
      expect((await loadHome(t.db, globalThis.__mockupBlobs!, "any-shop.myshopify.com")).health.items.find((i) => i.name === "worker")?.status).toBe("ok");
    } finally {
      if (saved === undefined) delete process.env.MOCKUP_HEARTBEAT_MAX_AGE_SEC;
      else process.env.MOCKUP_HEARTBEAT_MAX_AGE_SEC = saved;
      await t.db.workerHeartbeat.deleteMany();
    }
  });
});
