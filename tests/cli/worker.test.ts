/** `mockup worker` argument checks (child process): timings that would let healthy jobs be taken over exit 2. */
import { expect, it } from "vitest";
import { useCliHarness } from "./harness";

const h = useCliHarness();

it("refuses --heartbeat-ms × 2 ≥ --stale-ms with exit 2 and a clear message, before starting", async () => {
  for (const args of [
    ["--heartbeat-ms", "20000"], // default --stale-ms 30000
    ["--heartbeat-ms", "500", "--stale-ms", "1000"],
  ]) {
    const r = await h.mockup(["worker", ...args]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--heartbeat-ms × 2 must be less than --stale-ms/);
    expect(r.err).not.toContain("started");
  }
});
