/** The worker protocol and the pool, against real Blender: round trip, malformed input, deadlines, crashes, recycling. */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BlenderError } from "../../app/blender/errors";
import { blenderHealth } from "../../app/blender/health";
import { blenderJobs, blenderProcesses } from "../../app/blender/metrics";
import { BlenderPool } from "../../app/blender/pool";
import { GARMENTS, HAS_BLENDER } from "./helpers";

const TEE = path.join(GARMENTS, "tee.glb");
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "blender-protocol-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const hero = (name: string, extra: Record<string, unknown> = {}) => ({
  model: TEE,
  view: "front" as const,
  size: 64,
  samples: 1,
  color: { name: "white", hex: "#ffffff" },
  out: path.join(dir, `${name}.png`),
  ...extra,
});

describe.skipIf(!HAS_BLENDER)("Blender worker protocol", () => {
  let pool: BlenderPool;
  beforeAll(() => {
    pool = new BlenderPool({ size: 1, maxJobsPerProcess: 50 });
  });
  afterAll(() => pool.close());

  it("answers a job round trip with a result line", async () => {
    const v = await pool.run("version", {});
    expect(v.result.blender).toMatch(/^3\.4/);
    expect(v.result.numpy).toBeTruthy();
    const r = await pool.run("hero", hero("rt"));
    expect(r.result).toMatchObject({ width: 64, height: 64, view: "front" });
    expect(statSync(path.join(dir, "rt.png")).size).toBeGreaterThan(100);
    expect(r.pid).toBe(v.pid);
  });

  it("keeps the scene when only the colour changes, resets it for another view", async () => {
    const a = await pool.run("hero", hero("c1", { color: { name: "red", hex: "#ff0000" } }));
    const b = await pool.run("hero", hero("c2", { color: { name: "blue", hex: "#0000ff" } }));
    const c = await pool.run("hero", hero("c3", { view: "back" }));
    expect(b.reset).toBe(false);
    expect(c.reset).toBe(true);
    expect(a.pid).toBe(c.pid);
  });

  it("answers a malformed line with an error line and keeps working", async () => {
    await pool.run("version", {});
    const [pid] = pool.pids();
    const proc = (pool as unknown as { slots: { proc: import("../../app/blender/process").BlenderProcess }[] }).slots[0].proc;
    for (const line of ["{not json", "[1,2,3]", '{"id":"x","kind":"nope"}', '{"kind":"version"}']) {
      const a = await proc.sendRaw(line);
      expect(a.ok).toBe(false);
      if (!a.ok) expect(a.error.code).toBe("bad_request");
    }
    // the worker's own checks, bypassing the TypeScript schema
    await expect(pool.runRaw("hero", { view: "front", model: "relative.glb" })).rejects.toMatchObject({ code: "bad_request", nonRetryable: true });
    await expect(pool.runRaw("passes", { model: TEE, view: "sideways", out: {} })).rejects.toThrow(/view must be one of/);
    const v = await pool.run("version", {});
    expect(v.pid).toBe(pid);
  });

  it("refuses bad params before anything reaches Blender", async () => {
    const started = pool.stats.started;
    await expect(pool.run("hero", { ...hero("bad"), color: { name: "x", hex: "red" } })).rejects.toMatchObject({ code: "bad_request" });
    await expect(pool.run("drape", { garment: "sock" as "tee", out: path.join(os.tmpdir(), "x.glb") })).rejects.toThrow(/garment/);
    await expect(pool.run("passes", { model: "../etc/passwd", view: "front", out: { uv: "/a", shading: "/b", mask: "/c" } })).rejects.toThrow(/model/);
    expect(pool.stats.started).toBe(started);
  });

  it("kills a job past its deadline and runs the next job on a fresh process", async () => {
    await pool.run("version", {});
    const [before] = pool.pids();
    const metric = async (c: typeof blenderJobs | typeof blenderProcesses, labels: Record<string, string>) =>
      (await c.get()).values.find((v) => Object.entries(labels).every(([k, x]) => (v.labels as Record<string, unknown>)[k] === x))?.value ?? 0;
    const timeoutsBefore = await metric(blenderJobs, { kind: "hero", outcome: "timeout" });
    const killedBefore = await metric(blenderProcesses, { event: "killed" });
    const err = await pool.run("hero", hero("slow", { size: 512, samples: 256 }), { deadlineMs: 400 }).catch((e) => e);
    expect(await metric(blenderJobs, { kind: "hero", outcome: "timeout" })).toBe(timeoutsBefore + 1);
    expect(await metric(blenderProcesses, { event: "killed" })).toBe(killedBefore + 1);
    expect(err).toBeInstanceOf(BlenderError);
    expect(err.code).toBe("timeout");
    for (let i = 0; i < 100 && alive(before); i++) await new Promise((r) => setTimeout(r, 20));
    expect(alive(before)).toBe(false);
    const next = await pool.run("hero", hero("after-timeout"));
    expect(next.pid).not.toBe(before);
    expect(next.result.width).toBe(64);
  });

  it("rejects a job whose process is killed mid-job as retryable, and recovers", async () => {
    await pool.run("version", {});
    const [pid] = pool.pids();
    const running = pool.run("hero", hero("killed", { size: 512, samples: 256 }));
    setTimeout(() => process.kill(pid, "SIGKILL"), 300);
    const err = await running.catch((e) => e);
    expect(err).toMatchObject({ code: "crashed", nonRetryable: false });
    const next = await pool.run("version", {});
    expect(next.pid).not.toBe(pid);
  });

  it("aborting the caller's signal kills the job", async () => {
    const ctl = new AbortController();
    const running = pool.run("hero", hero("aborted", { size: 512, samples: 256 }), { signal: ctl.signal });
    setTimeout(() => ctl.abort(new Error("cancelled by test")), 300);
    await expect(running).rejects.toThrow(/cancelled by test/);
    expect((await pool.run("version", {})).result.blender).toBeTruthy();
  });
});

