// Totals for `npm test`'s closing line, from the JSON reports of vitest and Playwright.
// A test file that failed to load (an import that throws, missing shared data, a syntax error) or whose
// hooks failed has no failed test in it, yet it is a failure: each such file counts as one failed.
// A run that exited non-zero without any failure in its report counts as one failed too, so the closing
// line can never say "0 failed" while the exit code says otherwise.

const firstLine = (s) => String(s ?? "").split("\n").find((l) => l.trim()) ?? "";

/** vitest's JSON reporter: testResults[] per file, with status and message, assertionResults[] per test. */
export function vitestTotals(report) {
  const problems = [];
  for (const file of report.testResults ?? []) {
    const failedTests = (file.assertionResults ?? []).filter((a) => a.status === "failed").length;
    if (file.status === "failed" && failedTests === 0) {
      problems.push({ file: file.name, message: firstLine(file.message) || "the file failed outside any test" });
    }
  }
  return {
    passed: report.numPassedTests ?? 0,
    failed: (report.numFailedTests ?? 0) + problems.length,
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
    problems,
  };
}

/** Playwright's JSON reporter: stats, plus errors[] for failures outside tests (config, web server). */
export function playwrightTotals(report) {
  const problems = (report.errors ?? []).map((e) => ({ file: e.location?.file ?? "playwright", message: firstLine(e.message) }));
  return {
    passed: report.stats?.expected ?? 0,
    failed: (report.stats?.unexpected ?? 0) + (report.stats?.flaky ?? 0) + problems.length,
    skipped: report.stats?.skipped ?? 0,
    problems,
  };
}

/** One run's contribution: its report's totals, or one failure when it exited non-zero and reported none. */
export function runTotals(totals, exitCode, label) {
  if (exitCode === 0 || totals.failed > 0) return totals;
  const problem = { file: label, message: `exited with code ${exitCode} but reported no failed test` };
  return { ...totals, failed: 1, problems: [...totals.problems, problem] };
}
