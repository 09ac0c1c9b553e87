/**
 * Starts the web server: the production build (default build/server/index.js in this repository, wherever
 * the process was started from) behind the Express app (app/server/app.ts), listening on PORT (default
 * 3000) at MOCKUP_HOST (default: every interface), with graceful SIGTERM/SIGINT (app/server/shutdown.ts)
 * stopping the in-process worker the build's entry started. `server.ts` (npm start) and the e2e server
 * (tests/e2e/server.ts, which adds the Admin API double first) both call this. Logs one "listening" line
 * with the port (PORT=0 picks a free one).
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import type {} from "../runtime.server"; // the globals __mockupWorker and __mockupDb the build's entry fills
import { logger } from "../monitoring/logger.server";
import { createApp } from "./app";
import { gracefulShutdown, shutdownTimeoutMs, type Shutdown } from "./shutdown";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export interface StartOptions {
  /** the server build: a loaded one (loadServerBuild), or its file, absolute or relative to the repository root. Default DEFAULTS.build */
  build?: string | ServerBuild;
  /** default env PORT, else 3000 */
  port?: number;
  /** default env MOCKUP_HOST, else every interface */
  host?: string;
}

export const DEFAULTS = { build: "build/server/index.js", port: 3000 };

export interface Started {
  server: Server;
  port: number;
  shutdown: Shutdown;
}

/** Imports the production build (a missing build is one fatal line and exit 1: run `npm run build`). */
export async function loadServerBuild(file: string = DEFAULTS.build): Promise<ServerBuild> {
  process.env.NODE_ENV ??= "production";
  const buildFile = path.resolve(ROOT, file);
  try {
    return (await import(pathToFileURL(buildFile).href)) as ServerBuild;
  } catch (err) {
    logger.fatal({ err: (err as Error).message, build: path.relative(ROOT, buildFile) }, "cannot load the server build (run npm run build first)");
    process.exit(1);
  }
}

export async function startServer(opts: StartOptions = {}): Promise<Started> {
  const build = typeof opts.build === "object" ? opts.build : await loadServerBuild(opts.build);

  // set once the shutdown exists (it needs the server, which needs the app)
  let stopping = () => false;
  const app = createApp({
    build,
    clientDir: path.resolve(ROOT, build.assetsBuildDirectory ?? "build/client"),
    logger,
    stopping: () => stopping(),
  });
  const port = opts.port ?? Number(process.env.PORT ?? DEFAULTS.port);
  const host = opts.host ?? (process.env.MOCKUP_HOST?.trim() || undefined);
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(port, host as string, () => resolve(s));
    s.once("error", (err) => {
      logger.fatal({ err: err.message, port, host }, "cannot listen");
      process.exit(1);
    });
  });
  const bound = (server.address() as AddressInfo).port;
  logger.info({ port: bound, host: (server.address() as AddressInfo).address }, "listening");

  const shutdown = gracefulShutdown({
    server,
    logger,
    timeoutMs: shutdownTimeoutMs(),
    // running jobs of the in-process worker finish within the grace, or are released (queued again)
    async stopWork(graceMs) {
      const worker = await globalThis.__mockupWorker?.catch(() => undefined);
      if (!worker) return;
      logger.info({ workerId: worker.id, graceMs }, "stopping the in-process worker");
      await worker.stop({ graceMs });
    },
    async close() {
      await globalThis.__mockupDb?.$disconnect();
    },
  });
  stopping = () => shutdown.stopping;
  shutdown.install();
  return { server, port: bound, shutdown };
}
