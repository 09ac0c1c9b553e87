/** Blender pool metrics, registered in the process's /metrics registry. */
import client from "prom-client";
import { registry } from "../monitoring/metrics.server";

export const blenderJobs = new client.Counter({
  name: "mockup_blender_jobs_total",
  help: "Blender worker jobs by kind and outcome (ok, bad_request, failed, timeout, crashed, aborted)",
  labelNames: ["kind", "outcome"] as const,
  registers: [registry],
});

export const blenderJobSeconds = new client.Histogram({
  name: "mockup_blender_job_seconds",
  help: "Wall time of Blender worker jobs by kind (queueing in the pool excluded)",
  labelNames: ["kind"] as const,
  buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600],
  registers: [registry],
});

export const blenderProcesses = new client.Counter({
  name: "mockup_blender_processes_total",
  help: "Blender processes by event: started, killed (deadline or abort), retired (after N jobs), crashed",
  labelNames: ["event"] as const,
  registers: [registry],
});
