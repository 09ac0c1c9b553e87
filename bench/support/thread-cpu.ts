/**
 * CPU time of this process per kind of thread, read from /proc/self/task/<tid>/stat (Linux only; elsewhere
 * empty): the main thread, V8's workers (garbage collection, compilation), libuv's pool (file writes, zlib,
 * sharp's queued work), libvips' own threads and Node's worker threads. `process.cpuUsage()` gives one sum; a path that costs more
 * than its baseline shows here where the extra went.
 */
import { readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import { constants, PerformanceObserver } from "node:perf_hooks";

const TICK_MS = 1000 / 100; // USER_HZ is 100 on Linux

/** thread name (as the kernel has it, 15 characters) → kind */
function kind(comm: string): string {
  if (comm.startsWith("V8") || comm.startsWith("DelayedTask")) return "v8";
  if (comm.startsWith("libuv")) return "libuv";
  if (comm.startsWith("libvips")) return "vips";
  if (comm === "MainThread" || comm === "node") return "main";
  return comm === "WorkerThread" ? "workers" : "other";
}

/** ms of CPU so far per thread kind (threads that ended are lost: take a reading before and after a phase) */
export function threadCpu(): Record<string, number> {
  if (os.platform() !== "linux") return {};
  const out: Record<string, number> = {};
  for (const tid of readdirSync("/proc/self/task")) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
      const close = stat.lastIndexOf(")");
      const comm = stat.slice(stat.indexOf("(") + 1, close);
      const f = stat.slice(close + 2).split(" "); // f[0] is field 3 (state); utime and stime are fields 14 and 15
      const ms = (Number(f[11]) + Number(f[12])) * TICK_MS;
      const k = kind(comm);
      out[k] = (out[k] ?? 0) + ms;
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return out;
}

/**
 * What a phase of a benchmark cost, summed over every time it ran (phases may alternate): wall time per item,
 * CPU of the process, CPU per kind of thread, and the garbage collections that happened while it ran (minor:
 * scavenges of the young generation; major: mark-compact of the whole heap; ms: their pause on the main thread).
 */
export class PhaseMeter {
  private current: string | null = null;
  private readonly cpu = new Map<string, number>();
  private readonly threads = new Map<string, Record<string, number>>();
  private readonly gc = new Map<string, Record<string, { count: number; ms: number }>>();
  private readonly obs = new PerformanceObserver((list) => {
    if (!this.current) return;
    const per = this.gc.get(this.current) ?? {};
    this.gc.set(this.current, per);
    for (const e of list.getEntries()) {
      const k = GC_KINDS[(e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind ?? -1] ?? "other";
      (per[k] ??= { count: 0, ms: 0 }).count++;
      per[k].ms += e.duration;
    }
  });

  constructor() {
    this.obs.observe({ entryTypes: ["gc"] });
  }

  /** runs `fn` as (part of) phase `name`; phases must not overlap */
  async run<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const cpu0 = process.cpuUsage();
    const t0 = threadCpu();
    this.current = name;
    try {
      return await fn();
    } finally {
      this.current = null;
      const u = process.cpuUsage(cpu0);
      this.cpu.set(name, (this.cpu.get(name) ?? 0) + (u.user + u.system) / 1000);
      const t1 = threadCpu();
      const acc = this.threads.get(name) ?? {};
      for (const k of new Set([...Object.keys(t0), ...Object.keys(t1)])) acc[k] = (acc[k] ?? 0) + (t1[k] ?? 0) - (t0[k] ?? 0);
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

  stop(): void {
    this.obs.disconnect();
  }
}

const GC_KINDS: Record<number, string> = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: "minor",
  [constants.NODE_PERFORMANCE_GC_MAJOR]: "major",
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: "incremental",
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: "weakcb",
};
