/** Plain-text rendering of jobs for the CLI. */
import type { JobSummary, JobView } from "../pipeline/jobs";

export function ms(n: number | null | undefined): string {
  if (n == null) return "-";
  return n < 1000 ? `${n} ms` : `${(n / 1000).toFixed(1)} s`;
}

export function jobLine(j: JobSummary): string {
  const flags = [j.degraded ? "degraded" : "", j.cancelRequested && j.status === "running" ? "cancelling" : ""].filter(Boolean).join(",");
  return `${j.id}  ${j.status.padEnd(9)} ${String(j.progress).padStart(3)}%  ${j.type.padEnd(8)} p${j.priority}  ${j.createdAt.toISOString()}${flags ? `  [${flags}]` : ""}${j.error ? `  ${j.error.slice(0, 80)}` : ""}`;
}

export function jobDetails(j: JobView): string[] {
  const lines = [
    `job ${j.id} (${j.type}) for ${j.shop}`,
    `  status ${j.status}${j.degraded ? " (degraded)" : ""}, progress ${j.progress}%, priority ${j.priority}, attempts ${j.attempts}`,
    `  created ${j.createdAt.toISOString()}${j.finishedAt ? `, finished ${j.finishedAt.toISOString()}` : ""}`,
  ];
  if (j.error) lines.push(`  error: ${j.error}`);
  lines.push("  steps:");
  const w = Math.max(...j.steps.map((s) => s.name.length));
  for (const s of j.steps) {
    const extra = [s.provider ?? "", s.cacheHit ? "cache hit" : "", s.degraded ? "degraded" : "", s.durationMs != null ? ms(s.durationMs) : ""].filter(Boolean).join(", ");
    lines.push(`    ${s.name.padEnd(w)}  ${s.capability.padEnd(15)} ${s.status.padEnd(9)}${extra ? ` ${extra}` : ""}`);
    if (s.error) lines.push(`    ${"".padEnd(w)}  ↳ ${s.error.slice(0, 300)}`);
    for (const [name, key] of Object.entries(s.output?.assets ?? {})) lines.push(`    ${"".padEnd(w)}  ${name}: ${key}`);
  }
  return lines;
}

/** A progress bar redrawn in place on a terminal (`\r` + clear line); callers print plain lines otherwise. */
export function drawProgress(percent: number, note: string, width = 60): void {
  const bar = "#".repeat(Math.round(percent / 5)).padEnd(20, ".");
  process.stdout.write(`\r\x1b[2K[${bar}] ${String(percent).padStart(3)}% ${note.slice(0, width)}`);
}
