/**
 * The CGTrader adapter against its local double, one fault at a time: what the client does (token refreshes,
 * calls made) and which fault class it reports. Deadlines are milliseconds; outcomes are read from the fault class
 * and the double's call log, never from the clock.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CgtraderClient, TokenCache, type Runner } from "../../../app/connectors/cgtrader/client";
import { allowsCommercialUse, pickFile } from "../../../app/connectors/cgtrader/api";
import { ConnectorFault, FAULT_RULES } from "../../../app/connectors/shared/faults";
import { DEMO_CLIENT, startCgtraderDouble, type CgtraderDouble } from "../../doubles/cgtrader/server";
import { sharedPath } from "../../helpers/shared-data";

let d: CgtraderDouble;
const samples = sharedPath("samples/models");

function client(opts: { run?: Runner; secret?: string; now?: () => number; timeoutMs?: number; loopback?: boolean } = {}) {
  return new CgtraderClient(
    { baseUrl: d.url, clientId: DEMO_CLIENT.clientId, clientSecret: opts.secret ?? DEMO_CLIENT.clientSecret },
    { guard: { allowLoopback: opts.loopback ?? true }, tokens: new TokenCache(), now: opts.now, timeoutMs: opts.timeoutMs ?? 2000, downloadTimeoutMs: opts.timeoutMs ?? 5000, run: opts.run },
  );
}

/** The retry half of the connector policy, as policy.ts decides it (retryable classes, at most 3 attempts). */
const retrying: Runner = async (op) => {
  for (let attempt = 1; ; attempt++) {
    try {
      return await op({ timeoutMs: 2000 });
    } catch (err) {
      if (attempt >= 3 || !(err instanceof ConnectorFault) || !FAULT_RULES[err.fault].retry) throw err;
    }
  }
};

async function fault(p: Promise<unknown>): Promise<ConnectorFault> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(ConnectorFault);
    return err as ConnectorFault;
  }
  throw new Error("expected a ConnectorFault");
}

const count = (target: string) => d.calls.filter((c) => c.target === target).length;

beforeAll(async () => {
  d = await startCgtraderDouble({ samplesDir: samples, trickleMs: 100 });
});
afterAll(async () => d?.close());
beforeEach(() => {
  d.setFault(null);
  d.calls.length = 0;
});

