/** Argument parsing for CLI commands: node:util parseArgs in strict mode, errors become UsageError. */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { z } from "zod";
import { shopSchema } from "../pipeline/spec";
import { UsageError } from "./types";

export function parse<T extends NonNullable<ParseArgsConfig["options"]>>(argv: string[], options: T, positionals = { min: 0, max: 0 }) {
  let res;
  try {
    res = parseArgs({ args: argv, options, strict: true, allowPositionals: positionals.max > 0 });
  } catch (err) {
    throw new UsageError((err as Error).message.replace(/^TypeError \[[A-Z_]+\]: /, ""));
  }
  if (res.positionals.length < positionals.min) throw new UsageError(`expected ${positionals.min} argument(s), got ${res.positionals.length}`);
  if (res.positionals.length > positionals.max) throw new UsageError(`unexpected argument "${res.positionals[positionals.max]}"`);
  return res;
}

export const DEFAULT_SHOP = "demo.local";

export function shopArg(v: string | undefined): string {
  const s = v ?? DEFAULT_SHOP;
  if (!shopSchema.safeParse(s).success) throw new UsageError(`invalid --shop "${s.slice(0, 80)}": expected a host name like demo.local`);
  return s;
}

export function intArg(name: string, v: string | undefined, def: number, min: number, max: number): number {
  if (v === undefined) return def;
  const r = z.coerce.number().int().min(min).max(max).safeParse(v);
  if (!v.trim() || !r.success) throw new UsageError(`--${name} must be an integer from ${min} to ${max} (got "${v.slice(0, 40)}")`);
  return r.data;
}

export function jobIdArg(v: string | undefined): string {
  if (!v || !/^[A-Za-z0-9_-]{1,64}$/.test(v)) throw new UsageError(`invalid job id "${String(v ?? "").slice(0, 80)}"`);
  return v;
}
