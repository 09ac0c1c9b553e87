/**
 * JobSpec validation (zod) plus the graph checks zod cannot express: unique step names, known
 * dependencies, no cycles. Returns the normalised spec with steps in a dependency-respecting order.
 */
import { z } from "zod";
import { JobSpecError } from "./errors";
import { Priority, type JobSpec, type JsonObject } from "./types";

/** myshopify domains and local dev shops like demo.local: lowercase host names, no scheme or path. */
export const shopSchema = z
  .string()
  .max(255)
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/, "shop must be a host name like my-store.myshopify.com");

// eslint-disable-next-line no-control-regex -- rejecting control characters is the point
const printable = /^[^\u0000-\u001f\u007f]+$/;
const jsonObject = z.record(z.string(), z.json()) as unknown as z.ZodType<JsonObject>;

const stepSchema = z.strictObject({
  name: z.string().min(1).max(200).regex(printable, "step name must be printable text"),
  capability: z
    .string()
    .max(60)
    .regex(/^[a-z][a-z0-9-]*(?:\.[a-z][a-z0-9-]*)*$/, "capability must look like model.fetch"),
  dependsOn: z.array(z.string().min(1).max(200)).max(200).optional(),
  params: jsonObject.optional(),
  staleKey: z.string().min(1).max(300).regex(printable).optional(),
});

const jobSpecSchema = z.strictObject({
  shop: shopSchema,
  type: z.string().min(1).max(60).regex(/^[a-z][a-z0-9._-]*$/, "type must be a short lowercase word"),
  priority: z.union([z.enum(["shopper", "merchant", "batch"]), z.number().int().min(0).max(1000)]).optional(),
  input: jsonObject.optional(),
  steps: z.array(stepSchema).min(1, "a job needs at least one step").max(1000),
  dedupKey: z.string().min(1).max(200).optional(),
});

export interface NormalisedStep {
  name: string;
  capability: string;
  dependsOn: string[];
  params: JsonObject;
  staleKey?: string;
}

/** What createJob stores: validated, priority numeric, steps topologically ordered. */
export interface NormalisedSpec {
  shop: string;
  type: string;
  priority: number;
  input: JsonObject;
  steps: NormalisedStep[];
  dedupKey?: string;
}

/** Spec text larger than this is refused: step params are meant to be small (assets carry the bulk). */
const MAX_SPEC_BYTES = 1_000_000;

export function validateJobSpec(raw: unknown): NormalisedSpec {
  const parsed = jobSpecSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.length ? i.path.join(".") : "spec"}: ${i.message}`);
    throw new JobSpecError(`invalid job spec: ${issues.join("; ")}`, issues);
  }
  const spec = parsed.data as JobSpec;
  if (JSON.stringify(spec).length > MAX_SPEC_BYTES) throw new JobSpecError(`invalid job spec: larger than ${MAX_SPEC_BYTES} bytes`);

  const issues: string[] = [];
  const index = new Map<string, number>();
  spec.steps.forEach((s, i) => {
    if (index.has(s.name)) issues.push(`steps[${i}].name: duplicate step name "${s.name}"`);
    else index.set(s.name, i);
  });
  spec.steps.forEach((s, i) => {
    const seen = new Set<string>();
    for (const d of s.dependsOn ?? []) {
      if (d === s.name) issues.push(`steps[${i}].dependsOn: step "${s.name}" depends on itself`);
      else if (!index.has(d)) issues.push(`steps[${i}].dependsOn: unknown step "${d}"`);
      if (seen.has(d)) issues.push(`steps[${i}].dependsOn: "${d}" listed twice`);
      seen.add(d);
    }
  });
  if (issues.length) throw new JobSpecError(`invalid job spec: ${issues.join("; ")}`, issues);

  const order = topoOrder(spec.steps);
  if (!order.ok) throw new JobSpecError(`invalid job spec: dependency cycle ${order.cycle.map((n) => `"${n}"`).join(" → ")}`);

  const priority = typeof spec.priority === "number" ? spec.priority : Priority[spec.priority ?? "merchant"];
  return {
    shop: spec.shop,
    type: spec.type,
    priority,
    input: spec.input ?? {},
    steps: order.steps.map((s) => ({
      name: s.name,
      capability: s.capability,
      dependsOn: s.dependsOn ?? [],
      params: s.params ?? {},
      staleKey: s.staleKey,
    })),
    dedupKey: spec.dedupKey,
  };
}

type TopoResult<T> = { ok: true; steps: T[] } | { ok: false; cycle: string[] };

/** Kahn's algorithm keeping the given order among ready steps; on a cycle, names one. */
export function topoOrder<T extends { name: string; dependsOn?: string[] }>(steps: T[]): TopoResult<T> {
  const byName = new Map(steps.map((s) => [s.name, s]));
  const remaining = new Map(steps.map((s) => [s.name, new Set(s.dependsOn ?? [])]));
  const out: T[] = [];
  let progressed = true;
  while (remaining.size && progressed) {
    progressed = false;
    for (const [name, deps] of remaining) {
      if ([...deps].every((d) => !remaining.has(d))) {
        out.push(byName.get(name)!);
        remaining.delete(name);
        progressed = true;
      }
    }
  }
  if (!remaining.size) return { ok: true, steps: out };
  // walk dependencies inside the remainder until a name repeats: that loop is the cycle
  const path: string[] = [];
  let cur = remaining.keys().next().value as string;
  while (!path.includes(cur)) {
    path.push(cur);
    cur = [...remaining.get(cur)!].find((d) => remaining.has(d))!;
  }
  return { ok: false, cycle: [...path.slice(path.indexOf(cur)), cur] };
}
