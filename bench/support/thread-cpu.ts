/**
 * CPU time of this process per kind of thread, read from /proc/self/task/<tid>/stat (Linux only; elsewhere
 * empty): the main thread, V8's workers (garbage collection, compilation), libuv's pool (file writes, zlib,
 * sharp's queued work), libvips' own threads and Node's worker threads. `process.cpuUsage()` gives one sum; a path
 * that costs more than its baseline shows here where the extra went.
 */
import { readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import { constants, PerformanceObserver } from "node:perf_hooks";
import { statCpuMs } from "./machine-cpu";

/** thread name (as the kernel has it, 15 characters) → kind */
function kind(comm: string): string {
  if (comm.startsWith("V8") || comm.startsWith("DelayedTask")) return "v8";
  if (comm.startsWith("libuv")) return "libuv";
  if (comm.startsWith("libvips")) return "vips";
  return comm === "WorkerThread" ? "workers" : "other";
}

/** thread id → { kind, ms of CPU so far } */
export type ThreadReading = Map<string, { kind: string; ms: number }>;

export function threadCpu(): ThreadReading {
  const out: ThreadReading = new Map();
  if (os.platform() !== "linux") return out;
  for (const tid of readdirSync("/proc/self/task")) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
      const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      // the main thread's id is the process id, whatever its name
      out.set(tid, { kind: tid === String(process.pid) ? "main" : kind(comm), ms: statCpuMs(stat) });
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return out;
}

/**
 * CPU per kind between two readings, thread by thread: a thread that started in between counts from 0; one that
 * ended in between is left out (its last part is lost, its past is not subtracted).
 */
export function threadCpuDelta(before: ThreadReading, after: ThreadReading): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [tid, t] of after) out[t.kind] = (out[t.kind] ?? 0) + t.ms - (before.get(tid)?.ms ?? 0);
  return out;
}

/**
 * What a phase of a benchmark cost, summed over every time it ran (phases may alternate): wall time per item,
 * CPU of the process, CPU per kind of thread, and the garbage collections that happened while it ran (minor:
 * scavenges of the young generation; major: mark-compact of the whole heap; ms: their pause on the main thread).
 */
export class PhaseMeter {
  /** [name, start, end] of every run, in performance.now() time: GC entries arrive late, filed by when they started */
  private readonly spans: [string, number, number][] = [];
  private readonly cpu = new Map<string, number>();
  private readonly threads = new Map<string, Record<string, number>>();
  private readonly gc = new Map<string, Record<string, { count: number; ms: number }>>();
  private readonly entries: PerformanceEntry[] = [];
  private readonly obs = new PerformanceObserver((list) => {
    this.entries.push(...list.getEntries());
  });

  constructor() {
    this.obs.observe({ entryTypes: ["gc"] });
  }

  /** runs `fn` as (part of) phase `name`; runs must not overlap */
  async run<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const cpu0 = process.cpuUsage();
    const t0 = threadCpu();
    const start = performance.now();
    try {
      return await fn();
    } finally {
      this.spans.push([name, start, performance.now()]);
      const u = process.cpuUsage(cpu0);
      this.cpu.set(name, (this.cpu.get(name) ?? 0) + (u.user + u.system) / 1000);
      const acc = this.threads.get(name) ?? {};
      for (const [k, ms] of Object.entries(threadCpuDelta(t0, threadCpu()))) acc[k] = (acc[k] ?? 0) + ms;
      this.threads.set(name, acc);
    }
  }

  /** per item (`n` items in all of the phase's runs): CPU ms, CPU ms per thread kind, GCs */
  report(name: string, n: number) {
    const r = (x: number, d = 1) => Math.round((x / n) * 10 ** d) / 10 ** d;
    const threads = this.threads.get(name) ?? {};
    return {
      cpuMs: r(this.cpu.get(name) ?? 0),
      threads: Object.fromEntries(Object.keys(threads).sort().map((k) => [k, r(threads[k])])),
      gc: Object.fromEntries(Object.entries(this.gc.get(name) ?? {}).map(([k, v]) => [k, { count: r(v.count, 2), ms: r(v.ms) }])),
    };
  }

  /** waits a moment for the last GC entries, then files every entry under the run it started in */
  async stop(): Promise<void> {
    await new Promise((r) => setTimeout(r, 50));
    this.entries.push(...this.obs.takeRecords());
    this.obs.disconnect();
    for (const e of this.entries) {
      const span = this.spans.find(([, a, b]) => e.startTime >= a && e.startTime < b);
      if (!span) continue;
      const per = this.gc.get(span[0]) ?? {};
      this.gc.set(span[0], per);
      const k = GC_KINDS[(e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind ?? -1] ?? "other";
      (per[k] ??= { count: 0, ms: 0 }).count++;
      per[k].ms += e.duration;
    }
  }
}

const GC_KINDS: Record<number, string> = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: "minor",
  [constants.NODE_PERFORMANCE_GC_MAJOR]: "major",
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: "incremental",
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: "weakcb",
};
