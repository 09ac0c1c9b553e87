/**
 * The shared connector parts on their own: the HTTP helper classifies every fault, the URL guard refuses private
 * addresses after DNS, the policy retries only what can succeed (honouring Retry-After), and the breakers are one
 * truth for two database clients (two processes).
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { createDb } from "../../app/db/client.server";
import { SharedBreakers } from "../../app/connectors/shared/breaker-store";
import { ConnectorFault, parseRetryAfter } from "../../app/connectors/shared/faults";
import { vendorBytes, vendorJson } from "../../app/connectors/shared/http";
import { ConnectorPolicy, type CallReport } from "../../app/connectors/shared/policy";
import { addressProblem, checkUrlShape, guardedLookup } from "../../app/connectors/shared/url-guard";
import { endHanging, injectFault, type FaultMode } from "../doubles/vendor-faults";
import { createTestDb, type TestDb } from "../helpers/db";

const LOCAL = { allowLoopback: true };
let server: http.Server;
let base = "";
let mode: FaultMode | "ok" | "png" | "404" | "408" | "redirect" | "schema_miss" = "ok";
let hits = 0;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    hits++;
    if (mode !== "ok" && mode !== "png" && mode !== "404" && mode !== "408" && mode !== "redirect" && mode !== "schema_miss" && injectFault(mode, req, res, { retryAfterS: 1, trickleMs: 50 })) return;
    // a 408 once, then the answer: the server said "send it again", promptly
    if (mode === "408" && hits === 1) return void res.writeHead(408, { "content-type": "application/json" }).end("{}");
    if (mode === "404") return void res.writeHead(404, { "content-type": "application/json" }).end("{}");
    if (mode === "redirect") return void res.writeHead(302, { location: "http://169.254.169.254/" }).end();
    if (mode === "png") return void res.writeHead(200, { "content-type": "image/png" }).end(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    res.writeHead(200, { "content-type": "application/json; charset=utf-8" });
    res.end(JSON.stringify(mode === "schema_miss" ? { items: "nope" } : { items: [{ id: "a" }] }));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  endHanging();
  await new Promise((r) => server.close(r));
});
beforeEach(() => {
  hits = 0;
});

const schema = z.object({ items: z.array(z.object({ id: z.string() })) });
const get = (timeoutMs = 300) => vendorJson({ provider: "acme", url: `${base}/v1/items?key=SECRET`, timeoutMs, guard: LOCAL }, schema);
async function faultOf(p: Promise<unknown>): Promise<ConnectorFault> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ConnectorFault);
  return err as ConnectorFault;
}

describe("vendorJson / vendorBytes", () => {
  it("parses a good answer", async () => {
    mode = "ok";
    expect(await get()).toEqual({ items: [{ id: "a" }] });
  });

  it.each([
    ["rate_limited", "rate_limited", 429],
    ["server_500", "server_error", 500],
    ["server_502", "server_error", 502],
    ["server_503", "server_error", 503],
    ["hang", "timeout", undefined],
    ["trickle", "timeout", undefined],
    ["malformed_json", "malformed", 200],
    ["schema_miss", "malformed", 200],
    ["wrong_content_type", "content_type", 200],
    ["expired_token", "auth", 401],
    ["404", "client_error", 404],
    ["redirect", "client_error", 302],
  ] as const)("%s is a %s fault, whose message has no query string", async (m, fault, status) => {
    mode = m;
    const f = await faultOf(get(200));
    expect(f.fault).toBe(fault);
    expect(f.status).toBe(status);
    expect(f.message).toContain("GET /v1/items");
    expect(f.message).not.toContain("SECRET");
    if (m === "rate_limited") expect(f.retryAfterMs).toBe(1000);
  });

  it("bytes of the wrong type are a content-type fault; the right type passes", async () => {
    mode = "png";
    expect((await vendorBytes({ provider: "acme", url: `${base}/r.png`, guard: LOCAL }, ["image/"])).bytes.length).toBe(4);
    const f = await faultOf(vendorBytes({ provider: "acme", url: `${base}/r.png`, guard: LOCAL }, ["model/gltf-binary"]));
    expect(f.fault).toBe("content_type");
  });

  it("an expired signed URL is its own class when the caller says so", async () => {
    mode = "404";
    const f = await faultOf(vendorBytes({ provider: "acme", url: `${base}/r.png?sig=x`, guard: LOCAL, expiredOn: [403, 404, 410] }, ["image/"]));
    expect(f.fault).toBe("expired_result");
  });

  it("the caller's abort is rethrown as is, not a fault", async () => {
    mode = "hang";
    const ac = new AbortController();
    const p = vendorJson({ provider: "acme", url: `${base}/v1/items`, timeoutMs: 5_000, guard: LOCAL, signal: ac.signal }, schema);
    setTimeout(() => ac.abort(new Error("job cancelled")), 20);
    await expect(p).rejects.toThrow("job cancelled");
  });
});

describe("URL guard", () => {
  it.each(["10.1.2.3", "172.16.0.1", "192.168.1.1", "127.0.0.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "::1", "fe80::1", "fd00::1", "::ffff:10.0.0.1", "::ffff:127.0.0.1", "224.0.0.1"])(
    "refuses %s",
    (ip) => {
      expect(addressProblem(ip)).toMatch(/private|loopback|link-local/);
    },
  );
  it.each(["93.184.216.34", "2606:4700::1111", "8.8.8.8"])("allows public %s", (ip) => {
    expect(addressProblem(ip)).toBeNull();
  });
  it("allowLoopback opens 127.0.0.1 and ::1 only, never private ranges", () => {
    expect(addressProblem("127.0.0.1", LOCAL)).toBeNull();
    expect(addressProblem("::1", LOCAL)).toBeNull();
    expect(addressProblem("10.0.0.1", LOCAL)).not.toBeNull();
    expect(addressProblem("169.254.169.254", LOCAL)).not.toBeNull();
  });
  it.each([
    ["http://api.example.com", /https/],
    ["https://user:pw@api.example.com", /user name/],
    ["https://169.254.169.254/latest/meta-data", /link-local/],
    ["https://[::1]:8443/", /loopback/],
    ["https://localhost/", /localhost/],
    ["https://a.localhost/", /localhost/],
    ["nope", /valid URL/],
  ])("refuses the shape of %s", (url, message) => {
    expect(() => checkUrlShape(url)).toThrow(message);
  });

  it("checks the addresses DNS returns when connecting: a name that resolves to loopback is refused", async () => {
    // "localhost." (trailing dot) slips past any name check; only the resolved address tells
    const addr = await new Promise<Error | null>((resolve) => guardedLookup()("localhost", {}, (err) => resolve(err)));
    expect(addr?.message).toMatch(/refused address/);
    const ok = await new Promise<Error | null>((resolve) => guardedLookup(LOCAL)("localhost", {}, (err) => resolve(err)));
    expect(ok).toBeNull();
  });

  it("a request to a name resolving to loopback is a blocked_url fault, and nothing reaches the server", async () => {
    mode = "ok";
    const port = (server.address() as AddressInfo).port;
    const f = await faultOf(vendorJson({ provider: "acme", url: `https://localhost.:${port}/v1/items` }, schema));
    expect(f.fault).toBe("blocked_url");
    const g = await faultOf(vendorJson({ provider: "acme", url: `${base}/v1/items` }, schema));
    expect(g.fault).toBe("blocked_url"); // http to 127.0.0.1 without the explicit test option
    expect(hits).toBe(0);
  });
});

describe("Retry-After", () => {
  it("reads seconds and HTTP dates", () => {
    expect(parseRetryAfter("3")).toBe(3000);
    expect(parseRetryAfter(new Date(10_000 + 5_000).toUTCString(), 10_000)).toBe(5000);
    expect(parseRetryAfter("soon")).toBeUndefined();
    expect(parseRetryAfter("99999999")).toBe(86_400_000);
  });
});

describe("policy and shared breakers", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(async () => {
    await t.drop();
  });
  beforeEach(async () => {
    await t.db.connectorBreaker.deleteMany({});
  });
  const SHOP = "a.myshopify.com";
  const report = (): CallReport => ({ attempts: 0, faults: [], delays: [] });

  it("retries a 503 with backoff, then succeeds and leaves the breaker closed", async () => {
    const policy = new ConnectorPolicy("acme", new SharedBreakers(t.db, { threshold: 5 }), { attemptTimeoutMs: 300, initialDelayMs: 1, maxDelayMs: 2 });
    let n = 0;
    mode = "ok";
    const r = report();
    const v = await policy.call(
      { shop: SHOP },
      async (a) => {
        n++;
        if (n < 3) throw new ConnectorFault("server_error", "503", { provider: "acme", status: 503 });
        return vendorJson({ provider: "acme", url: `${base}/v1/items`, timeoutMs: a.timeoutMs, guard: LOCAL }, schema);
      },
      r,
    );
    expect(v.items).toHaveLength(1);
    expect(r).toMatchObject({ attempts: 3, faults: ["server_error", "server_error"] });
    const row = await t.db.connectorBreaker.findUnique({ where: { provider_shop: { provider: "acme", shop: "" } } });
    expect(row).toMatchObject({ state: "closed", failures: 0 });
  });

  it("counts and retries a fault made by another copy of the faults module (the e2e server holds two)", async () => {
    // a second instance of faults.ts, as the Remix build beside the tsx server has: its class is not this one
    const copy = "../../app/connectors/shared/faults.ts?copy=build";
    const other = (await import(/* @vite-ignore */ copy)) as typeof import("../../app/connectors/shared/faults");
    expect(other.ConnectorFault).not.toBe(ConnectorFault);
    const policy = new ConnectorPolicy("acme", new SharedBreakers(t.db, { threshold: 2 }), { attemptTimeoutMs: 300, initialDelayMs: 1, maxDelayMs: 2 });
    const r = report();
    const err = await policy.call({ shop: SHOP }, async () => Promise.reject(new other.ConnectorFault("server_error", "acme: GET /v1/items → 503", { provider: "acme", status: 503 })), r).catch((e: unknown) => e);
    expect(other.isConnectorFault(err) && err.fault).toBe("server_error");
    expect(r).toMatchObject({ attempts: 2, faults: ["server_error", "server_error"] });
    expect(await t.db.connectorBreaker.findUnique({ where: { provider_shop: { provider: "acme", shop: "" } } })).toMatchObject({ state: "open", lastFault: "server_error" });
  });

  it.each([
    ["timeout", "hang"],
    ["client_error", "404"],
    ["malformed", "malformed_json"],
    ["auth", "expired_token"],
  ] as const)("does not retry a %s against the same vendor", async (fault, m) => {
    const policy = new ConnectorPolicy("acme", new SharedBreakers(t.db), { attemptTimeoutMs: 100, initialDelayMs: 1 });
    mode = m;
    const r = report();
    const f = await faultOf(policy.call({ shop: SHOP }, (a) => vendorJson({ provider: "acme", url: `${base}/v1/items`, timeoutMs: a.timeoutMs, guard: LOCAL }, schema), r));
    expect(f.fault).toBe(fault);
    expect(r.attempts).toBe(1);
    expect(hits).toBe(1);
  });

  it("retries a 408 (the vendor asked for the request again, promptly: not a timeout of ours)", async () => {
    const policy = new ConnectorPolicy("acme", new SharedBreakers(t.db), { attemptTimeoutMs: 300, initialDelayMs: 1, maxDelayMs: 2 });
    mode = "408";
    const r = report();
    const v = await policy.call({ shop: SHOP }, (a) => vendorJson({ provider: "acme", url: `${base}/v1/items`, timeoutMs: a.timeoutMs, guard: LOCAL }, schema), r);
    expect(v.items).toHaveLength(1);
    expect(r).toMatchObject({ attempts: 2, faults: ["server_error"] });
    expect(hits).toBe(2);
  });

  it("waits a Retry-After that fits the attempt timeout, and does not wait one that is longer", async () => {
    mode = "rate_limited"; // Retry-After: 1 (s)
    const patient = new ConnectorPolicy("acme", new SharedBreakers(t.db), { attemptTimeoutMs: 1500, initialDelayMs: 1, maxAttempts: 2 });
    const r1 = report();
    await faultOf(patient.call({ shop: SHOP }, (a) => vendorJson({ provider: "acme", url: `${base}/v1/items`, timeoutMs: a.timeoutMs, guard: LOCAL }, schema), r1));
    expect(r1.attempts).toBe(2);
    expect(r1.delays[0]).toBeGreaterThanOrEqual(1000); // the backoff alone would be ~1 ms

    const hurried = new ConnectorPolicy("acme", new SharedBreakers(t.db), { attemptTimeoutMs: 200, initialDelayMs: 1, maxAttempts: 3 });
    const r2 = report();
    const f = await faultOf(hurried.call({ shop: SHOP }, (a) => vendorJson({ provider: "acme", url: `${base}/v1/items`, timeoutMs: a.timeoutMs, guard: LOCAL }, schema), r2));
    expect(f.fault).toBe("rate_limited");
    expect(r2.attempts).toBe(1);
    expect(r2.delays).toEqual([]);
  });

  it("two database clients (two processes) share one breaker: opened by one, refused by the other; one half-open trial; closed on success", async () => {
    let clock = 1_000_000;
    const now = () => clock;
    const other = createDb(t.target);
    try {
      const a = new ConnectorPolicy("acme", new SharedBreakers(t.db, { threshold: 2, halfOpenAfterMs: 1000, now }), { maxAttempts: 1 });
      const bBreakers = new SharedBreakers(other, { threshold: 2, halfOpenAfterMs: 1000, now });
      const b = new ConnectorPolicy("acme", bBreakers, { maxAttempts: 1 });
      const events: string[] = [];
      bBreakers.onEvent((e) => void (e.kind !== "refused" && events.push(e.kind)));
      const fail = () => {
        throw new ConnectorFault("server_error", "acme: GET /x → 503", { provider: "acme", status: 503 });
      };
      await faultOf(a.call({ shop: SHOP }, async () => fail()));
      await faultOf(a.call({ shop: SHOP }, async () => fail()));
      let called = false;
      const refused = await faultOf(
        b.call({ shop: "other-shop.myshopify.com" }, async () => {
          called = true;
        }),
      );
      expect(refused.fault).toBe("breaker_open");
      expect(refused.message).toContain("503");
      expect(called).toBe(false);

      clock += 1001;
      // both processes ask at once: exactly one becomes the trial
      const [x, y] = await Promise.all([a.breakers.admit("acme", SHOP), bBreakers.admit("acme", SHOP)]);
      expect([x.allowed, y.allowed].filter(Boolean)).toHaveLength(1);
      const row = await other.connectorBreaker.findUniqueOrThrow({ where: { provider_shop: { provider: "acme", shop: "" } } });
      expect(row.state).toBe("half-open");
      await bBreakers.success("acme", SHOP);
      expect((await t.db.connectorBreaker.findUniqueOrThrow({ where: { provider_shop: { provider: "acme", shop: "" } } })).state).toBe("closed");
      expect(events).toEqual(["closed"]);
    } finally {
      await other.$disconnect();
    }
  });

  it("a failed half-open trial opens the breaker again at once", async () => {
    let clock = 5_000_000;
    const br = new SharedBreakers(t.db, { threshold: 1, halfOpenAfterMs: 500, now: () => clock });
    await br.failure("acme", SHOP, "provider", "timeout", "t");
    clock += 501;
    expect(await br.admit("acme", SHOP)).toMatchObject({ allowed: true, trial: true });
    const row = await br.failure("acme", SHOP, "provider", "timeout", "t");
    expect(row.state).toBe("open");
    expect(await br.admit("acme", SHOP)).toMatchObject({ allowed: false });
  });

  it("an auth failure opens only that shop's breaker", async () => {
    const br = new SharedBreakers(t.db, { threshold: 1 });
    const policy = new ConnectorPolicy("acme", br, { maxAttempts: 1 });
    await faultOf(
      policy.call({ shop: SHOP }, async () => {
        throw new ConnectorFault("auth", "401", { provider: "acme", status: 401 });
      }),
    );
    expect((await br.admit("acme", SHOP)).allowed).toBe(false);
    expect((await br.admit("acme", "other-shop.myshopify.com")).allowed).toBe(true);
  });
});
