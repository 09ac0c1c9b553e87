/**
 * Which steps a worker takes: `mockup worker --capabilities render.*,garment.*` and MOCKUP_WORKER_CAPABILITIES
 * (the web process's in-process worker). A pattern is a capability (`render.hero`), a family (`render.*`) or `*`
 * (everything). Nothing richer: these three forms map exactly onto a SQL LIKE on Job.needs (app/pipeline/roles.ts),
 * so the claim query filters in the database and a light worker never scans past a queue of render jobs.
 * Decision 151.
 */
import { z } from "zod";

const NAME = "[a-z][a-z0-9-]*";
const PATTERN = new RegExp(`^(\\*|${NAME}\\.\\*|${NAME}\\.${NAME})$`);

export const capabilityPatternSchema = z
  .string()
  .trim()
  .refine((s) => PATTERN.test(s), {
    message: "is not a capability pattern: use a capability (render.hero), a family (render.*) or * for every capability",
  });

/** A comma-separated list ("render.*, garment.drape"): at least one pattern, each valid, repeats dropped. */
export const capabilityPatternsSchema = z
  .string()
  .max(2000)
  .transform((s) => s.split(",").map((p) => p.trim()))
  .superRefine((parts, ctx) => {
    if (parts.every((p) => p === "")) ctx.addIssue({ code: z.ZodIssueCode.custom, message: "names no capability (e.g. render.*,garment.*)" });
    parts.forEach((p, i) => {
      if (!PATTERN.test(p)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [i], message: `"${p.slice(0, 60)}" is not a capability pattern: use a capability (render.hero), a family (render.*) or * for every capability` });
    });
  })
  .transform((parts) => [...new Set(parts)].sort());

export type CapabilityPatterns = string[];

export const DEFAULTS = {
  /** a worker given no --capabilities takes every step */
  capabilities: ["*"] as CapabilityPatterns,
} as const;
