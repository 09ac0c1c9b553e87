/**
 * A pool of long-lived Blender processes. Jobs queue for a free process; each job has a deadline after
 * which its process is killed by pid and replaced; a process is retired after `maxJobsPerProcess` jobs
 * (Blender's memory creeps with many scenes); a crash mid-job rejects that job (retryable) and the next
 * job gets a fresh process.
 */
import type { Logger } from "pino";
import { BlenderError } from "./errors";
import { blenderJobSeconds, blenderJobs, blenderProcesses } from "./metrics";
import { findBlender } from "./find";
import { BlenderProcess } from "./process";
import { jobSchemas, type JobKind, type JobParams } from "./protocol";

export const POOL_DEFAULTS = {
  /** processes kept when neither the caller nor MOCKUP_BLENDER_POOL names a number */
  size: 1,
  /** a process is replaced after this many jobs */
  maxJobsPerProcess: 50,
  /** deadline per job when the caller gives none, ms */
  deadlineMs: 600_000,
} as const;

/** MOCKUP_BLENDER_POOL as a whole number of processes ≥ 1, else POOL_DEFAULTS.size. */
export function poolSizeFromEnv(env: Record<string, string | undefined> = process.env): number {
  const n = Number(env.MOCKUP_BLENDER_POOL?.trim() || NaN);
  return Number.isInteger(n) && n >= 1 ? n : POOL_DEFAULTS.size;
}

export interface BlenderPoolOptions {
  /** Blender executable (default: findBlender()) */
  blender?: string | null;
  /** processes kept (default poolSizeFromEnv(): MOCKUP_BLENDER_POOL, else POOL_DEFAULTS.size) */
  size?: number;
  /** a process is replaced after this many jobs (default POOL_DEFAULTS.maxJobsPerProcess; 1 = a fresh process per job) */
  maxJobsPerProcess?: number;
  /** deadline per job when the caller gives none, ms (default POOL_DEFAULTS.deadlineMs) */
  deadlineMs?: number;
  /** ms to wait for a new process to say it is ready (default BLENDER_PROCESS_DEFAULTS.startTimeoutMs, process.ts) */
  startTimeoutMs?: number;
  log?: Logger;
}

export interface RunOptions {
  /** this job's deadline in ms (default: the pool's) */
  deadlineMs?: number;
  /** aborting kills the job's process */
  signal?: AbortSignal;
}

export interface JobResult {
  result: Record<string, unknown>;
  /** ms the worker spent on the job */
  ms: number;
  /** CPU ms the Blender process spent on it (user + system, all threads): on a loaded machine wall time
   * stretches, CPU time barely does (CPU / cores estimates the wall time on an idle machine) */
  cpuMs?: number;
  /** the worker reset its scene (false: it reused the previous job's scene) */
  reset: boolean;
  pid: number;
}

interface Slot {
  proc?: BlenderProcess;
  busy: boolean;
}

export class BlenderPool {
  readonly blender: string | null;
  readonly size: number;
  readonly maxJobsPerProcess: number;
  readonly deadlineMs: number;
  private readonly slots: Slot[];
  private readonly waiters: ((slot: Slot) => void)[] = [];
  private closed = false;
  /** counters for /metrics and tests */
  readonly stats = { started: 0, killed: 0, crashed: 0, retired: 0, jobs: 0 };

  constructor(private readonly opts: BlenderPoolOptions = {}) {
    this.blender = opts.blender === undefined ? findBlender() : opts.blender;
    this.size = Math.max(1, opts.size ?? poolSizeFromEnv());
    this.maxJobsPerProcess = Math.max(1, opts.maxJobsPerProcess ?? POOL_DEFAULTS.maxJobsPerProcess);
    this.deadlineMs = opts.deadlineMs ?? POOL_DEFAULTS.deadlineMs;
    this.slots = Array.from({ length: this.size }, () => ({ busy: false }));
  }

  get available(): boolean {
    return this.blender !== null && !this.closed;
  }

  /** pids of the live processes (tests kill them to simulate crashes) */
  pids(): number[] {
    return this.slots.flatMap((s) => (s.proc?.alive && s.proc.pid ? [s.proc.pid] : []));
  }

  /** pids of processes that are running a job right now */
  busyPids(): number[] {
    return this.slots.flatMap((s) => (s.proc?.alive && s.proc.busy && s.proc.pid ? [s.proc.pid] : []));
  }

  /** Validates params, runs one job on a free process, resolves with the worker's result. */
  async run<K extends JobKind>(kind: K, params: JobParams<K>, opts: RunOptions = {}): Promise<JobResult> {
    const parsed = jobSchemas[kind].safeParse(params);
    if (!parsed.success) throw new BlenderError(`invalid ${kind} job: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`, "bad_request");
    return this.runRaw(kind, parsed.data as Record<string, unknown>, opts);
  }

