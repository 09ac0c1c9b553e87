import { intArg, parse } from "../args";
import { UsageError, type CliCommand } from "../types";
import { createRuntime } from "../../runtime.server";
import { logger } from "../../monitoring/logger.server";

export const command: CliCommand = {
  name: "worker",
  summary: "run a job worker until SIGTERM/SIGINT (production worker processes)",
  usage:
    "mockup worker [--max-jobs N] [--id ID] [--poll-ms N] [--heartbeat-ms N] [--stale-ms N] [--grace-ms N] [--gc-every-min N (default 60, 0 = off)] [--limit CAPABILITY=N …]",
  async run(argv, io) {
    const { values } = parse(argv, {
      "max-jobs": { type: "string" },
      id: { type: "string" },
      "poll-ms": { type: "string" },
      "heartbeat-ms": { type: "string" },
      "stale-ms": { type: "string" },
      "grace-ms": { type: "string" },
      "gc-every-min": { type: "string" },
      limit: { type: "string", multiple: true },
    });
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
      ...(values["gc-every-min"] !== undefined ? { gcEveryMs: intArg("gc-every-min", values["gc-every-min"], 60, 0, 10_080) * 60_000 } : {}),
      ...(values.id ? { id: values.id } : {}),
    };
    if (opts.heartbeatMs * 2 >= opts.staleAfterMs) {
      throw new UsageError(`--heartbeat-ms × 2 must be less than --stale-ms (got ${opts.heartbeatMs} and ${opts.staleAfterMs}): a job would be taken over while its worker is alive`);
    }
    const graceMs = intArg("grace-ms", values["grace-ms"], 30_000, 0, 3_600_000);
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
      io.err(`worker ${worker.id} started (pid ${process.pid})`);
    });
    await worker.stop({ graceMs });
    await rt.close();
    io.err(`worker ${worker.id} stopped`);
    return 0;
  },
};