describe.skipIf(!HAS_BLENDER)("Blender pool lifecycle", () => {
  it("replaces a process after maxJobsPerProcess jobs", async () => {
    const pool = new BlenderPool({ size: 1, maxJobsPerProcess: 2 });
    try {
      const a = await pool.run("version", {});
      const b = await pool.run("version", {});
      const c = await pool.run("version", {});
      expect(a.pid).toBe(b.pid);
      expect(c.pid).not.toBe(a.pid);
      expect(pool.stats.retired).toBe(1);
    } finally {
      await pool.close();
    }
  });

  it("health: version and a tiny scene", async () => {
    const h = await blenderHealth({ tinyScene: true });
    expect(h).toMatchObject({ ok: true, status: "ok" });
    expect(h.version).toMatch(/^3\.4/);
    expect(h.tinySceneMs).toBeGreaterThan(0);
  });
});

describe("without Blender", () => {
  it("the pool says unavailable and fails fast, non-retryable", async () => {
    const pool = new BlenderPool({ blender: null });
    expect(pool.available).toBe(false);
    await expect(pool.run("version", {})).rejects.toMatchObject({ code: "unavailable", nonRetryable: true });
  });

  it("health reports missing and failing binaries", async () => {
    expect(await blenderHealth({ blender: null })).toMatchObject({ ok: false, status: "missing" });
    expect(await blenderHealth({ blender: "/bin/false" })).toMatchObject({ ok: false, status: "failing" });
  });

  it("a binary that is not Blender fails to start, non-retryable", async () => {
    const pool = new BlenderPool({ blender: "/bin/true", startTimeoutMs: 5_000 });
    await expect(pool.run("version", {})).rejects.toMatchObject({ code: "start_failed", nonRetryable: true });
    await pool.close();
  });
});

describe.skipIf(!HAS_BLENDER)("hostile files", () => {
  it("answers bad_request (non-retryable) for a file that is not a GLB or a broken design, and keeps working", async () => {
    const pool = new BlenderPool({ size: 1 });
    const d = mkdtempSync(path.join(os.tmpdir(), "blender-hostile-"));
    try {
      const notGlb = path.join(d, "model.glb");
      writeFileSync(notGlb, Buffer.from("\x89PNG\r\n\x1a\n not a model"));
      const out = { uv: path.join(d, "uv.png"), shading: path.join(d, "s.png"), mask: path.join(d, "m.png") };
      await expect(pool.run("passes", { model: notGlb, view: "front", size: 32, out })).rejects.toMatchObject({ code: "bad_request", nonRetryable: true });
      const truncated = path.join(d, "truncated.glb");
      writeFileSync(truncated, readFileSync(TEE).subarray(0, 2000));
      await expect(pool.run("passes", { model: truncated, view: "front", size: 32, out })).rejects.toMatchObject({ code: "bad_request" });
      const badPng = path.join(d, "design.png");
      writeFileSync(badPng, Buffer.from("\x89PNG\r\n\x1a\n garbage garbage"));
      await expect(pool.run("hero", { ...hero("hostile"), out: path.join(d, "h.png"), design: badPng, printArea: { uv: { u0: 0.1, v0: 0.1, u1: 0.4, v1: 0.4 } } })).rejects.toMatchObject({ code: "bad_request" });
      const [pid] = pool.pids();
      const ok = await pool.run("hero", { ...hero("after-hostile"), out: path.join(d, "ok.png") });
      expect(ok.pid).toBe(pid);
    } finally {
      await pool.close();
      rmSync(d, { recursive: true, force: true });
    }
  });
});
