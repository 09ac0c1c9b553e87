/**
 * "Check connection" (app/connectors/shared/health.server.ts) for each connector against its local double: the
 * cheapest authenticated call answers a count; a vendor fault answers its class under the shared policy (the same
 * breaker the jobs see); a shop without credentials is "not set up" without a request; no answer carries a secret.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectorKit, type ConnectorKit } from "../../app/connectors/shared/connector";
import { checkConnector, HEALTH_SERVICES, type HealthService } from "../../app/connectors/shared/health.server";
import { saveSettings } from "../../app/shopify/settings.server";
import { CATEGORIES } from "../doubles/cgtrader/catalog";
import { DEMO_CLIENT, startCgtraderDouble, type CgtraderDouble } from "../doubles/cgtrader/server";
import { startMockeyDouble, TEMPLATES, type MockeyDouble } from "../doubles/mockey/server";
import { GARMENTS, startVirtualThreadsDouble, type VirtualThreadsDouble } from "../doubles/virtualthreads/server";
import { createTestDb, type TestDb } from "../helpers/db";
import { sharedPath } from "../helpers/shared-data";

const SHOP = "health.myshopify.com";
const EMPTY = "health-empty.myshopify.com";
let t: TestDb;
let kit: ConnectorKit;
let mockey: MockeyDouble;
let vt: VirtualThreadsDouble;
let cgt: CgtraderDouble;
const SECRETS = () => [mockey.apiKey, vt.apiKey, DEMO_CLIENT.clientSecret];

beforeAll(async () => {
  process.env.MOCKUP_ENCRYPTION_KEY ??= randomBytes(32).toString("hex");
  t = await createTestDb();
  [mockey, vt, cgt] = await Promise.all([startMockeyDouble(), startVirtualThreadsDouble(), startCgtraderDouble({ samplesDir: sharedPath("samples/models") })]);
  kit = connectorKit(t.db, { policy: { attemptTimeoutMs: 5_000, maxAttempts: 2, initialDelayMs: 1, maxDelayMs: 2 }, breakers: { threshold: 2 }, guard: { allowLoopback: true } });
  await saveSettings(
    t.db,
    SHOP,
    {
      services: {
        mockey: { baseUrl: mockey.url, apiKey: mockey.apiKey },
        virtualthreads: { baseUrl: vt.url, apiKey: vt.apiKey },
        cgtrader: { baseUrl: cgt.url, clientId: DEMO_CLIENT.clientId, clientSecret: DEMO_CLIENT.clientSecret },
      },
    },
    { registered: {} },
  );
}, 60_000);
afterAll(async () => {
  await Promise.all([mockey?.close(), vt?.close(), cgt?.close()]);
  await t?.drop();
});

const EXPECTED: Record<HealthService, { count: number; unit: string }> = {
  mockey: { count: TEMPLATES.length, unit: "templates" },
  virtualthreads: { count: GARMENTS.length, unit: "garments" },
  cgtrader: { count: CATEGORIES.length, unit: "categories" },
};

describe.each(HEALTH_SERVICES)("%s", (service) => {
  it("healthy: a count of what the vendor lists", async () => {
    const r = await checkConnector(kit, SHOP, service);
    expect(r).toMatchObject({ ok: true, ...EXPECTED[service] });
    for (const s of SECRETS()) expect(JSON.stringify(r)).not.toContain(s);
  });

  it("a vendor answering 503: the fault class, counted by the shared breaker", async () => {
    const double = { mockey, virtualthreads: vt, cgtrader: cgt }[service];
    double.setFault("server_503");
    try {
      const r = await checkConnector(kit, SHOP, service);
      expect(r).toMatchObject({ ok: false, fault: "server_error" });
      expect(r.detail).toMatch(/503/);
      for (const s of SECRETS()) expect(JSON.stringify(r)).not.toContain(s);
      // two failed attempts (threshold 2): the breaker the jobs and the admin's status card read is open
      expect(await t.db.connectorBreaker.findUnique({ where: { provider_shop: { provider: service, shop: "" } } })).toMatchObject({ state: "open", lastFault: "server_error" });
    } finally {
      double.setFault("none");
      await t.db.connectorBreaker.deleteMany({});
    }
  });

  it("a shop without credentials: not set up, nothing called", async () => {
    const r = await checkConnector(kit, EMPTY, service);
    expect(r).toMatchObject({ ok: false, fault: "not_configured" });
  });
});
