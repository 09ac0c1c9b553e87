/** Runs `bin/mockup.js` as a child process against a fresh test database and data directory. */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { createTestDb, type TestDb } from "../helpers/db";

export interface CliRun {
  code: number | null;
  out: string;
  err: string;
}

export interface CliHarness {
  readonly t: TestDb;
  readonly dir: string;
  mockup(args: string[], env?: Record<string, string>): Promise<CliRun>;
  /** row counts of job, step, asset and design: bad input must leave them unchanged */
  rows(): Promise<number[]>;
}

/** Stand-in providers for product jobs (no Blender, no sharp work). */
export const REG = { MOCKUP_REGISTRY_MODULE: "tests/cli/fixtures/product-registry.ts" };

export function useCliHarness(): CliHarness {
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
  return {
    get t() {
      return t;
    },
    get dir() {
      return dir;
    },
    mockup(args, env = {}) {
      return new Promise((resolve) => {
        const child = spawn(process.execPath, ["bin/mockup.js", ...args], {
          env: { ...process.env, ...t.env, MOCKUP_DATA_DIR: dir, MOCKUP_BLENDER_STAGE: path.join(dir, "blender-stage"), LOG_LEVEL: "warn", ...env },
          stdio: ["ignore", "pipe", "pipe"],
        });
        let out = "";
        let err = "";
        child.stdout.on("data", (d) => (out += d));
        child.stderr.on("data", (d) => (err += d));
        child.on("exit", (code) => resolve({ code, out, err }));
      });
    },
    rows: async () => [await t.db.job.count(), await t.db.jobStep.count(), await t.db.asset.count(), await t.db.design.count()],
  };
}