  /** Sends params as they are (tests of the worker's own validation). */
  async runRaw(kind: string, params: Record<string, unknown>, opts: RunOptions = {}): Promise<JobResult> {
    if (!this.blender) throw new BlenderError("Blender is not installed (set BLENDER_PATH or install blender)", "unavailable");
    if (this.closed) throw new BlenderError("the Blender pool is closed", "closed");
    opts.signal?.throwIfAborted();
    const slot = await this.acquire(opts.signal);
    try {
      const proc = await this.processFor(slot);
      return await this.withDeadline(proc, kind, params, opts);
    } finally {
      this.release(slot);
    }
  }

  private async processFor(slot: Slot): Promise<BlenderProcess> {
    if (slot.proc && (!slot.proc.alive || slot.proc.jobs >= this.maxJobsPerProcess)) {
      if (slot.proc.alive) {
        this.stats.retired++;
        blenderProcesses.inc({ event: "retired" });
      }
      const old = slot.proc;
      slot.proc = undefined;
      void old.close(2_000);
    }
    if (!slot.proc) {
      slot.proc = new BlenderProcess({ blender: this.blender!, log: this.opts.log, startTimeoutMs: this.opts.startTimeoutMs });
      this.stats.started++;
      blenderProcesses.inc({ event: "started" });
    }
    try {
      await slot.proc.ready;
    } catch (err) {
      slot.proc.kill();
      slot.proc = undefined;
      throw err;
    }
    return slot.proc;
  }

  private withDeadline(proc: BlenderProcess, kind: string, params: Record<string, unknown>, opts: RunOptions): Promise<JobResult> {
    const deadline = opts.deadlineMs ?? this.deadlineMs;
    const stopTimer = blenderJobSeconds.startTimer({ kind });
    return new Promise<JobResult>((resolve, reject) => {
      let done = false;
      const finish = (fn: () => void, outcome: string) => {
        if (done) return;
        done = true;
        stopTimer();
        blenderJobs.inc({ kind, outcome });
        if (outcome === "timeout" || outcome === "aborted") blenderProcesses.inc({ event: "killed" });
        if (outcome === "crashed") blenderProcesses.inc({ event: "crashed" });
        clearTimeout(timer);
        opts.signal?.removeEventListener("abort", onAbort);
        fn();
      };
      const timer = setTimeout(() => {
        this.stats.killed++;
        proc.kill(); // the slot gets a fresh process for its next job
        finish(() => reject(new BlenderError(`Blender ${kind} job passed its ${deadline} ms deadline; process ${proc.pid} killed`, "timeout")), "timeout");
      }, deadline);
      const onAbort = () => {
        this.stats.killed++;
        proc.kill();
        finish(() => reject(opts.signal!.reason ?? new BlenderError("aborted", "failed")), "aborted");
      };
      opts.signal?.addEventListener("abort", onAbort, { once: true });
      proc.send(kind, params).then(
        (a) =>
          finish(
            () => {
              this.stats.jobs++;
              if (a.ok) resolve({ result: a.result, ms: a.ms, cpuMs: a.cpuMs, reset: a.reset, pid: proc.pid! });
              else reject(new BlenderError(`Blender ${kind} job: ${a.error.message}`, a.error.code));
            },
            a.ok ? "ok" : a.error.code,
          ),
        (err) =>
          finish(() => {
            this.stats.crashed++;
            reject(err);
          }, "crashed"),
      );
    });
  }

  private acquire(signal?: AbortSignal): Promise<Slot> {
    const free = this.slots.find((s) => !s.busy);
    if (free) {
      free.busy = true;
      return Promise.resolve(free);
    }
    return new Promise<Slot>((resolve, reject) => {
      const take = (slot: Slot) => {
        signal?.removeEventListener("abort", onAbort);
        slot.busy = true;
        resolve(slot);
      };
      const onAbort = () => {
        const i = this.waiters.indexOf(take);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(signal!.reason);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.waiters.push(take);
    });
  }

  private release(slot: Slot): void {
    slot.busy = false;
    const next = this.waiters.shift();
    if (next) next(slot);
  }

  /** Starts every process now (otherwise they start on first use). */
  async warm(): Promise<void> {
    await Promise.all(
      this.slots.map(async (slot) => {
        if (slot.busy) return;
        slot.busy = true;
        try {
          await this.processFor(slot);
        } finally {
          this.release(slot);
        }
      }),
    );
  }

  /** Stops every process; running jobs fail with "crashed". */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.proc?.close(3_000)));
    for (const s of this.slots) s.proc = undefined;
  }
}
