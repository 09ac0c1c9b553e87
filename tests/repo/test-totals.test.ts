/**
 * `npm test`'s closing line counts a test file that failed to load as failed: a real vitest run on two
 * fixture files, one of which cannot load because the shared data is missing (as in a clone placed
 * anywhere but beside shared/), read through the same totals as scripts/test.mjs.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { playwrightTotals, runTotals, vitestTotals } from "../../scripts/test-totals.mjs";
import { REPO_ROOT } from "../helpers/shared-data";

const dir = mkdtempSync(path.join(os.tmpdir(), "totals-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function vitestReport(env: Record<string, string>) {
  const out = path.join(dir, `report-${Object.keys(env).length}.json`);
  const r = spawnSync(
    process.execPath,
    [path.join(REPO_ROOT, "node_modules/vitest/vitest.mjs"), "run", "--config", "tests/fixtures/load-failure/vitest.config.ts", "--reporter=json", `--outputFile=${out}`],
    { cwd: REPO_ROOT, env: { ...process.env, ...env }, encoding: "utf8" },
  );
  return { status: r.status, report: JSON.parse(readFileSync(out, "utf8")) };
}

describe("test totals", () => {
  it("a file that fails to load (shared data missing) is one failed, with the helper's one message", () => {
    const { status, report } = vitestReport({ MOCKUP_SHARED_DIR: path.join(dir, "no-such-shared") });
    expect(status).toBe(1);
    // what vitest itself counts: no failed test at all, which is how "0 failed" hid 11 broken files
    expect(report.numFailedTests).toBe(0);
    const t = vitestTotals(report);
    expect(t).toMatchObject({ passed: 1, failed: 1, skipped: 0 });
    expect(t.problems).toHaveLength(1);
    expect(t.problems[0].file).toMatch(/needs-shared\.fixture\.ts$/);
    expect(t.problems[0].message).toMatch(/shared test data not found: samples\/models .*MOCKUP_SHARED_DIR/);
  });

  it("with the shared data there, both files pass", () => {
    const { status, report } = vitestReport({});
    expect(status).toBe(0);
    expect(vitestTotals(report)).toMatchObject({ passed: 2, failed: 0, problems: [] });
  });

  it("a run that exits non-zero with nothing failed in its report still counts as failed", () => {
    const clean = { passed: 3, failed: 0, skipped: 0, problems: [] };
    expect(runTotals(clean, 0, "vitest").failed).toBe(0);
    expect(runTotals(clean, 1, "vitest")).toMatchObject({ passed: 3, failed: 1, problems: [{ file: "vitest" }] });
  });

  it("Playwright errors outside tests (config, web server) count as failed", () => {
    const report = { stats: { expected: 4, unexpected: 0, flaky: 0, skipped: 1 }, errors: [{ message: "Error: Timed out waiting for webServer\n  at …" }] };
    expect(playwrightTotals(report)).toMatchObject({ passed: 4, failed: 1, skipped: 1, problems: [{ message: "Error: Timed out waiting for webServer" }] });
  });
});
