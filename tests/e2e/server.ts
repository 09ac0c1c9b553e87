/**
 * The browser tests' app server: the production build behind Express (as remix-serve runs it), with the
 * Shopify library's Admin API calls sent to the Admin API double (tests/doubles/shopify-admin) instead of
 * https://{shop}. The double listens on MOCKUP_E2E_ADMIN_PORT so specs can query and seed it over GraphQL,
 * and starts with the catalogue in tests/e2e/fixtures/catalog.ts.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import { routeAdminApiTo, startAdminDouble } from "../doubles/shopify-admin";
import { seedCatalog } from "./fixtures/catalog";

const root = path.resolve(import.meta.dirname, "../..");
const build = (await import(pathToFileURL(path.join(root, "build/server/index.js")).href)) as ServerBuild;

const double = await startAdminDouble({ port: Number(process.env.MOCKUP_E2E_ADMIN_PORT ?? 0) });
seedCatalog(double.store);
routeAdminApiTo(double);

const app = express();
app.disable("x-powered-by");
app.use("/assets", express.static(path.join(root, "build/client/assets"), { immutable: true, maxAge: "1y" }));
app.use(express.static(path.join(root, "build/client"), { maxAge: "1h" }));
app.all("*", createRequestHandler({ build, mode: "production" }));
const port = Number(process.env.PORT ?? 3000);
app.listen(port, "127.0.0.1", () => console.log(`e2e app on http://127.0.0.1:${port}, Admin double on ${double.url}`));
