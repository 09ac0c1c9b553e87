/**
 * The resilience policy of one connector: the shared breaker (breaker-store.ts) decides whether a call may go out;
 * cockatiel's retry runs it with exponential backoff (decorrelated jitter) that never waits less than the vendor's
 * Retry-After; every failed attempt is counted by the breaker its fault class names (faults.ts).
 *
 * What is not retried against the same vendor: a timeout (the next attempt would likely cost another full
 * timeout: the next provider is cheaper), 4xx other than 408/429, malformed answers, a 429 whose Retry-After is
 * longer than the attempt timeout (waiting would cost more than going to the next provider), and anything once the
 * breaker has opened. A half-open trial is a single attempt. Decision 140.
 */
import { DelegateBackoff, ExponentialBackoff, handleWhen, retry, type IBackoff, type IRetryBackoffContext } from "cockatiel";
import { ConnectorFault, FAULT_RULES, isConnectorFault } from "./faults";
import type { SharedBreakers } from "./breaker-store";

export const DEFAULTS = {
  attemptTimeoutMs: 10_000,
  maxAttempts: 3,
  initialDelayMs: 250,
  maxDelayMs: 4_000,
} as const;

/** Defaults: DEFAULTS. */
export interface ConnectorPolicyOptions {
  /** deadline of one HTTP exchange with the vendor, connect to last byte (default 10 000 ms) */
  attemptTimeoutMs?: number;
  /** attempts of one call against this vendor, the first included (default 3) */
  maxAttempts?: number;
  /** first backoff delay (default 250 ms), growing exponentially with jitter */
  initialDelayMs?: number;
  /** longest backoff delay (default 4 000 ms); a Retry-After up to attemptTimeoutMs still wins */
  maxDelayMs?: number;
}

export interface CallContext {
  shop: string;
  /** the job's signal: cancellation and shutdown end the call without counting a failure */
  signal?: AbortSignal;
}

export interface Attempt {
  /** 1 for the first try */
  attempt: number;
  /** pass to vendorRequest as `timeoutMs` */
  timeoutMs: number;
  signal?: AbortSignal;
}

/** What one call did (tests and the fault matrix read it; the provider puts it in its step data). */
export interface CallReport {
  attempts: number;
  faults: string[];
  /** the backoff waited before each retry, in ms */
  delays: number[];
}

export class ConnectorPolicy {
  readonly options: Required<ConnectorPolicyOptions>;
  private readonly backoff: ExponentialBackoff<unknown>;

  constructor(
    readonly provider: string,
    readonly breakers: SharedBreakers,
    opts: ConnectorPolicyOptions = {},
  ) {
    this.options = {
      attemptTimeoutMs: opts.attemptTimeoutMs ?? DEFAULTS.attemptTimeoutMs,
      maxAttempts: opts.maxAttempts ?? DEFAULTS.maxAttempts,
      initialDelayMs: opts.initialDelayMs ?? DEFAULTS.initialDelayMs,
      maxDelayMs: opts.maxDelayMs ?? DEFAULTS.maxDelayMs,
    };
    this.backoff = new ExponentialBackoff({ initialDelay: this.options.initialDelayMs, maxDelay: this.options.maxDelayMs });
  }

  /** May this fault be tried again against the same vendor? */
  retryable(err: unknown): boolean {
    if (!isConnectorFault(err) || !FAULT_RULES[err.fault].retry) return false;
    // a Retry-After longer than one attempt's deadline: the next provider answers sooner than waiting would
    if (err.fault === "rate_limited" && (err.retryAfterMs ?? 0) > this.options.attemptTimeoutMs) return false;
    return true;
  }

  /**
   * Runs one vendor OPERATION (e.g. create a task, poll it, download the result) under the policy: the breakers
   * are asked once, at the start (a half-open trial is the whole operation, not its first request); each request
   * inside goes through `call` (retries, backoff, Retry-After; every failed attempt counted by the breaker its
   * fault names); the operation's success closes the breakers, a fault thrown by the body that no request counted
   * (a task the vendor failed, an image that does not decode) is counted as it leaves.
   * Throws ConnectorFault "breaker_open" without calling when a breaker refuses.
   */
  async run<T>(ctx: CallContext, body: (call: <U>(op: (a: Attempt) => Promise<U>) => Promise<U>) => Promise<T>, report?: CallReport): Promise<T> {
    const admission = await this.breakers.admit(this.provider, ctx.shop);
    if (!admission.allowed) {
      const r = admission.row;
      const since = r.outageSince ? ` since ${r.outageSince.toISOString()}` : "";
      throw new ConnectorFault(
        "breaker_open",
        `${this.provider}: circuit ${r.state}${r.shop ? " for this shop" : ""}${since}${r.lastError ? ` (last error: ${r.lastError})` : ""}`,
        { provider: this.provider },
      );
    }
    const state = { dirty: admission.dirty, trial: admission.trial, opened: null as ConnectorFault | null, counted: new WeakSet<object>() };
    try {
      const value = await body((op) => this.request(ctx, op, state, report));
      if (state.dirty) await this.breakers.success(this.provider, ctx.shop);
      return value;
    } catch (err) {
      if (isConnectorFault(err) && !state.counted.has(err) && !ctx.signal?.aborted) await this.count(ctx, err, state);
      throw err;
    }
  }

  /** One vendor request as a whole operation (a health check, a single GET). */
  call<T>(ctx: CallContext, op: (a: Attempt) => Promise<T>, report?: CallReport): Promise<T> {
    return this.run(ctx, (call) => call(op), report);
  }

  private async count(ctx: CallContext, err: ConnectorFault, state: { dirty: boolean; opened: ConnectorFault | null; counted: WeakSet<object> }) {
    state.counted.add(err);
    const scope = FAULT_RULES[err.fault].scope;
    if (!scope) return;
    state.dirty = true;
    const row = await this.breakers.failure(this.provider, ctx.shop, scope, err.fault, err.message);
    if (row.state === "open") state.opened = err;
  }

  private async request<T>(
    ctx: CallContext,
    op: (a: Attempt) => Promise<T>,
    state: { dirty: boolean; trial: boolean; opened: ConnectorFault | null; counted: WeakSet<object> },
    report?: CallReport,
  ): Promise<T> {
    // the breaker opened during this operation: its remaining requests are spared too
    if (state.opened) throw state.opened;
    const exp = this.backoff;
    let expState: IBackoff<unknown> | undefined;
    const policy = retry(
      // a half-open trial is one attempt per request: the trial is asking "are you back?", not insisting
      handleWhen((e) => !state.opened && !state.trial && this.retryable(e)),
      {
        maxAttempts: Math.max(0, this.options.maxAttempts - 1),
        backoff: new DelegateBackoff((c: IRetryBackoffContext<unknown>) => {
          expState = expState ? expState.next(c) : exp.next();
          const err = "error" in c.result ? c.result.error : undefined;
          const wait = Math.max(expState.duration, isConnectorFault(err) ? (err.retryAfterMs ?? 0) : 0);
          report?.delays.push(wait);
          return wait;
        }),
      },
    );
    let attempt = 0;
    return policy.execute(async () => {
      attempt++;
      if (report) report.attempts++;
      try {
        return await op({ attempt, timeoutMs: this.options.attemptTimeoutMs, signal: ctx.signal });
      } catch (err) {
        // cancellation counts nowhere; an error that is not a ConnectorFault is an adapter bug, not vendor health
        if (ctx.signal?.aborted || !isConnectorFault(err)) throw err;
        report?.faults.push(err.fault);
        await this.count(ctx, err, state);
        throw err;
      }
    }, ctx.signal);
  }
}
