/**
 * A persistent outage raises ONE admin notification and ONE webhook alert per shop (Slack-compatible JSON, to a local
 * receiver), however many jobs meet the open breaker, and ONE "recovered" message when the breaker closes; and the
 * storefront's live chain uses VirtualThreads.io only when the merchant enabled it, falling back to local on faults.
 */
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { connectorKit, type ConnectorKit } from "../../app/connectors/shared/connector";
import { ConnectorFault } from "../../app/connectors/shared/faults";
import { OutageAlerts, type AlertMessage } from "../../app/connectors/shared/outage.server";
import { liveChain } from "../../app/storefront/live-chain.server";
import type { LiveMockupProvider, LiveMockupRequest } from "../../app/storefront/live-provider";
import { saveSettings } from "../../app/shopify/settings.server";
import { startVirtualThreadsDouble, type VirtualThreadsDouble } from "../doubles/virtualthreads/server";
import { createTestDb, type TestDb } from "../helpers/db";
import { makeStore } from "../mockups/helpers";

const A = "alpha.myshopify.com";
const B = "beta.myshopify.com";
let t: TestDb;
let receiver: http.Server;
let received: AlertMessage[] = [];
let hookUrl = "";

beforeAll(async () => {
  process.env.MOCKUP_ENCRYPTION_KEY ??= randomBytes(32).toString("hex");
  t = await createTestDb();
  receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      expect(req.headers["content-type"]).toBe("application/json");
      received.push(JSON.parse(Buffer.concat(chunks).toString("utf8")));
      res.writeHead(200, { "content-type": "text/plain" }).end("ok"); // Slack answers "ok"
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/T000/B000`;
  for (const shop of [A, B]) await saveSettings(t.db, shop, { alerts: { webhookUrl: hookUrl, outageMinutes: 10 } }, { registered: {} });
});
afterAll(async () => {
  await new Promise((r) => receiver.close(r));
  await t.drop();
});
beforeEach(() => {
  received = [];
});

describe("outage alerts", () => {
  it("one notification and one webhook per shop for a long outage, none for a short one, one recovery each", async () => {
    let clock = Date.UTC(2026, 11, 2, 3, 0, 0);
    const kit: ConnectorKit = connectorKit(t.db, { breakers: { threshold: 1, halfOpenAfterMs: 60 * 60_000, now: () => clock }, policy: { maxAttempts: 1 } });
    const alerts = new OutageAlerts(t.db, { guard: { allowLoopback: true }, labels: { mockey: "Mockey.ai" }, now: () => clock });
    alerts.attach(kit.breakers);
    const policy = kit.policy("mockey");
    const failing = async () => {
      throw new ConnectorFault("server_error", "mockey: POST /mockups → 503", { provider: "mockey", status: 503 });
    };
    const job = (shop: string) => policy.call({ shop }, failing).catch((e: ConnectorFault) => e.fault);

    expect(await job(A)).toBe("server_error"); // opens the breaker
    // 9 minutes in: refused, but not yet an outage worth telling (the shop's setting is 10 minutes)
    clock += 9 * 60_000;
    expect(await job(A)).toBe("breaker_open");
    expect(await t.db.notification.count()).toBe(0);
    // 11 minutes in: twenty jobs of A and five of B meet the open breaker
    clock += 2 * 60_000;
    for (let i = 0; i < 20; i++) expect(await job(A)).toBe("breaker_open");
    for (let i = 0; i < 5; i++) await job(B);
    const notes = await t.db.notification.findMany({ orderBy: { shop: "asc" } });
    expect(notes.map((n) => [n.shop, n.level])).toEqual([
      [A, "critical"],
      [B, "critical"],
    ]);
    expect(notes[0].message).toMatch(/Mockey\.ai has been failing since 2026-12-02T03:00:00\.000Z .*503/);
    expect(received).toHaveLength(2);
    expect(received[0]).toMatchObject({ event: "outage", provider: "mockey", shop: A, since: "2026-12-02T03:00:00.000Z" });
    expect(received[0].text).toContain("Mockey.ai");

    // the vendor is back: the half-open trial succeeds, the breaker closes, each told shop hears it once
    clock += 60 * 60_000;
    await policy.call({ shop: A }, async () => "ok");
    await policy.call({ shop: A }, async () => "ok");
    const rec = received.filter((m) => m.event === "recovered");
    expect(rec.map((m) => m.shop).sort()).toEqual([A, B]);
    expect(await t.db.notification.count({ where: { level: "info" } })).toBe(2);
    expect(await t.db.connectorAlert.count({ where: { recoveredAt: null } })).toBe(0);
  });

  it("the alert URL goes through the URL guard: a private address is never called", async () => {
    const alerts = new OutageAlerts(t.db, { outageAfterMs: 0 }); // no allowLoopback: the receiver on 127.0.0.1 is refused
    await t.db.connectorAlert.deleteMany({});
    const row = { provider: "mockey", shop: "", state: "open" as const, failures: 3, retryAt: null, outageId: "o-guard", outageSince: new Date(0), lastFault: "timeout", lastError: "t", lastErrorAt: null, version: 1 };
    expect(await alerts.noticed(A, row)).toBe(true); // the notification is written…
    expect(received).toHaveLength(0); // …but the webhook to 127.0.0.1 is refused by the guard
  });
});

describe("storefront live chain", () => {
  let vt: VirtualThreadsDouble;
  let kit: ConnectorKit;
  const calls: string[] = [];
  const local: LiveMockupProvider = {
    name: "local",
    capability: "mockup.live",
    async render() {
      calls.push("local");
      return { mockups: [{ view: "front", key: "k".repeat(64), width: 512, height: 512, mediaType: "image/jpeg" }], glb: { key: "g".repeat(64), bytes: 10 }, timings: { composeMs: 1, glbMs: 1 } };
    },
  };
  const SHOP = "gamma.myshopify.com";
  let store: ReturnType<typeof makeStore>;
  beforeAll(async () => {
    store = makeStore(t, SHOP);
    vt = await startVirtualThreadsDouble();
    kit = connectorKit(t.db, { guard: { allowLoopback: true }, policy: { attemptTimeoutMs: 300, maxAttempts: 1 }, breakers: { threshold: 100 } });
  });
  afterAll(() => vt.close());

  async function request(): Promise<LiveMockupRequest> {
    const { default: sharp } = await import("sharp");
    const png = await sharp({ create: { width: 200, height: 200, channels: 4, background: "#2E8B57" } }).png().toBuffer();
    return {
      assets: store,
      printAreas: [],
      color: { name: "Beige", hex: "#F5DEB3" },
      design: { key: "d".repeat(64), png },
      placement: { area: "front" },
      views: [{ view: "front", passes: { uv: "a", shading: "b", mask: "c" } }],
      decal: { glb: new Uint8Array(), printAreas: [] },
      area: "front",
      size: 512,
      model: "tee",
    };
  }

  it("local only until the merchant switches VirtualThreads.io on for the storefront; then the shop's order decides", async () => {
    await saveSettings(t.db, SHOP, { services: { virtualthreads: { baseUrl: vt.url, apiKey: vt.apiKey } } }, { registered: {} });
    calls.length = 0;
    let chain = await liveChain(t.db, SHOP, { kit, local });
    await chain.render(await request());
    expect(chain.lastServedBy).toBe("local");

    await saveSettings(t.db, SHOP, { services: { virtualthreads: { storefront: true } } }, { registered: {} });
    chain = await liveChain(t.db, SHOP, { kit, local });
    await chain.render(await request());
    expect(chain.lastServedBy).toBe("local"); // enabled, but local stays first by default

    await saveSettings(t.db, SHOP, { providers: { "mockup.live": [{ name: "virtualthreads", enabled: true }, { name: "local", enabled: true }] } }, { registered: { "mockup.live": ["local", "virtualthreads"] } });
    chain = await liveChain(t.db, SHOP, { kit, local });
    const out = await chain.render(await request());
    expect(chain.lastServedBy).toBe("virtualthreads");
    expect(out.mockups).toHaveLength(1);
    // what the storefront serves: a 512² JPEG of the garment in Beige with the design on it, and a real GLB
    const { default: sharp } = await import("sharp");
    const jpeg = await store.get(out.mockups[0].key);
    const meta = await sharp(jpeg).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["jpeg", 512, 512]);
    const stats = await sharp(jpeg).stats();
    expect(stats.channels[1].mean).toBeGreaterThan(stats.channels[2].mean); // green design and beige garment, not grey
    const glb = await store.get("key" in out.glb ? out.glb.key : "");
    expect(glb.subarray(0, 4).toString("latin1")).toBe("glTF");
  });

  it("a hanging VirtualThreads.io falls back to local within one attempt timeout", async () => {
    vt.setFault("hang");
    try {
      const chain = await liveChain(t.db, SHOP, { kit, local });
      calls.length = 0;
      await chain.render(await request());
      expect(chain.lastServedBy).toBe("local");
      expect(calls).toEqual(["local"]);
    } finally {
      vt.setFault("none");
    }
  });
});
