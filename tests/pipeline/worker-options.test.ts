/** Worker timing options are checked up front: a heartbeat too slow for the stale limit would let healthy jobs be taken over. */
import { afterEach, beforeEach, expect, it } from "vitest";
import { fixture, type Fixture } from "./helpers";

let f: Fixture;
beforeEach(async () => (f = await fixture()));
afterEach(() => f.close());

it.each([
  [5000, 10_000],
  [5000, 9_000],
  [20_000, 30_000],
])("refuses heartbeatMs %i with staleAfterMs %i", (heartbeatMs, staleAfterMs) => {
  expect(() => f.worker(f.registry(), { heartbeatMs, staleAfterMs })).toThrow(/heartbeatMs \* 2 must be less than staleAfterMs/);
});

it("refuses non-positive or non-finite timings", () => {
  expect(() => f.worker(f.registry(), { heartbeatMs: 0, staleAfterMs: 1000 })).toThrow(/heartbeatMs must be a positive/);
  expect(() => f.worker(f.registry(), { heartbeatMs: Number.NaN, staleAfterMs: 1000 })).toThrow(/heartbeatMs must be a positive/);
});

it("accepts heartbeatMs * 2 < staleAfterMs (and the defaults)", () => {
  expect(() => f.worker(f.registry(), { heartbeatMs: 4999, staleAfterMs: 10_000 })).not.toThrow();
  expect(() => f.worker(f.registry(), { heartbeatMs: undefined, staleAfterMs: undefined })).not.toThrow();
});
