/**
 * Capability → providers in fallback order, each wrapped in its own cockatiel policy:
 * retry (exponential backoff) ⟶ circuit breaker (consecutive failures) ⟶ timeout (per attempt).
 * The breaker sits inside the retry so every failed attempt counts toward opening it, and an open
 * breaker stops the retries at once (BrokenCircuitError is not retried). Deterministic bad-input errors
 * (`nonRetryable: true`, a ZodError from a provider's params.parse) are neither retried nor counted by the
 * breaker: one shop's hostile files must not switch a provider off for every shop (decision 017).
 */
import {
  BrokenCircuitError,
  CircuitState,
  ConsecutiveBreaker,
  ExponentialBackoff,
  IsolatedCircuitError,
  TaskCancelledError,
  TimeoutStrategy,
  circuitBreaker,
  handleWhen,
  retry,
  timeout,
  wrap,
  type CircuitBreakerPolicy,
  type IPolicy,
} from "cockatiel";
import { ZodError } from "zod";
import { breakerState as breakerGauge } from "../monitoring/metrics.server";
import type { Capability, Provider } from "./types";

export type BreakerStateName = "closed" | "open" | "half-open" | "isolated";

/** The defaults of RegistryOptions (each field's doc names its default). */
export const REGISTRY_DEFAULTS = {
  defaultTimeoutMs: 120_000,
  maxAttempts: 3,
  initialDelayMs: 200,
  maxDelayMs: 5_000,
  breakerThreshold: 5,
  halfOpenAfterMs: 30_000,
} as const;

/** Defaults: REGISTRY_DEFAULTS. */
export interface RegistryOptions {
  /** per-attempt deadline when the provider sets no timeoutMs (default 120 000 ms) */
  defaultTimeoutMs?: number;
  /** attempts per provider before falling back to the next one (default 3) */
  maxAttempts?: number;
  /** first retry delay in ms, doubling each time (default 200) */
  initialDelayMs?: number;
  /** longest retry delay in ms (default 5 000) */
  maxDelayMs?: number;
  /** consecutive failed attempts that open a provider's breaker (default 5) */
  breakerThreshold?: number;
  /** ms an open breaker waits before letting one trial call through (default 30 000) */
  halfOpenAfterMs?: number;
  /** called when a provider's breaker changes state (the worker writes ProviderHealth rows) */
  onBreakerChange?(provider: Provider, state: BreakerStateName): void;
}

interface Entry {
  provider: Provider;
  breaker: CircuitBreakerPolicy;
  policy: IPolicy;
}

/** Errors that mean "stop, don't retry": cancellation, an open breaker, bad input. */
export function isNonRetryable(err: unknown): boolean {
  return (
    err instanceof BrokenCircuitError ||
    err instanceof IsolatedCircuitError ||
    (err as Error)?.name === "JobCancelledError" ||
    (err as Error)?.name === "AbortError" ||
    isBadInput(err)
  );
}

/**
 * A deterministic failure caused by the input (a file that is not a GLB, params that fail the provider's
 * schema): the same call would fail the same way, and it says nothing about the provider's health.
 */
export function isBadInput(err: unknown): boolean {
  return (err as { nonRetryable?: boolean })?.nonRetryable === true || err instanceof ZodError || (err as Error)?.name === "ZodError";
}

export function isTimeout(err: unknown): boolean {
  return err instanceof TaskCancelledError;
}

export function isBreakerOpen(err: unknown): boolean {
  return err instanceof BrokenCircuitError || err instanceof IsolatedCircuitError;
}

export class ProviderRegistry {
  private readonly byCapability = new Map<string, Entry[]>();
  readonly options: Required<Omit<RegistryOptions, "onBreakerChange">> & Pick<RegistryOptions, "onBreakerChange">;

  constructor(opts: RegistryOptions = {}) {
    this.options = {
      defaultTimeoutMs: opts.defaultTimeoutMs ?? REGISTRY_DEFAULTS.defaultTimeoutMs,
      maxAttempts: opts.maxAttempts ?? REGISTRY_DEFAULTS.maxAttempts,
      initialDelayMs: opts.initialDelayMs ?? REGISTRY_DEFAULTS.initialDelayMs,
      maxDelayMs: opts.maxDelayMs ?? REGISTRY_DEFAULTS.maxDelayMs,
      breakerThreshold: opts.breakerThreshold ?? REGISTRY_DEFAULTS.breakerThreshold,
      halfOpenAfterMs: opts.halfOpenAfterMs ?? REGISTRY_DEFAULTS.halfOpenAfterMs,
      onBreakerChange: opts.onBreakerChange,
    };
  }

