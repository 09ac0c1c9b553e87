/**
 * One step: cache lookup, then each provider in fallback order under its policy, then (when all fail)
 * the last good result under the step's staleKey, served as degraded. Pure of scheduling concerns;
 * the worker decides when a step runs and writes job-level state.
 */
import type { Logger } from "pino";
import type { AssetStore } from "../assets/store/types";
import type { Db } from "../db/client.server";
import { providerFailures, stepCacheHits } from "../monitoring/metrics.server";
import { isBreakerOpen, isTimeout, type ProviderRegistry } from "./registry";
import type { Sql } from "./sql";
import { lookupCache, lookupStale, stepCacheKey, stepOutputSchema, type CacheEntry } from "./step-cache";
import type { JsonObject, Provider, ShopProviderChoice, StepOutput } from "./types";

export interface StepToRun {
  id: string;
  jobId: string;
  shop: string;
  name: string;
  capability: string;
  params: JsonObject;
  staleKey: string | null;
  /** dependency outputs by step name, in dependsOn order */
  inputs: Record<string, StepOutput>;
}

export type StepResult =
  | {
      outcome: "succeeded";
      output: StepOutput;
      provider: string;
      cacheKey: string;
      cacheHit: boolean;
      degraded: boolean;
      /** why the result is degraded (for the merchant's notification) */
      degradedReason?: string;
      attempts: number;
      providerMs: number;
      /** a good result to store in the step cache (in the same transaction as the step's state) */
      remember?: CacheEntry;
    }
  | { outcome: "failed"; error: string; cacheKey: string; attempts: number; providerMs: number }
  | { outcome: "aborted"; reason: unknown; cacheKey: string; attempts: number; providerMs: number };

export interface RunStepDeps {
  db: Db;
  sql: Sql;
  registry: ProviderRegistry;
  providerOrder?(shop: string, capability: string): Promise<ShopProviderChoice | undefined>;
  assets: AssetStore;
  log: Logger;
  signal: AbortSignal;
  progress(fraction: number): void;
  /** called once the step really needs a provider (not on a cache hit): the worker marks it running */
  onStart(cacheKey: string): Promise<void>;
  /** called after every provider attempt outcome (ProviderHealth rows) */
  onProviderOutcome?(p: Provider, ok: boolean, ms: number, error?: string): void;
}

