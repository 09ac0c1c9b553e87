/**
 * CPU time from /proc (Linux; elsewhere zeros): the whole machine's busy time and one process's, so a benchmark
 * can say how many cores a phase kept busy and which process spent them. A phase that already keeps most of the
 * cores busy with one worker cannot scale by much with two, whatever the code does.
 */
import { readFileSync } from "node:fs";
import os from "node:os";

const TICK_MS = 1000 / 100; // USER_HZ

/** busy ms of all cores since boot: user, nice, system, irq, softirq, steal (not idle, not iowait) */
export function machineBusyMs(): number {
  if (os.platform() !== "linux") return 0;
  const line = readFileSync("/proc/stat", "utf8").split("\n")[0]; // "cpu  user nice system idle iowait irq softirq steal …"
  const f = line.trim().split(/\s+/).slice(1).map(Number);
  return (f[0] + f[1] + f[2] + f[5] + f[6] + (f[7] ?? 0)) * TICK_MS;
}

/** user + system ms in the text of a /proc/<pid>/stat or /proc/<pid>/task/<tid>/stat file */
export function statCpuMs(stat: string): number {
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" "); // f[0] is field 3 (state); utime, stime are fields 14, 15
  return (Number(f[11]) + Number(f[12])) * TICK_MS;
}

/** user + system ms of process `pid` so far (0 once it has gone) */
export function processCpuMs(pid: number | undefined): number {
  if (!pid || os.platform() !== "linux") return 0;
  try {
    return statCpuMs(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return 0;
  }
}
