/**
 * The pipeline's contract: jobs are steps, a step names a capability, a capability has providers
 * tried in fallback order. Providers live in their capability's folder and are plain TypeScript.
 */
import type { Logger } from "pino";
import type { z } from "zod";
import type { AssetStore } from "../assets/store/types";

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** Capabilities named in docs/architecture.md. A string so new ones need no edit here. */
export type Capability =
  | "model.fetch"
  | "model.import"
  | "garment.drape"
  | "render.passes"
  | "asset.optimize"
  | "asset.variants"
  | "mockup.compose"
  | "render.hero"
  | "mockup.live"
  | "design.cutout"
  | "shopify.publish"
  | (string & {});

/** Lower runs first. */
export const Priority = { shopper: 0, merchant: 10, batch: 20 } as const;
export type PriorityName = keyof typeof Priority;

/** What a step produced: named asset keys (sha256 hex in the asset store) and small JSON data. */
export interface StepOutput {
  assets: Record<string, string>;
  data: JsonObject;
}

export interface StepInput {
  /** the step's own params (from the job spec) */
  params: JsonObject;
  /** outputs of the steps this one depends on, by step name */
  inputs: Record<string, StepOutput>;
}

export interface ProviderContext {
  shop: string;
  jobId: string;
  stepId: string;
  stepName: string;
  /** 1 for the first try of this provider */
  attempt: number;
  /** aborted on timeout, cancellation or shutdown; long work must check it */
  signal: AbortSignal;
  assets: AssetStore;
  log: Logger;
  /** report progress of this step, 0..1 */
  progress(fraction: number): void;
}

export interface Provider {
  /** unique within its capability, e.g. "local", "blender", "cgtrader", "mockey" */
  name: string;
  capability: Capability;
  /** bump when the provider's output changes for the same input: part of the cache key */
  version: string;
  /** per-attempt deadline in ms (default from the orchestrator) */
  timeoutMs?: number;
  /** false when the provider cannot run here at all (e.g. Blender not installed); it is then skipped */
  isAvailable?(shop: string): Promise<boolean> | boolean;
  /**
   * false when these params are not this provider's to serve (a built-in model name for a marketplace connector, a
   * marketplace import for the built-in library): it is skipped like an unavailable one, and counts as no failure
   */
  serves?(params: JsonObject): boolean;
  /** marks output as degraded (e.g. the compositor standing in for a Blender hero render) */
  degraded?: boolean;
  /**
   * false for providers whose work is a side effect (publishing to a store): their step is never answered from
   * the step cache nor stored in it, so a re-run really does the work again (default true)
   */
  cacheable?: boolean;
  /**
   * true for vendor connectors (app/connectors/): their own policy retries with Retry-After, times out each HTTP
   * exchange and counts faults in breakers shared by every process (app/connectors/shared/policy.ts). The registry
   * then runs them once, under the provider's timeoutMs only, so nothing is retried twice or counted twice.
   */
  ownsResilience?: boolean;
  /**
   * The capability's params schema, the same object for every provider of the capability
   * (app/contracts/capabilities.ts): the fallback answers the same question as the primary.
   */
  params?: z.ZodType;
  run(input: StepInput, ctx: ProviderContext): Promise<StepOutput>;
}

export interface StepSpec {
  name: string;
  capability: Capability;
  dependsOn?: string[];
  params?: JsonObject;
  /**
   * Looser identity (e.g. "tee/front") under which the last good output is kept; when every provider
   * fails, that earlier result is served and the step is marked degraded.
   */
  staleKey?: string;
}

export interface JobSpec {
  shop: string;
  type: string;
  priority?: PriorityName | number;
  input?: JsonObject;
  steps: StepSpec[];
  /** a repeat enqueue with the same (shop, dedupKey) returns the existing job */
  dedupKey?: string;
}

export type JobStatus = "queued" | "running" | "succeeded" | "failed" | "cancelled";
export type StepStatus = "pending" | "running" | "succeeded" | "failed" | "skipped" | "cancelled";

/** A shop's provider settings for one capability: the enabled providers in its order, and those it switched off. */
export interface ShopProviderChoice {
  order: string[];
  disabled: string[];
}
