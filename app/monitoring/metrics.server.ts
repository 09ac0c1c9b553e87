/** Prometheus metrics (prom-client), one registry for the process; /metrics renders it. */
import client from "prom-client";

export const registry = new client.Registry();
client.collectDefaultMetrics({ register: registry, prefix: "mockup_" });

export const jobsByState = new client.Gauge({
  name: "mockup_jobs",
  help: "Jobs by state (set from the database when scraped)",
  labelNames: ["state"] as const,
  registers: [registry],
});

export const stepDuration = new client.Histogram({
  name: "mockup_step_duration_seconds",
  help: "Step duration by capability, provider and outcome",
  labelNames: ["capability", "provider", "outcome"] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
  registers: [registry],
});

export const providerFailures = new client.Counter({
  name: "mockup_provider_failures_total",
  help: "Provider attempts that failed, by capability, provider and reason (error, timeout, breaker_open)",
  labelNames: ["capability", "provider", "reason"] as const,
  registers: [registry],
});

export const breakerState = new client.Gauge({
  name: "mockup_breaker_state",
  help: "Circuit breaker state per provider: 0 closed, 1 half-open, 2 open",
  labelNames: ["capability", "provider"] as const,
  registers: [registry],
});

export const stepCacheHits = new client.Counter({
  name: "mockup_step_cache_hits_total",
  help: "Steps answered from the step cache",
  labelNames: ["capability"] as const,
  registers: [registry],
});