export async function runStep(step: StepToRun, d: RunStepDeps): Promise<StepResult> {
  const providers = applyShopOrder(d.registry.providersFor(step.capability), await d.providerOrder?.(step.shop, step.capability));
  const cacheKey = stepCacheKey(step.capability, step.params, Object.values(step.inputs), providers);

  // a capability whose providers all act on the world (publishing) is never answered from the cache
  const cacheable = providers.some((p) => p.cacheable !== false);
  const hit = cacheable ? await lookupCache(d.sql, step.shop, cacheKey) : undefined;
  if (hit) {
    stepCacheHits.inc({ capability: step.capability });
    return { outcome: "succeeded", output: hit.output, provider: hit.provider, cacheKey, cacheHit: true, degraded: false, attempts: 0, providerMs: 0 };
  }
  await d.onStart(cacheKey);

  const failures: string[] = [];
  let attempts = 0;
  let providerMs = 0;
  for (const p of providers) {
    if (d.signal.aborted) break;
    if (p.serves && !p.serves(step.params)) continue;
    if (p.isAvailable && !(await safeAvailable(p, step.shop))) {
      failures.push(`${p.name}: unavailable here`);
      continue;
    }
    const started = performance.now();
    try {
      const raw = await d.registry.execute(
        step.capability,
        p.name,
        async (attempt, signal) => {
          attempts++;
          const t0 = performance.now();
          try {
            return await p.run(
              { params: step.params, inputs: step.inputs },
              {
                shop: step.shop,
                jobId: step.jobId,
                stepId: step.id,
                stepName: step.name,
                attempt,
                signal,
                assets: d.assets,
                log: d.log.child({ provider: p.name, attempt }),
                progress: d.progress,
              },
            );
          } catch (err) {
            if (!d.signal.aborted) {
              providerFailures.inc({ capability: step.capability, provider: p.name, reason: isTimeout(err) ? "timeout" : "error" });
            }
            throw err;
          } finally {
            providerMs += performance.now() - t0;
          }
        },
        d.signal,
      );
      const output = await checkOutput(raw, d.assets);
      d.onProviderOutcome?.(p, true, performance.now() - started);
      // a batch that succeeded only in part (data.partial === true) is served, but degraded and never cached,
      // so the next run retries its failed items
      const partial = output.data?.partial === true;
      const degraded = p.degraded === true || partial;
      return {
        outcome: "succeeded",
        output,
        provider: p.name,
        cacheKey,
        cacheHit: false,
        degraded,
        degradedReason: p.degraded
          ? `served by fallback provider "${p.name}"${failures.length ? ` after: ${failures.join("; ")}` : ""}`
          : partial
            ? `provider "${p.name}" succeeded only in part${typeof output.data?.partialReason === "string" ? `: ${output.data.partialReason}` : ""}`
            : undefined,
        attempts,
        providerMs,
        remember: degraded || p.cacheable === false ? undefined : { shop: step.shop, key: cacheKey, capability: step.capability, staleKey: step.staleKey, provider: p.name, output },
      };
    } catch (err) {
      if (d.signal.aborted) break;
      if (isBreakerOpen(err)) providerFailures.inc({ capability: step.capability, provider: p.name, reason: "breaker_open" });
      const msg = errorText(err, isBreakerOpen(err) ? "circuit open" : undefined);
      failures.push(`${p.name}: ${msg}`);
      d.onProviderOutcome?.(p, false, performance.now() - started, msg);
      d.log.warn({ provider: p.name, err: msg }, "provider failed");
    }
  }
  if (d.signal.aborted) return { outcome: "aborted", reason: d.signal.reason, cacheKey, attempts, providerMs };

  const why = failures.length ? failures.join("; ") : providers.length ? `no ${step.capability} provider serves these params` : `no provider registered for ${step.capability}`;
  if (step.staleKey) {
    const stale = await lookupStale(d.db, step.shop, step.staleKey);
    if (stale) {
      return {
        outcome: "succeeded",
        output: stale.output,
        provider: stale.provider,
        cacheKey,
        cacheHit: false,
        degraded: true,
        degradedReason: `every provider failed (${why}); serving the result from ${stale.createdAt.toISOString()}`,
        attempts,
        providerMs,
      };
    }
  }
  return { outcome: "failed", error: truncate(why, 2000), cacheKey, attempts, providerMs };
}

/**
 * The shop's settings name the providers it enabled, in its order; those come first. Providers the settings
 * do not know about (degraded stand-ins, providers added after the settings were saved) keep their
 * registry order after them, so a shop's choice can never remove the last local fallback by omission.
 */
export function applyShopOrder(providers: Provider[], choice: ShopProviderChoice | undefined): Provider[] {
  if (!choice) return providers;
  const chosen = choice.order.map((n) => providers.find((p) => p.name === n)).filter((p): p is Provider => p !== undefined);
  const named = new Set([...choice.order, ...choice.disabled]);
  return [...chosen, ...providers.filter((p) => !named.has(p.name))];
}

/** A provider's output must be well-formed and refer only to assets this shop owns. */
async function checkOutput(raw: unknown, assets: AssetStore): Promise<StepOutput> {
  // what is stored is the JSON text, so judge the output as JSON sees it (undefined fields dropped)
  let json: unknown;
  try {
    json = raw === undefined ? undefined : JSON.parse(JSON.stringify(raw));
  } catch (err) {
    throw Object.assign(new Error(`provider returned an output that is not JSON: ${(err as Error).message}`), { nonRetryable: true });
  }
  const parsed = stepOutputSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw Object.assign(new Error(`provider returned a malformed output: ${issue?.path.join(".")}: ${issue?.message}`), { nonRetryable: true });
  }
  for (const [name, key] of Object.entries(parsed.data.assets)) {
    if (!(await assets.has(key))) throw new Error(`provider output asset "${name}" (${key.slice(0, 12)}…) is not in the shop's asset store`);
  }
  return parsed.data;
}

async function safeAvailable(p: Provider, shop: string): Promise<boolean> {
  try {
    return await p.isAvailable!(shop);
  } catch {
    return false;
  }
}

export function errorText(err: unknown, fallback?: string): string {
  const m = fallback ?? (err instanceof Error ? err.message : String(err));
  return truncate(m.replace(/\s+/g, " ").trim() || "unknown error", 500);
}

function truncate(s: string, n: number) {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}
