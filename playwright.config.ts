/**
 * Browser tests (tests/e2e) in the system Chromium. The webServer migrates a fresh SQLite database,
 * builds the app and serves the production build through app/server/start.ts (the server `npm start` runs,
 * here with the Admin API double) with test credentials on a free port. The port and data directory are
 * chosen once in the runner process and inherited by workers through the environment.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";

function freePort(): string {
  // synchronous so config evaluation stays simple; the port is released before the server binds it
  return execFileSync(process.execPath, [
    "-e",
    "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})",
  ]).toString();
}

process.env.MOCKUP_E2E_PORT ??= freePort();
process.env.MOCKUP_E2E_ADMIN_PORT ??= freePort();
process.env.MOCKUP_E2E_CONTROL_PORT ??= freePort();
process.env.MOCKUP_E2E_DIR ??= mkdtempSync(path.join(os.tmpdir(), "mockup-e2e-"));
process.env.MOCKUP_E2E_API_KEY ??= "e2e-api-key";
process.env.MOCKUP_E2E_API_SECRET ??= "e2e-api-secret-not-for-production";

const port = process.env.MOCKUP_E2E_PORT;
const baseURL = `http://localhost:${port}`;

/** Environment of the app under test (also read by the specs to reach the same database). */
export const e2eEnv = {
  NODE_ENV: "production",
  PORT: port,
  DATABASE_URL: `file:${path.join(process.env.MOCKUP_E2E_DIR, "e2e.db")}`,
  MOCKUP_DATA_DIR: process.env.MOCKUP_E2E_DIR,
  SHOPIFY_API_KEY: process.env.MOCKUP_E2E_API_KEY,
  SHOPIFY_API_SECRET: process.env.MOCKUP_E2E_API_SECRET,
  SHOPIFY_APP_URL: baseURL,
  SCOPES: "write_products,write_files,write_app_proxy",
  MOCKUP_ENCRYPTION_KEY: "1f".repeat(32),
  LOG_LEVEL: "warn",
  // the specs drive job states themselves; a worker in the server would race them
  MOCKUP_IN_PROCESS_WORKER: "0",
  // the Admin API double the server sends the Shopify library's calls to (tests/e2e/server.ts)
  MOCKUP_E2E_ADMIN_PORT: process.env.MOCKUP_E2E_ADMIN_PORT,
  // the specs' switch for a job worker inside the server (tests/e2e/server-worker.ts)
  MOCKUP_E2E_CONTROL_PORT: process.env.MOCKUP_E2E_CONTROL_PORT,
  // no Blender in browser tests: passes come from the built-in rasteriser, no hero renders
  BLENDER_PATH: "",
  // the test allowance: every spec is one shopper on 127.0.0.1, so the per-client limits would throttle the suite
  // (the limits themselves: tests/storefront/rate-limit.test.ts and the proxy route tests)
  MOCKUP_LIVE_RATE: "10000/10000",
  MOCKUP_EDITOR_RATE: "10000/10000",
};

/** The Admin API double's GraphQL endpoint (specs seed and inspect the shop through it). */
export const e2eAdminGraphql = `http://127.0.0.1:${process.env.MOCKUP_E2E_ADMIN_PORT}/admin/api/2026-04/graphql.json`;

export default defineConfig({
  testDir: "tests/e2e",
  // its own folder: Playwright empties it at start, and the vitest reports and screenshots beside it stay
  outputDir: "test-results/e2e",
  fullyParallel: false,
  workers: 1,
  timeout: 60_000,
  reporter: [["list"]],
  use: {
    baseURL,
    // the Shopify library answers 410 to bot-like agents, and HeadlessChrome is one
    userAgent: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36",
    browserName: "chromium",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
    screenshot: "only-on-failure",
  },
  webServer: {
    // the same server as `npm start` (app/server/start.ts) with the Admin API double wired in (tests/e2e/server.ts)
    command: "npx prisma migrate deploy && npx remix vite:build && npx tsx tests/e2e/server.ts",
    url: `${baseURL}/healthz`,
    // Playwright waits for 2xx/3xx (or 400–403): /healthz answers that only once database and storage work
    env: e2eEnv,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
  },
});
