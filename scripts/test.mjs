// `npm test`: the whole suite, as CI runs it.
//  1. vitest on the embedded default (SQLite);
//  2. every test file that uses a database again on Postgres (127.0.0.1:5432, or TEST_POSTGRES_URL);
//     skipped with a warning when no Postgres answers, unless REQUIRE_POSTGRES=1 (CI);
//  3. browser tests (Playwright, Debian Chromium).
// Ends with one line "tests: N passed, N failed, N skipped".
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import pg from "pg";

const totals = { passed: 0, failed: 0, skipped: 0 };
let ok = true;
mkdirSync("test-results", { recursive: true });

function run(label, cmd, args, env, report, count) {
  console.log(`\n=== ${label}`);
  const r = spawnSync(cmd, args, { stdio: "inherit", env: { ...process.env, ...env } });
  if (r.status !== 0) ok = false;
  if (existsSync(report)) count(JSON.parse(readFileSync(report, "utf8")));
  else ok = false;
}

const vitestCount = (j) => {
  totals.passed += j.numPassedTests;
  totals.failed += j.numFailedTests;
  totals.skipped += j.numPendingTests + (j.numTodoTests ?? 0);
};
const playwrightCount = (j) => {
  totals.passed += j.stats.expected;
  totals.failed += j.stats.unexpected + j.stats.flaky;
  totals.skipped += j.stats.skipped;
};

function testFiles(dir) {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((d) => d.isFile() && d.name.endsWith(".test.ts"))
    .map((d) => path.join(d.parentPath, d.name));
}

async function postgresUp() {
  const c = new pg.Client({
    connectionString: process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres",
    connectionTimeoutMillis: 2000,
  });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}

const only = process.argv.slice(2); // optional file filters, passed to vitest
const vitest = ["vitest", "run", "--reporter=default", "--reporter=json"];

run("vitest (SQLite)", "npx", [...vitest, "--outputFile=test-results/vitest-sqlite.json", ...only], {}, "test-results/vitest-sqlite.json", vitestCount);

const dbFiles = testFiles("tests").filter((f) => /helpers\/db/.test(readFileSync(f, "utf8")));
if (await postgresUp()) {
  run(
    `vitest (Postgres: ${dbFiles.length} database test files)`,
    "npx",
    [...vitest, "--outputFile=test-results/vitest-postgres.json", ...dbFiles],
    { TEST_DATABASE: "postgres" },
    "test-results/vitest-postgres.json",
    vitestCount,
  );
} else if (process.env.REQUIRE_POSTGRES === "1") {
  console.error("Postgres is required (REQUIRE_POSTGRES=1) but nothing answers at 127.0.0.1:5432");
  ok = false;
} else {
  console.warn("\n!!! Postgres not reachable: database tests ran on SQLite only");
}

if (existsSync("playwright.config.ts") && only.length === 0) {
  run("playwright (Chromium)", "npx", ["playwright", "test", "--reporter=list,json"], { PLAYWRIGHT_JSON_OUTPUT_NAME: "test-results/playwright.json" }, "test-results/playwright.json", playwrightCount);
}

console.log(`\ntests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(ok && totals.failed === 0 ? 0 : 1);
