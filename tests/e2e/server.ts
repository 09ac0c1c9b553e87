/**
 * The browser tests' app server: the same server as `npm start` (app/server/start.ts: our Express app,
 * request log, graceful shutdown) on the production build, with the Shopify library's Admin API calls sent
 * to the Admin API double (tests/doubles/shopify-admin) instead of https://{shop}. The double listens on
 * MOCKUP_E2E_ADMIN_PORT so specs can query and seed it over GraphQL, and starts with the catalogue in
 * tests/e2e/fixtures/catalog.ts.
 */
import { loadServerBuild, startServer } from "../../app/server/start";
import { routeAdminApiTo, startAdminDouble } from "../doubles/shopify-admin";
import { seedCatalog } from "./fixtures/catalog";

// the build first: loading it installs the library's fetch, which routeAdminApiTo then replaces
const build = await loadServerBuild();
const double = await startAdminDouble({ port: Number(process.env.MOCKUP_E2E_ADMIN_PORT ?? 0) });
seedCatalog(double.store);
routeAdminApiTo(double);

const { port } = await startServer({ build, host: "127.0.0.1" });
console.log(`e2e app on http://127.0.0.1:${port}, Admin double on ${double.url}`);
