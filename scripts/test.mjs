// `npm test`: the whole suite, as CI runs it.
//  1. vitest on the embedded default (SQLite);
//  2. every test file that uses a database again on Postgres (127.0.0.1:5432, or TEST_POSTGRES_URL);
//     skipped with a warning when no Postgres answers, unless REQUIRE_POSTGRES=1 (CI);
//  3. browser tests (Playwright, Debian Chromium), started beside step 2: the Postgres pass takes one fork, the
//     browser tests (one worker, mostly waiting on the server and Chromium) the other core, so the two overlap
//     instead of adding up (the Postgres pass alone took 81 s of the 878 s clean-clone CI before this). The Postgres pass's output is held and printed when it ends, so
//     the two reports do not interleave.
// Ends with one line "tests: N passed, N failed, N skipped"; a test file that failed to load counts as
// failed (scripts/test-totals.mjs).
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { missingSharedMessage, sharedDir } from "../tests/helpers/shared-data.ts";
import { playwrightTotals, runTotals, vitestTotals } from "./test-totals.mjs";

const totals = { passed: 0, failed: 0, skipped: 0 };
/** failures outside any test (a file that failed to load, a run that died): listed before the totals */
const problems = [];
let ok = true;
mkdirSync("test-results", { recursive: true });

/**
 * Runs one pass and adds its report to the totals. `quiet`: its output is collected and printed when it ends
 * (for a pass that runs beside another).
 */
async function run(label, cmd, args, env, report, count, { quiet = false } = {}) {
  if (!quiet) console.log(`\n=== ${label}`);
  rmSync(report, { force: true }); // never count an earlier run's report
  const child = spawn(cmd, args, { stdio: quiet ? ["ignore", "pipe", "pipe"] : "inherit", env: { ...process.env, ...env } });
  const out = [];
  if (quiet) {
    child.stdout.on("data", (d) => out.push(d));
    child.stderr.on("data", (d) => out.push(d));
  }
  const status = await new Promise((resolve) => {
    child.on("error", () => resolve(1));
    child.on("close", (code) => resolve(code));
  });
  if (quiet) {
    console.log(`\n=== ${label}`);
    process.stdout.write(Buffer.concat(out));
  }
  if (status !== 0) ok = false;
  const parsed = existsSync(report) ? count(JSON.parse(readFileSync(report, "utf8"))) : { passed: 0, failed: 0, skipped: 0, problems: [] };
  const t = runTotals(parsed, status ?? 1, label);
  totals.passed += t.passed;
  totals.failed += t.failed;
  totals.skipped += t.skipped;
  problems.push(...t.problems);
}

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

// said once here; each test file that needs the data fails to load with the same message
if (!existsSync(sharedDir())) console.warn(`\n!!! ${missingSharedMessage(".")}`);

const only = process.argv.slice(2); // optional file filters, passed to vitest
const vitest = ["vitest", "run", "--reporter=default", "--reporter=json"];

await run("vitest (SQLite)", "npx", [...vitest, "--outputFile=test-results/vitest-sqlite.json", ...only], {}, "test-results/vitest-sqlite.json", vitestTotals);

const browser = existsSync("playwright.config.ts") && only.length === 0;
const passes = [];
// with file filters, only the filtered files that use a database (vitest matches a filter as part of the path)
const dbFiles = testFiles("tests")
  .filter((f) => /helpers\/db/.test(readFileSync(f, "utf8")))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o.replace(/^\.\//, ""))));
if (dbFiles.length === 0) {
  // the filters name no database test file: nothing to run again on Postgres
} else if (await postgresUp()) {
  passes.push(
    run(
      `vitest (Postgres: ${dbFiles.length} database test files)`,
      "npx",
      // beside the browser tests: one fork, so each has a core
      [...vitest, "--outputFile=test-results/vitest-postgres.json", ...(browser ? ["--maxWorkers=1"] : []), ...dbFiles],
      { TEST_DATABASE: "postgres" },
      "test-results/vitest-postgres.json",
      vitestTotals,
      { quiet: browser },
    ),
  );
} else if (process.env.REQUIRE_POSTGRES === "1") {
  console.error("Postgres is required (REQUIRE_POSTGRES=1) but nothing answers at 127.0.0.1:5432");
  ok = false;
} else {
  console.warn("\n!!! Postgres not reachable: database tests ran on SQLite only");
}

if (browser) {
  passes.push(
    run("playwright (Chromium)", "npx", ["playwright", "test", "--reporter=list,json"], { PLAYWRIGHT_JSON_OUTPUT_NAME: "test-results/playwright.json" }, "test-results/playwright.json", playwrightTotals),
  );
}
await Promise.all(passes);

if (problems.length) {
  console.log("\nfailed outside any test:");
  for (const p of problems) console.log(`  ${path.relative(process.cwd(), p.file) || p.file}: ${p.message}`);
}
console.log(`\ntests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(ok && totals.failed === 0 ? 0 : 1);
