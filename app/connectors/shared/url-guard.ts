/**
 * The one guard for every outbound URL a merchant sets (vendor base URLs, result URLs a vendor hands back, the alert
 * webhook). A merchant-set URL is an SSRF vector: pointed at 169.254.169.254 or 10.0.0.5 it would make our server
 * fetch cloud credentials or internal services for them. So:
 * - https only, no user name or password in the URL;
 * - no private, loopback, link-local, CGNAT, multicast or unspecified address;
 * - checked when connecting, on the addresses DNS actually returned (a custom `lookup` for node:https), because a
 *   name that resolved to a public address when the merchant saved it can resolve to 127.0.0.1 later (DNS rebinding).
 * Tests (and the demo's local doubles) may allow plain http to 127.0.0.1 only through `allowLoopback`, an explicit
 * option in code: no environment variable can switch the guard off in production. Decision 142.
 */
import dns from "node:dns";
import net from "node:net";
import type { LookupFunction } from "node:net";

export interface UrlGuardOptions {
  /**
   * Allow http:// and the loopback addresses 127.0.0.1 / ::1 (local doubles in tests and `mockup demo --vendors
   * local`). Private and link-local ranges stay refused. Default false.
   */
  allowLoopback?: boolean;
}

export const DEFAULTS: Required<UrlGuardOptions> = { allowLoopback: false };

export class BlockedUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BlockedUrlError";
  }
}

const blocked = new net.BlockList();
// IPv4: "this network", private, CGNAT, loopback, link-local (cloud metadata), IETF protocol, TEST-NETs,
// benchmarking, multicast, reserved and broadcast
for (const [net4, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  blocked.addSubnet(net4, prefix, "ipv4");
}
// IPv6: unspecified, loopback, IPv4-mapped (checked again as IPv4 below), NAT64 well-known, discard, ULA,
// link-local, site-local, multicast
for (const [net6, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["64:ff9b::", 96],
  ["100::", 64],
  ["fc00::", 7],
  ["fe80::", 10],
  ["fec0::", 10],
  ["ff00::", 8],
] as const) {
  blocked.addSubnet(net6, prefix, "ipv6");
}

const LOOPBACK = new Set(["127.0.0.1", "::1"]);

/** Why this address may not be connected to, or null when it may. */
export function addressProblem(address: string, opts: UrlGuardOptions = {}): string | null {
  const family = net.isIP(address);
  if (family === 0) return `"${address}" is not an IP address`;
  if (opts.allowLoopback && LOOPBACK.has(address)) return null;
  if (family === 6) {
    // ::ffff:10.0.0.1 reaches 10.0.0.1
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped) return addressProblem(mapped[1], opts);
    if (blocked.check(address, "ipv6")) return `address ${address} is private, loopback or link-local`;
    return null;
  }
  if (blocked.check(address, "ipv4")) return `address ${address} is private, loopback or link-local`;
  return null;
}

/**
 * The URL's own shape, without DNS: https (or http with allowLoopback), no credentials, a host. An IP literal is
 * checked here too, because node connects to a literal without calling `lookup`.
 */
export function checkUrlShape(raw: string, opts: UrlGuardOptions = {}): URL {
  if (!URL.canParse(raw)) throw new BlockedUrlError("not a valid URL");
  const u = new URL(raw);
  const httpOk = opts.allowLoopback === true && u.protocol === "http:";
  if (u.protocol !== "https:" && !httpOk) throw new BlockedUrlError("only https:// URLs are allowed");
  if (u.username || u.password) throw new BlockedUrlError("the URL must not contain a user name or password");
  if (!u.hostname) throw new BlockedUrlError("the URL has no host");
  const host = u.hostname.replace(/^\[|\]$/g, "");
  if (net.isIP(host)) {
    const problem = addressProblem(host, opts);
    if (problem) throw new BlockedUrlError(problem);
  } else if (/^localhost\.?$/i.test(host) || /\.localhost\.?$/i.test(host)) {
    // resolves to loopback by definition (RFC 6761); refuse before asking DNS
    if (!opts.allowLoopback) throw new BlockedUrlError("localhost is not allowed");
  }
  return u;
}

/**
 * A `lookup` for node:http(s) / node:net that resolves every address of the name and refuses the connection when
 * any of them is blocked (a name with one public and one private address is refused: the OS may pick either).
 */
export function guardedLookup(opts: UrlGuardOptions = {}): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { all: true, family: options.family, hints: options.hints }, (err, addresses) => {
      if (err) return callback(err, "", 4);
      const list = addresses as dns.LookupAddress[];
      if (list.length === 0) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: "ENOTFOUND" }), "", 4);
      for (const a of list) {
        const problem = addressProblem(a.address, opts);
        if (problem) return callback(new BlockedUrlError(`${hostname} resolves to a refused address: ${problem}`), "", 4);
      }
      if (options.all) return callback(null, list as never);
      callback(null, list[0].address, list[0].family);
    });
  };
}
