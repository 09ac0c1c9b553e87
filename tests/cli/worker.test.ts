/** `mockup worker` argument checks (child process): timings that would let healthy jobs be taken over exit 2. */
import { spawn } from "node:child_process";
import os from "node:os";
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

it("--metrics-port serves the worker's prom-client registry on 127.0.0.1; --nice lowers its CPU priority", async () => {
  const child = spawn(process.execPath, ["bin/mockup.js", "worker", "--metrics-port", "0", "--poll-ms", "200", "--gc-every-min", "0", "--nice", "7"], {
    env: { ...process.env, ...h.t.env, MOCKUP_DATA_DIR: h.dir, MOCKUP_REGISTRY_MODULE: "tests/cli/fixtures/empty-registry.ts", LOG_LEVEL: "warn" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let err = "";
  child.stderr.on("data", (d) => (err += d));
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  try {
    for (let i = 0; !/worker \S+ started/.test(err); i++) {
      if (i > 600 || child.exitCode !== null) throw new Error(`worker did not start: ${err}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const url = /metrics on (http:\/\/127\.0\.0\.1:\d+\/metrics)/.exec(err)?.[1];
    expect(url, err).toBeDefined();
    const res = await fetch(url!);
    expect(res.status).toBe(200);
    const text = await res.text();
    for (const name of ["mockup_step_duration_seconds", "mockup_provider_failures_total", "mockup_breaker_state", "mockup_process_cpu_user_seconds_total"]) {
      expect(text).toContain(`# HELP ${name}`);
    }
    expect((await fetch(url!.replace("/metrics", "/other"))).status).toBe(404);
    expect(os.getPriority(child.pid)).toBe(Math.max(7, os.getPriority())); // never below the niceness it started with
  } finally {
    child.kill("SIGTERM");
  }
  expect(await exited).toBe(0);
  expect(err).toMatch(/worker \S+ stopped/);
});

it("refuses a bad --metrics-port or --nice with exit 2", async () => {
  const r = await h.mockup(["worker", "--metrics-port", "70000"]);
  expect(r.code).toBe(2);
  expect(r.err).toContain("--metrics-port must be an integer from 0 to 65535");
  const n = await h.mockup(["worker", "--nice", "25"]);
  expect(n.code).toBe(2);
  expect(n.err).toContain("--nice must be an integer from 0 to 19");
});