describe("CGTrader client", () => {
  it("searches with keywords, category, price and paging, and caches its token until expiry", async () => {
    const c = client();
    const mugs = await c.search({ keywords: "mug" });
    expect(mugs.total).toBe(3);
    expect(mugs.models.map((m) => m.id).sort()).toEqual(["4101", "4102", "4105"]);
    const cheap = await c.search({ keywords: "mug", maxPrice: 3 });
    expect(cheap.models.map((m) => m.id).sort()).toEqual(["4101", "4105"]);
    const household = await c.search({ categoryId: "10", perPage: 2, page: 2 });
    expect(household).toMatchObject({ total: 3, page: 2, per_page: 2 });
    expect(household.models).toHaveLength(1);
    expect(count("token")).toBe(1);
    expect(d.calls.find((c) => c.target === "search")?.path).toContain("keywords=mug");
    expect(d.calls.some((c) => c.path.includes("category_id=10") && c.path.includes("page=2") && c.path.includes("per_page=2"))).toBe(true);
  });

  it("asks for a new token once the cached one has expired by the clock", async () => {
    let now = Date.now();
    const c = client({ now: () => now });
    await c.categories();
    now += 3600_000; // the double's tokens live 3600 s
    await c.categories();
    expect(count("token")).toBe(2);
  });

  it("details: licence and files; only commercial licences are importable; the best importable file is picked", async () => {
    const m = await client().details("4105");
    expect(m.license).toBe("editorial");
    expect(allowsCommercialUse(m.license)).toBe(false);
    expect(allowsCommercialUse("royalty_free")).toBe(true);
    expect(allowsCommercialUse("something_new")).toBe(false);
    expect(pickFile(m.files)?.file_type).toBe("glb");
  });

  it("downloads through the signed URL at once; the checksum is the file's", async () => {
    const dl = await client().download("4101", "41010");
    const file = readFileSync(path.join(samples, "mug_kenney.glb"));
    expect(dl.bytes.equals(file)).toBe(true);
    expect(dl.sha256).toBe(createHash("sha256").update(file).digest("hex"));
    expect(d.calls.map((c) => c.target)).toEqual(["token", "file", "download"]);
  });

  it("expired token: a 401 gets exactly one new token and the call once more", async () => {
    const c = client();
    await c.categories();
    d.setFault({ kind: "expired_token", times: 1 });
    const r = await c.search({ keywords: "bag" });
    expect(r.models[0]?.title).toBe("Paper shopping bag");
    expect(count("token")).toBe(2);
    expect(d.calls.filter((x) => x.target === "search").map((x) => x.status)).toEqual([401, 200]);
  });

  it("401 after the refresh: an auth fault, after two token requests and two calls, never a third", async () => {
    d.setFault({ kind: "unauthorized" });
    const f = await fault(client().search({ keywords: "mug" }));
    expect(f.fault).toBe("auth");
    expect(f.rule).toEqual({ retry: false, scope: "shop" });
    expect(count("token")).toBe(2);
    expect(count("search")).toBe(2);
  });

  it("wrong client secret: the token endpoint's 401 is an auth fault and no API call is made", async () => {
    const f = await fault(client({ secret: "not-the-secret-000" }).search({}));
    expect(f.fault).toBe("auth");
    expect(count("token")).toBe(1);
    expect(count("search")).toBe(0);
  });

  it("429 with Retry-After: a rate_limited fault carrying the wait", async () => {
    d.setFault({ kind: "rate_limited", retryAfterSec: 7 });
    const f = await fault(client().search({}));
    expect(f.fault).toBe("rate_limited");
    expect(f.status).toBe(429);
    expect(f.retryAfterMs).toBe(7000);
  });

  it("5xx: a server_error fault; retried by the policy it succeeds when the vendor recovers", async () => {
    d.setFault({ kind: "server_error", status: 502, times: 1 });
    const f = await fault(client().search({}));
    expect([f.fault, f.status]).toEqual(["server_error", 502]);
    d.setFault({ kind: "server_error", status: 503, times: 1 });
    const r = await client({ run: retrying }).search({ keywords: "barrel" });
    expect(r.models[0]?.id).toBe("4104");
  });

  it("a socket that hangs and a body that trickles both end as timeouts at the deadline", async () => {
    d.setFault({ kind: "hang" });
    expect((await fault(client({ timeoutMs: 300 }).search({}))).fault).toBe("timeout");
    d.setFault({ kind: "trickle" });
    expect((await fault(client({ timeoutMs: 300 }).search({}))).fault).toBe("timeout");
    expect(FAULT_RULES.timeout.retry).toBe(false);
  });

  it("malformed JSON and a wrong content type are provider faults, not crashes", async () => {
    d.setFault({ kind: "malformed_json" });
    expect((await fault(client().search({}))).fault).toBe("malformed");
    d.setFault({ kind: "wrong_content_type", on: "search" });
    expect((await fault(client().search({}))).fault).toBe("content_type");
  });

  it("a download answered with an HTML page is a content_type fault", async () => {
    d.setFault({ kind: "wrong_content_type" });
    const f = await fault(client().download("4101", "41010"));
    expect(f.fault).toBe("content_type");
  });

  it("an expired signed URL gets one fresh URL; a second expired one is an expired_result fault, not retried", async () => {
    d.setFault({ kind: "expired_url", times: 1 });
    const dl = await client().download("4101", "41010");
    expect(dl.bytes.length).toBe(readFileSync(path.join(samples, "mug_kenney.glb")).length);
    expect(d.calls.filter((c) => c.target !== "token").map((c) => `${c.target} ${c.status}`)).toEqual(["file 200", "download 403", "file 200", "download 200"]);
    d.calls.length = 0;
    d.setFault({ kind: "expired_url" });
    const f = await fault(client({ run: retrying }).download("4101", "41010"));
    expect(f.fault).toBe("expired_result");
    expect(FAULT_RULES.expired_result.retry).toBe(false);
    expect(d.calls.filter((c) => c.target === "download").map((c) => c.status)).toEqual([403, 403]);
    expect(f.message).not.toMatch(/Signature|Expires/); // the signed URL's query (its signature) never appears in a message
  });

  it("the outbound URL guard refuses plain http to 127.0.0.1 outside tests, before any call", async () => {
    const f = await fault(client({ loopback: false }).search({}));
    expect(f.fault).toBe("blocked_url");
    expect(d.calls).toHaveLength(0);
  });
});
