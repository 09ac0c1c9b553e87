/**
 * The Express app around the Remix build: the request log first (app/server/request-log.ts), compression,
 * the client build's static files (hashed /assets/* immutable for a year, the rest for an hour), then every
 * other request to Remix (@remix-run/express) — what remix-serve did, with a log we control. During shutdown responses carry
 * `Connection: close` so keep-alive clients move on instead of holding the server open.
 */
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express, { type ErrorRequestHandler, type Express, type Request, type Response } from "express";
import type { Logger } from "pino";
import type { WebhookInput, WebhookResult } from "../shopify/webhook-deliveries.server";
import { readLimitedNodeBody } from "./read-limited";
import { requestLog } from "./request-log";

/** What the build's entry (app/entry.server.tsx) exports for the direct webhook route. */
interface EntryExtras {
  productWebhook?: (input: WebhookInput) => Promise<WebhookResult>;
}

/**
 * products/create and products/update are the deliveries Shopify sends most (a bulk import: thousands in a
 * minute), and their answer is one insert. Answered here, before compression, static files and Remix, with
 * the same code as their Remix route: Remix's route matching (it flattens and ranks the whole route tree on
 * every request) and the Fetch Request conversion were ~25 % of the web process's busy time per delivery in a profile
 * of it alone at 300 deliveries/s (decision 154).
 */
export const DIRECT_WEBHOOKS = ["/webhooks/products/create", "/webhooks/products/update"];

export interface AppOptions {
  build: ServerBuild;
  /** the client build folder (build/client), absolute */
  clientDir: string;
  logger: Logger;
  /** true once shutdown began */
  stopping: () => boolean;
  /** the Remix mode (default process.env.NODE_ENV, else production) */
  mode?: string;
}

/**
 * What compression may gzip: everything its default filter takes, except webhook answers. Remix streams a response
 * without Content-Length, so compression's size threshold never applies and a 25-byte `{"ok":true,"queued":true}`
 * got a gzip stream of its own: 2.6 % of the web process's CPU under bench:scale's webhook load, for nothing.
 */
export function compressible(req: Request, res: Response): boolean {
  if (req.path.startsWith("/webhooks/")) return false;
  return compression.filter(req, res);
}

export function createApp(opts: AppOptions): Express {
  const app = express();
  app.disable("x-powered-by");
  app.use(requestLog({ logger: opts.logger }));
  app.use((_req, res, next) => {
    if (opts.stopping()) res.setHeader("Connection", "close");
    next();
  });
  const productWebhook = (opts.build.entry.module as EntryExtras).productWebhook;
  if (productWebhook) {
    app.post(DIRECT_WEBHOOKS, (req, res, next) => {
      const input: WebhookInput = {
        method: req.method,
        header: (name) => {
          const v = req.headers[name];
          return Array.isArray(v) ? v.join(", ") : v;
        },
        body: (max) => readLimitedNodeBody(req, max),
      };
      // no ETag or compression for a 25-byte answer
      productWebhook(input).then((r) => res.status(r.status).type("application/json").end(JSON.stringify(r.body)), next);
    });
  }
  app.use(compression({ filter: compressible }));
  const client = opts.clientDir;
  const publicPath = opts.build.publicPath ?? "/";
  app.use(path.posix.join(publicPath, "assets"), express.static(path.join(client, "assets"), { immutable: true, maxAge: "1y", index: false }));
  app.use(publicPath, express.static(client, { maxAge: "1h", index: false }));
  app.all("*", createRequestHandler({ build: opts.build, mode: opts.mode ?? process.env.NODE_ENV ?? "production" }));
  // a request handler that throws: logged once with the request (redacted), a plain 500 without details
  const onError: ErrorRequestHandler = (err, req, res, next) => {
    req.log?.error({ err }, "request failed");
    if (res.headersSent) return next(err);
    res.status(500).type("text/plain").send("Internal Server Error");
  };
  app.use(onError);
  return app;
}
