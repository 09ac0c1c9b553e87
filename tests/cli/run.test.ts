/** `mockup run` end to end with stand-in providers, then jobs / job / retry on its job. */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../helpers/db";

let t: TestDb;
let dir: string;
beforeAll(async () => {
  t = await createTestDb();
  dir = mkdtempSync(path.join(os.tmpdir(), "cli-"));
});
afterAll(async () => {
  await t.drop();
  rmSync(dir, { recursive: true, force: true });
});

function mockup(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["bin/mockup.js", ...args], {
      env: { ...process.env, ...t.env, MOCKUP_DATA_DIR: dir, LOG_LEVEL: "warn", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("exit", (code) => resolve({ code, out, err }));
  });
}
const rows = async () => [await t.db.job.count(), await t.db.jobStep.count(), await t.db.asset.count(), await t.db.design.count()];
const REG = { MOCKUP_REGISTRY_MODULE: "tests/cli/fixtures/product-registry.ts" };

describe("run, jobs, job, retry", () => {
  it("runs a product pipeline from local files and prints existing output paths", async () => {
    const design = path.join(dir, "logo.png");
    await sharp({ create: { width: 64, height: 48, channels: 4, background: { r: 255, g: 0, b: 0, alpha: 1 } } }).png().toFile(design);
    const r = await mockup(["run", "--model", "tee", "--colors", "Black=#000000,Beige=#F5DEB3", "--design", design, "--views", "front,back"], REG);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).not.toContain("\x1b"); // not a tty: plain lines
    expect(r.out).toMatch(/job \S+ succeeded/);
    const paths = [...r.out.matchAll(/^\s+(\S+)\/(\w+): (\/\S+)$/gm)];
    // model, optimize, variants, 2 views of passes, 2 views × 2 colours of mockups
    expect(paths).toHaveLength(9);
    for (const [, , , p] of paths) expect(existsSync(p)).toBe(true);
    expect(paths.map((p) => p[1])).toContain("mockup:back:0:Beige");
    const job = await t.db.job.findFirstOrThrow({ where: { shop: "demo.local" } });
    expect(job.status).toBe("succeeded");
    expect(await t.db.design.count()).toBe(1);

    const list = await mockup(["jobs"]);
    expect(list.code).toBe(0);
    expect(list.out).toContain(job.id);
    expect(list.out).toContain("succeeded");
    const one = await mockup(["job", job.id]);
    expect(one.code).toBe(0);
    expect(one.out).toMatch(/mockup:front:0:Black\s+mockup.compose\s+succeeded/);
    expect((await mockup(["job", job.id, "--shop", "other.myshopify.com"])).code).toBe(1);
    const retry = await mockup(["retry", job.id]);
    expect(retry.code).toBe(1);
    expect(retry.err).toContain("only failed or cancelled jobs can be retried");
  });

  it("exits 1 with the failing step when the pipeline fails; retry re-queues it", async () => {
    const r = await mockup(["run", "--model", "hoodie", "--colors", "Black=#000000", "--product", "p-fail"], { MOCKUP_REGISTRY_MODULE: "tests/cli/fixtures/empty-registry.ts" });
    expect(r.code).toBe(1);
    expect(r.err).toContain('step "model" failed: no provider registered for model.fetch');
    const job = await t.db.job.findFirstOrThrow({ where: { input: { contains: "p-fail" } } });
    const retry = await mockup(["retry", job.id]);
    expect(retry.code).toBe(0);
    expect(retry.out).toContain("queued again");
    expect((await t.db.job.findUniqueOrThrow({ where: { id: job.id } })).status).toBe("queued");
  });
});
