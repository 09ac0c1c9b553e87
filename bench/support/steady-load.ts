/**
 * A steady offered rate from autocannon. autocannon's own rate limit (`overallRate`, `connectionRate`) lets each
 * connection send its quota for the second back to back as soon as the second starts, then pause: 500/s over 50
 * connections arrives as a burst of 500 requests, 50 at a time, at every second boundary, and the last of each
 * burst waits for all before it (at 1 ms of CPU per request, ~0.5 s: p99 measures the burst, not the server).
 * Here the rate is split over `slots` single-connection instances started 1/slots of a second apart, so a
 * connection's few back-to-back requests are spread evenly over the second (deliveries follow a store's events,
 * not a clock).
 * Latencies are collected per response across every instance (one p99 for the whole offer).
 */
import autocannon, { type Request } from "autocannon";

export interface SteadyLoadOptions {
  url: string;
  /** requests offered per second in all */
  rps: number;
  seconds: number;
  request: Request;
  /** single-connection instances; default DEFAULTS.slots (at most rps) */
  slots?: number;
  /** per-request timeout, s */
  timeout?: number;
}

export const DEFAULTS = { slots: 50, timeout: 10 };

export interface SteadyLoadResult {
  /** answers by class */
  ok2xx: number;
  non2xx: number;
  fourxx: number;
  errors: number;
  latency: { p50: number; p99: number; max: number };
}

export async function steadyLoad(opts: SteadyLoadOptions): Promise<SteadyLoadResult> {
  const slots = Math.max(1, Math.min(opts.slots ?? DEFAULTS.slots, opts.rps));
  const latencies: number[] = [];
  const runs: Promise<{ "2xx": number; non2xx: number; "4xx": number; errors: number; timeouts: number }>[] = [];
  for (let i = 0; i < slots; i++) {
    // this slot's share of the rate (the remainder spread over the first slots)
    const rate = Math.floor(opts.rps / slots) + (i < opts.rps % slots ? 1 : 0);
    const inst = autocannon({ url: opts.url, connections: 1, connectionRate: rate, duration: opts.seconds, requests: [opts.request], timeout: opts.timeout ?? DEFAULTS.timeout });
    inst.on("response", (_client: unknown, _status: number, _bytes: number, ms: number) => latencies.push(ms));
    runs.push(inst);
    await new Promise((r) => setTimeout(r, 1000 / slots));
  }
  const results = await Promise.all(runs);
  const sorted = latencies.sort((a, b) => a - b);
  const pct = (p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] : 0);
  const sum = (k: "2xx" | "non2xx" | "4xx" | "errors" | "timeouts") => results.reduce((s, r) => s + r[k], 0);
  return {
    ok2xx: sum("2xx"),
    non2xx: sum("non2xx"),
    fourxx: sum("4xx"),
    errors: sum("errors") + sum("timeouts"),
    latency: { p50: Math.round(pct(0.5) * 10) / 10, p99: Math.round(pct(0.99) * 10) / 10, max: Math.round((sorted.at(-1) ?? 0) * 10) / 10 },
  };
}
