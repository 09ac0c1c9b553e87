/**
 * The browser tests' app server: the same server as `npm start` (app/server/start.ts: our Express app,
 * request log, graceful shutdown) on the production build, with the Shopify library's Admin API calls sent
 * to the Admin API double (tests/doubles/shopify-admin) instead of https://{shop}. The double listens on
 * MOCKUP_E2E_ADMIN_PORT so specs can query and seed it over GraphQL, and starts with the catalogue in
 * tests/e2e/fixtures/catalog.ts.
 */
import { loadServerBuild, startServer } from "../../app/server/start";
import { routeAdminApiTo, startAdminDouble } from "../doubles/shopify-admin";
import express from "express";
import { seedCatalog } from "./fixtures/catalog";
import { mountWorkerSwitch } from "./server-worker";
import { defaultConnectorKit } from "../../app/connectors/shared/default-kit.server";

// the vendor doubles listen on 127.0.0.1: this process's connector kit may reach loopback (code, never an env switch)
defaultConnectorKit({ guard: { allowLoopback: true } });
// the build first: loading it installs the library's fetch, which routeAdminApiTo then replaces
const build = await loadServerBuild();
const double = await startAdminDouble({ port: Number(process.env.MOCKUP_E2E_ADMIN_PORT ?? 0) });
seedCatalog(double.store);
routeAdminApiTo(double);
// the publish core's own Admin client (app/publish/admin-client.ts) fetches https://{shop}/admin/api/… directly
const realFetch = globalThis.fetch;
globalThis.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
  const url = new URL(typeof input === "string" || input instanceof URL ? input : input.url);
  if (url.hostname.endsWith(".myshopify.com") && url.pathname.startsWith("/admin/api/")) return realFetch(`${double.url}${url.pathname}${url.search}`, init);
  return realFetch(input, init);
};
// the specs' switch for a job worker in this process (tests/e2e/server-worker.ts), on its own port
const control = express();
mountWorkerSwitch(control);
control.listen(Number(process.env.MOCKUP_E2E_CONTROL_PORT ?? 0), "127.0.0.1");

const { port } = await startServer({ build, host: "127.0.0.1" });
console.log(`e2e app on http://127.0.0.1:${port}, Admin double on ${double.url}`);