  /** Adds a provider after the ones already registered for its capability (fallback order). */
  register(provider: Provider): this {
    const list = this.byCapability.get(provider.capability) ?? [];
    if (list.some((e) => e.provider.name === provider.name)) {
      throw new Error(`provider "${provider.name}" is already registered for ${provider.capability}`);
    }
    const o = this.options;
    // unhandled errors pass through the breaker uncounted (neither success nor failure)
    const breaker = circuitBreaker(handleWhen((e) => !isCancellation(e) && !isBadInput(e)), {
      halfOpenAfter: o.halfOpenAfterMs,
      breaker: new ConsecutiveBreaker(o.breakerThreshold),
    });
    const retryPolicy = retry(handleWhen((e) => !isNonRetryable(e)), {
      maxAttempts: Math.max(0, o.maxAttempts - 1), // cockatiel counts retries after the first call
      backoff: new ExponentialBackoff({ initialDelay: o.initialDelayMs, maxDelay: o.maxDelayMs }),
    });
    // abortOnReturn off: aborting a finished attempt's signal only costs a DOMException per step
    const timeoutPolicy = timeout(provider.timeoutMs ?? o.defaultTimeoutMs, { strategy: TimeoutStrategy.Aggressive, abortOnReturn: false });
    const labels = { capability: provider.capability, provider: provider.name };
    breakerGauge.set(labels, 0);
    breaker.onStateChange((state) => {
      const name = stateName(state);
      breakerGauge.set(labels, state === CircuitState.Closed ? 0 : state === CircuitState.HalfOpen ? 1 : 2);
      o.onBreakerChange?.(provider, name);
      this.listeners.forEach((l) => l(provider, name));
    });
    // a connector retries and breaks in its own shared policy: here it only gets its overall deadline
    list.push({ provider, breaker, policy: provider.ownsResilience ? timeoutPolicy : wrap(retryPolicy, breaker, timeoutPolicy) });
    this.byCapability.set(provider.capability, list);
    return this;
  }

  private readonly listeners = new Set<(p: Provider, s: BreakerStateName) => void>();
  /** Subscribe to breaker state changes; returns an unsubscribe function. */
  onBreakerChange(listener: (p: Provider, s: BreakerStateName) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Providers for a capability, in fallback order (empty when none). */
  providersFor(capability: Capability): Provider[] {
    return (this.byCapability.get(capability) ?? []).map((e) => e.provider);
  }

  capabilities(): string[] {
    return [...this.byCapability.keys()];
  }

  breakerState(capability: Capability, providerName: string): BreakerStateName {
    return stateName(this.entry(capability, providerName).breaker.state);
  }

  /**
   * Runs `fn` under the provider's policy. `fn` gets the attempt number (1-based) and a signal that is
   * aborted on timeout or when `signal` aborts.
   */
  async execute<T>(
    capability: Capability,
    providerName: string,
    fn: (attempt: number, signal: AbortSignal) => Promise<T>,
    signal?: AbortSignal,
  ): Promise<T> {
    const entry = this.entry(capability, providerName);
    let attempt = 0;
    return entry.policy.execute(({ signal: s }) => fn(++attempt, s), signal) as Promise<T>;
  }

  private entry(capability: Capability, providerName: string): Entry {
    const e = this.byCapability.get(capability)?.find((x) => x.provider.name === providerName);
    if (!e) throw new Error(`no provider "${providerName}" for ${capability}`);
    return e;
  }
}

function isCancellation(e: unknown) {
  return (e as Error)?.name === "JobCancelledError" || (e as Error)?.name === "AbortError";
}

function stateName(s: CircuitState): BreakerStateName {
  switch (s) {
    case CircuitState.Closed:
      return "closed";
    case CircuitState.Open:
      return "open";
    case CircuitState.HalfOpen:
      return "half-open";
    default:
      return "isolated";
  }
}
