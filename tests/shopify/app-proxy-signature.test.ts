/**
 * checkAppProxySignature (node:crypto) against the app's own `authenticate.public.appProxy` (the Shopify Remix
 * library, configured as the app configures it) on the same requests: the same verdict for a good one, every
 * tampering, another secret, repeated parameters, timestamps inside and past the tolerance, Remix's `_data` and an
 * empty `index` (decision 155). A check that accepted what the library refuses would let forged uploads in.
 */
import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkAppProxySignature } from "../../app/shopify/app-proxy-signature";
import type { TestDb } from "../helpers/db";
import { installTestDb, TEST_API_SECRET } from "./env";

const SHOP = "sig-proxy-shop.myshopify.com";
let t: TestDb;
let authenticateProxy: (request: Request) => Promise<unknown>;

beforeAll(async () => {
  t = await installTestDb();
  authenticateProxy = (await import("../../app/shopify.server")).authenticate.public.appProxy;
});
afterAll(async () => t?.drop());

const now = () => Math.trunc(Date.now() / 1000);

/**
 * Shopify's signing as the library reproduces it: pairs as `k=v` (repeated keys joined with ","), in an object's
 * key order sorted with localeCompare, concatenated, hex HMAC.
 */
function sign(pairs: [string, string][], secret = TEST_API_SECRET): string {
  const joined: Record<string, string> = Object.create(null);
  for (const [k, v] of pairs) joined[k] = k in joined ? `${joined[k]},${v}` : v;
  const message = Object.entries(joined).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}=${v}`).join("");
  return createHmac("sha256", secret).update(message).digest("hex");
}

const base = (ts = now()): [string, string][] => [
  ["shop", SHOP],
  ["logged_in_customer_id", ""],
  ["path_prefix", "/apps/mockup"],
  ["timestamp", String(ts)],
  ["product", "7001"],
  ["color", "Waldgrün"],
];
const url = (pairs: [string, string][], path = "/proxy/designs") => `https://mockup.test${path}?${new URLSearchParams(pairs)}`;
const signed = (pairs: [string, string][], secret?: string): [string, string][] => [...pairs, ["signature", sign(pairs, secret)]];

async function library(href: string): Promise<"ok" | "refused"> {
  try {
    await authenticateProxy(new Request(href, { method: "POST", body: "x" }));
    return "ok";
  } catch (e) {
    if (e instanceof Response && e.status === 400) return "refused";
    throw e;
  }
}
function ours(href: string): "ok" | "refused" {
  const u = new URL(href);
  return checkAppProxySignature(u.searchParams, TEST_API_SECRET, { pathname: u.pathname }).ok ? "ok" : "refused";
}

const good = signed(base());
const sig = good.at(-1)![1];
const cases: [string, string, "ok" | "refused"][] = [
  ["a good request", url(good), "ok"],
  ["a good request on another route", url(good, "/proxy/design-images"), "ok"],
  ["a tampered value", url(good.map(([k, v]) => [k, k === "product" ? "7002" : v])), "refused"],
  ["an added parameter", url([...good, ["variant", "1"]]), "refused"],
  ["a removed parameter", url(good.filter(([k]) => k !== "logged_in_customer_id")), "refused"],
  ["another secret", url(signed(base(), "forged-secret")), "refused"],
  ["no signature", url(base()), "refused"],
  ["an empty signature", url([...base(), ["signature", ""]]), "refused"],
  ["the signature in upper case", url([...base(), ["signature", sig.toUpperCase()]]), "refused"],
  ["a truncated signature", url([...base(), ["signature", sig.slice(0, -1)]]), "refused"],
  ["the signature twice", url([...good, ["signature", sig]]), "refused"],
  ["shop twice", url([...signed([...base(), ["shop", SHOP]])]), "refused"],
  ["timestamp twice", url([...signed([...base(), ["timestamp", String(now())]])]), "refused"],
  ["a repeated ordinary parameter, signed joined", url(signed([...base(), ["views", "front"], ["views", "back"]])), "ok"],
  ["a timestamp 60 s old", url(signed(base(now() - 60))), "ok"],
  ["a timestamp 120 s old", url(signed(base(now() - 120))), "refused"],
  ["a timestamp 120 s ahead", url(signed(base(now() + 120))), "refused"],
  ["a timestamp that is not an integer", url(signed(base().map(([k, v]) => [k, k === "timestamp" ? `${v}.5` : v]))), "refused"],
  ["no timestamp", url(signed(base().filter(([k]) => k !== "timestamp"))), "refused"],
  ["an empty index, signed without it", url([...good, ["index", ""]]), "ok"],
  ["an index with a value, not signed", url([...good, ["index", "1"]]), "refused"],
  ["keys whose order differs by case", url(signed([...base(), ["Zeta", "1"], ["alpha", "2"]])), "ok"],
  ["a timestamp 88 s old (just inside the 90 s tolerance)", url(signed(base(now() - 88))), "ok"],
  ["keys the library's sort cannot tell apart (\\u0000-prefixed and plain)", url(signed([...base(), ["\u00001", "a"], ["1", "b"]])), "ok"],
  ["a Remix index data request (`_data=…._index` signed, stripped)", url([...base(), ["signature", sign([["_data", "routes/proxy.designs._index"], ...base()])]]), "ok"],
  ["a Remix data request (`_data` signed, stripped before the route)", url([...base(), ["signature", sign([["_data", "routes/proxy.designs"], ...base()])]]), "ok"],
  ["`_data` for another route", url([...base(), ["signature", sign([["_data", "routes/proxy.health"], ...base()])]]), "refused"],
];

describe("checkAppProxySignature agrees with the Shopify library", () => {
  for (const [name, href, expected] of cases) {
    it(name, async () => {
      const verdict = await library(href);
      expect(verdict).toBe(expected); // the case tests what it says
      expect(ours(href)).toBe(verdict);
    });
  }

  it("names why it refused, and follows the clock and tolerance it is given", () => {
    const q = (pairs: [string, string][]) => new URL(url(pairs)).searchParams;
    expect(checkAppProxySignature(q(base()), TEST_API_SECRET)).toEqual({ ok: false, reason: "missing_signature" });
    expect(checkAppProxySignature(q(signed(base(1000))), TEST_API_SECRET, { nowSec: 1050 })).toEqual({ ok: true });
    expect(checkAppProxySignature(q(signed(base(1000))), TEST_API_SECRET, { nowSec: 1050, toleranceSec: 30 })).toEqual({ ok: false, reason: "stale_timestamp" });
    expect(checkAppProxySignature(q([...good, ["shop", SHOP]]), TEST_API_SECRET)).toEqual({ ok: false, reason: "repeated_parameter" });
    expect(checkAppProxySignature(q(signed(base(), "x")), TEST_API_SECRET)).toEqual({ ok: false, reason: "invalid_signature" });
  });
});
