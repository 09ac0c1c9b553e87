/**
 * Prisma's CLI runs a telemetry "checkpoint" (a request to Prisma's host) unless CHECKPOINT_DISABLE is
 * set; offline installs wait on it. prisma.config.ts turns it off for every Prisma command in this
 * repository, so a plain `npx prisma …` without the variable must report it disabled (its own debug line).
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../helpers/shared-data";

describe("Prisma telemetry", () => {
  it("is off for a Prisma command started without CHECKPOINT_DISABLE", () => {
    const env: NodeJS.ProcessEnv = { ...process.env, DEBUG: "prisma:cli:checkpoint" };
    delete env.CHECKPOINT_DISABLE;
    const r = spawnSync(process.execPath, [path.join(REPO_ROOT, "node_modules/prisma/build/index.js"), "validate"], { cwd: REPO_ROOT, env, encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain("runCheckpointClientCheck() is disabled by the CHECKPOINT_DISABLE env var");
    expect(r.stderr).not.toContain("await checkpoint.check(data)");
  });
});
