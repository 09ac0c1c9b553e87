/**
 * Worker roles (decision 151). A worker takes only steps whose capability matches one of its patterns
 * (app/contracts/worker-capabilities.ts); a job is handed between workers step by step. What a job needs next is
 * kept on the row (Job.needs, ",cap,cap,": the capabilities of its steps that are ready or running), so a claim
 * can filter in SQL and health can tell which jobs no live worker can take.
 */
import { capabilityPatternsSchema, DEFAULTS, type CapabilityPatterns } from "../contracts/worker-capabilities";

/** Parses a --capabilities value; throws an Error whose message says which pattern is wrong and how to write it. */
export function parseCapabilities(text: string | undefined, what = "--capabilities"): CapabilityPatterns {
  if (text === undefined) return [...DEFAULTS.capabilities];
  const r = capabilityPatternsSchema.safeParse(text);
  if (!r.success) throw new Error(`${what}: ${r.error.issues.map((i) => i.message).join("; ")}`);
  return r.data;
}

export function matchesCapability(patterns: readonly string[], capability: string): boolean {
  return patterns.some((p) => p === "*" || p === capability || (p.endsWith(".*") && capability.startsWith(p.slice(0, -1))));
}

export const takesEverything = (patterns: readonly string[]) => patterns.includes("*");

/**
 * Patterns that match none of `known` (the capabilities this worker's registry has providers for): almost always a
 * typo (`rendr.*`), which would leave the worker idle forever.
 */
export function unmatchedPatterns(patterns: readonly string[], known: readonly string[]): string[] {
  return patterns.filter((p) => p !== "*" && !known.some((c) => matchesCapability([p], c)));
}

/**
 * The SQL condition on Job.needs for a claim (and the LIKE parameters): the job needs at least one capability the
 * worker takes. Patterns are [a-z0-9-.] only, so they carry no LIKE wildcard of their own.
 */
export function needsCondition(patterns: readonly string[]): { sql: string; args: string[] } {
  if (takesEverything(patterns)) return { sql: "", args: [] };
  const args = patterns.map((p) => (p.endsWith(".*") ? `%,${p.slice(0, -1)}%` : `%,${p},%`));
  return { sql: ` AND (${args.map(() => `"needs" LIKE ?`).join(" OR ")})`, args };
}

interface StepLike {
  name: string;
  capability: string;
  status: string;
  dependsOn: readonly string[];
}

/** Capabilities of steps that are running or could start now (pending, every dependency succeeded), sorted. */
export function neededCapabilities(steps: readonly StepLike[]): string[] {
  const status = new Map(steps.map((s) => [s.name, s.status]));
  const out = new Set<string>();
  for (const s of steps) {
    if (s.status === "running" || (s.status === "pending" && s.dependsOn.every((d) => status.get(d) === "succeeded"))) out.add(s.capability);
  }
  return [...out].sort();
}

/** Job.needs text for a list of capabilities: ",a,b," ("" for none), so LIKE '%,a,%' matches a whole name. */
export const needsText = (capabilities: readonly string[]) => (capabilities.length ? `,${capabilities.join(",")},` : "");

export const parseNeeds = (text: string | null | undefined): string[] => (text ? text.split(",").filter(Boolean) : []);
