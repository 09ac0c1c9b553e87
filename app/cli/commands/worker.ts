import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import { intArg, parse } from "../args";
import { UsageError, type CliCommand } from "../types";
import { createRuntime } from "../../runtime.server";
import { parseCapabilities } from "../../pipeline/roles";
import { logger } from "../../monitoring/logger.server";
import { registry as metrics } from "../../monitoring/metrics.server";

export const command: CliCommand = {
  name: "worker",
  summary: "run a job worker until SIGTERM/SIGINT (production worker processes)",
  usage:
    "mockup worker [--capabilities PATTERNS (render.*,garment.drape; default MOCKUP_WORKER_CAPABILITIES or *)] [--max-jobs N] [--id ID] [--poll-ms N] [--heartbeat-ms N] [--stale-ms N] [--grace-ms N] [--gc-every-min N (default 60, 0 = off)] [--metrics-port N (127.0.0.1; 0 = any free port)] [--limit CAPABILITY=N …] [--nice N (0–19: lower CPU priority, for workers on the web server's machine)]",
  async run(argv, io) {
    const { values } = parse(argv, {
      capabilities: { type: "string" },
      "max-jobs": { type: "string" },
      id: { type: "string" },
      "poll-ms": { type: "string" },
      "heartbeat-ms": { type: "string" },
      "stale-ms": { type: "string" },
      "grace-ms": { type: "string" },
      "gc-every-min": { type: "string" },
      "metrics-port": { type: "string" },
      limit: { type: "string", multiple: true },
      nice: { type: "string" },
    });
    let capabilities: string[] | undefined;
    try {
      capabilities = values.capabilities === undefined ? undefined : parseCapabilities(values.capabilities);
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    const capabilityLimits: Record<string, number> = {};
    for (const l of values.limit ?? []) {
      const m = /^([a-z][a-z0-9.-]*)=(\d{1,3})$/.exec(l);
      if (!m || Number(m[2]) < 1) throw new UsageError(`--limit must look like render.hero=2 (got "${l.slice(0, 60)}")`);
      capabilityLimits[m[1]] = Number(m[2]);
    }
    if (values.id !== undefined && !/^[A-Za-z0-9:._-]{1,100}$/.test(values.id)) throw new UsageError("--id may contain letters, digits and : . _ -");
    const opts = {
      maxJobs: intArg("max-jobs", values["max-jobs"], 2, 1, 64),
      pollMs: intArg("poll-ms", values["poll-ms"], 1000, 10, 60_000),
      heartbeatMs: intArg("heartbeat-ms", values["heartbeat-ms"], 5000, 10, 600_000),
      staleAfterMs: intArg("stale-ms", values["stale-ms"], 30_000, 50, 3_600_000),
      capabilityLimits,
      ...(capabilities ? { capabilities } : {}),
      ...(values["gc-every-min"] !== undefined ? { gcEveryMs: intArg("gc-every-min", values["gc-every-min"], 60, 0, 10_080) * 60_000 } : {}),
      ...(values.id ? { id: values.id } : {}),
    };
    if (opts.heartbeatMs * 2 >= opts.staleAfterMs) {
      throw new UsageError(`--heartbeat-ms × 2 must be less than --stale-ms (got ${opts.heartbeatMs} and ${opts.staleAfterMs}): a job would be taken over while its worker is alive`);
    }
    const graceMs = intArg("grace-ms", values["grace-ms"], 30_000, 0, 3_600_000);
    // Below the web process on a shared machine: webhooks and admin pages are answered first, and jobs take the
    // cores they leave (docs/deploy.md). Blender and other children inherit it. Raising niceness needs no privilege;
    // lowering it would, so a worker started nicer already stays where it is.
    if (values.nice !== undefined) os.setPriority(0, Math.max(os.getPriority(), intArg("nice", values.nice, 0, 0, 19)));
    const metricsPort = values["metrics-port"] === undefined ? undefined : intArg("metrics-port", values["metrics-port"], 0, 0, 65_535);
    const server = metricsPort === undefined ? undefined : await serveMetrics(metricsPort);
    if (server) io.err(`metrics on http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`);
    const rt = await createRuntime();
    const worker = await rt.createWorker({ ...opts, kinds: (await rt.registry()).capabilities() });
    worker.on("job:end", (e) => logger.info({ jobId: e.job.id, status: e.job.status }, "job ended"));
    await new Promise<void>((resolve) => {
      const stop = (sig: string) => {
        io.err(`worker ${worker.id}: ${sig}, finishing running jobs (up to ${graceMs} ms)`);
        process.off("SIGTERM", onTerm);
        process.off("SIGINT", onInt);
        resolve();
      };
      const onTerm = () => stop("SIGTERM");
      const onInt = () => stop("SIGINT");
      process.on("SIGTERM", onTerm);
      process.on("SIGINT", onInt);
      worker.start();
      io.err(`worker ${worker.id} started (pid ${process.pid}, capabilities ${worker.capabilities.join(",")})`);
    });
    await worker.stop({ graceMs });
    await new Promise((r) => (server ? server.close(r) : r(undefined)));
    await rt.close();
    io.err(`worker ${worker.id} stopped`);
    return 0;
  },
};

/**
 * Each worker process has its own prom-client registry (step durations, provider failures, breakers), which the
 * web process's /metrics cannot see: serve it on loopback for a local Prometheus/agent to scrape.
 */
function serveMetrics(port: number): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.method !== "GET" || (req.url ?? "/").split("?")[0] !== "/metrics") {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
      return;
    }
    metrics.metrics().then(
      (text) => res.writeHead(200, { "content-type": metrics.contentType }).end(text),
      (err: unknown) => res.writeHead(500, { "content-type": "text/plain" }).end(`${(err as Error).message}\n`),
    );
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve(server));
  });
}
