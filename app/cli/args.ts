/** Argument parsing for CLI commands: node:util parseArgs in strict mode, errors become UsageError. */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { z } from "zod";
import { colorSchema, DEFAULTS as COLOR_DEFAULTS, type Color } from "../contracts/colour";
import { shopSchema } from "../pipeline/spec";
import { statSync } from "node:fs";
import { InputError, UsageError } from "./types";

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

/**
 * A colour list argument (`--colors`, `--variants`): "Name=#RRGGBB,…", or a bare "#RRGGBB" named by its hex. Every
 * command that takes colours parses them here. Each entry is checked by the colour contract (name 1–64
 * characters, #RRGGBB), names are unique, 1 to `max` entries (default the colour contract's DEFAULTS.maxColors); hex comes back
 * upper case. Anything else is a UsageError (exit 2, with the usage) naming the flag and the entry.
 */
export function colorListArg(flag: string, text: string, opts: { max?: number } = {}): Color[] {
  const max = opts.max ?? COLOR_DEFAULTS.maxColors;
  const out: Color[] = [];
  for (const part of text.split(",").map((s) => s.trim()).filter(Boolean)) {
    const eq = part.lastIndexOf("=");
    const name = eq >= 0 ? part.slice(0, eq).trim() : part;
    const hex = (eq >= 0 ? part.slice(eq + 1) : part).trim();
    if (!/^#[0-9a-fA-F]{6}$/.test(hex) || (eq >= 0 && !name)) throw new UsageError(`--${flag}: "${part.slice(0, 60)}" is not NAME=#RRGGBB or #RRGGBB`);
    const c = colorSchema.safeParse({ name: eq >= 0 ? name : hex.toUpperCase(), hex: hex.toUpperCase() });
    if (!c.success) throw new UsageError(`--${flag}: "${part.slice(0, 60)}": the name must be 1 to 64 characters`);
    if (out.some((o) => o.name === c.data.name)) throw new UsageError(`--${flag}: "${c.data.name}" listed twice`);
    out.push(c.data);
  }
  if (!out.length) throw new UsageError(`--${flag}: at least one NAME=#RRGGBB`);
  if (out.length > max) throw new UsageError(`--${flag}: at most ${max} colours (got ${out.length})`);
  return out;
}

export function jobIdArg(v: string | undefined): string {
  if (!v || !/^[A-Za-z0-9_-]{1,64}$/.test(v)) throw new UsageError(`invalid job id "${String(v ?? "").slice(0, 80)}"`);
  return v;
}

/** An input file argument that must exist and be a regular file; else InputError (exit 2) naming it. */
export function inputFile(what: string, file: string): string {
  let isFile = false;
  try {
    isFile = statSync(file).isFile();
  } catch {
    throw new InputError(`${what}: ${file.slice(0, 200)} does not exist or cannot be read`);
  }
  if (!isFile) throw new InputError(`${what}: ${file.slice(0, 200)} is not a file`);
  return file;
}

const FILE_ERRORS: Record<string, string> = {
  ENOENT: "no such file or directory",
  EACCES: "permission denied",
  EPERM: "permission denied",
  EISDIR: "is a directory",
  ENOTDIR: "a part of the path is not a directory",
  EROFS: "read-only file system",
};

/** The plain reason of a file-system error ("no such file or directory"), null for anything else. */
export function fileErrorReason(err: unknown): string | null {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === "string" ? (FILE_ERRORS[code] ?? null) : null;
}

/** A file-system error about a path the user gave (ENOENT, EACCES, …) as an InputError naming the path. */
export function fileArgError(err: unknown): InputError | null {
  const reason = fileErrorReason(err);
  if (!reason) return null;
  const file = (err as NodeJS.ErrnoException).path;
  return new InputError(`${file ? `${String(file).slice(0, 200)}: ` : ""}${reason}`);
}
