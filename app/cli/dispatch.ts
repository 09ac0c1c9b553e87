/**
 * CLI dispatch: `mockup NAME args…` runs app/cli/commands/NAME.ts. Commands are discovered from the
 * directory listing, so a name is only ever imported if such a file exists (no path tricks).
 */
import { readdir } from "node:fs/promises";
import { fileURLToPath, pathToFileURL } from "node:url";
import path from "node:path";
import { InputError, UsageError, type CliCommand, type CliIO } from "./types";

const COMMANDS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "commands");
const NAME = /^[a-z][a-z0-9-]{0,39}$/;

export async function commandNames(): Promise<string[]> {
  const files = await readdir(COMMANDS_DIR).catch(() => [] as string[]);
  return files
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && !f.endsWith(".d.ts"))
    .map((f) => f.slice(0, -3))
    .filter((n) => NAME.test(n))
    .sort();
}

export async function loadCommand(name: string): Promise<CliCommand | null> {
  if (!NAME.test(name) || !(await commandNames()).includes(name)) return null;
  const mod = (await import(pathToFileURL(path.join(COMMANDS_DIR, `${name}.ts`)).href)) as { command?: CliCommand };
  if (!mod.command || typeof mod.command.run !== "function") throw new Error(`app/cli/commands/${name}.ts exports no \`command\``);
  return mod.command;
}

const MAIN_USAGE = "usage: mockup COMMAND [args…]   (mockup help lists the commands)";

async function help(io: CliIO, names: string[]): Promise<void> {
  io.out("Mockup Pipeline command line. usage: mockup COMMAND [args…]");
  io.out("");
  const rows: [string, string][] = [["help", "list the commands"]];
  for (const n of names) {
    try {
      const c = await loadCommand(n);
      rows.push([n, c?.summary ?? ""]);
    } catch (err) {
      rows.push([n, `(cannot load: ${(err as Error).message})`]);
    }
  }
  const w = Math.max(...rows.map(([n]) => n.length));
  for (const [n, s] of rows) io.out(`  ${n.padEnd(w)}  ${s}`);
  io.out("");
  io.out("mockup help COMMAND shows a command's usage.");
}

/** Returns the exit code: 0 ok, 1 failure, 2 bad usage. */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  const names = await commandNames();
  if (!name || name === "help" || name === "--help" || name === "-h") {
    if (name === "help" && rest[0]) {
      const c = await loadCommand(rest[0]);
      if (!c) return unknown(io, rest[0], names);
      io.out(`${c.name}: ${c.summary}`);
      io.out(`usage: ${c.usage}`);
      return 0;
    }
    await help(io, names);
    return name ? 0 : 2;
  }
  let cmd: CliCommand | null;
  try {
    cmd = await loadCommand(name);
  } catch (err) {
    reportFailure(io, err);
    return 1;
  }
  if (!cmd) return unknown(io, name, names);
  try {
    return await cmd.run(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`error: ${err.message}`);
      io.err(`usage: ${cmd.usage}`);
      return 2;
    }
    if (err instanceof InputError) {
      io.err(`error: ${err.message}`);
      for (const d of err.details) io.err(`  ${d}`);
      return 2;
    }
    reportFailure(io, err);
    return 1;
  }
}

/**
 * The one line for an unexpected failure: the message's first line, or for Prisma's multi-line errors
 * (a code frame, then the reason) the last one; bounded. The stack only with MOCKUP_DEBUG.
 */
export function failureLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const lines = message.split("\n").map((l) => l.trim()).filter(Boolean);
  const line = (err instanceof Error && err.name.startsWith("PrismaClient") ? lines.at(-1) : lines[0]) ?? (err as Error)?.name ?? "failed";
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

export function reportFailure(io: CliIO, err: unknown): void {
  io.err(`error: ${failureLine(err)}`);
  if (process.env.MOCKUP_DEBUG) io.err(String((err as Error)?.stack ?? ""));
}

function unknown(io: CliIO, name: string, names: string[]): number {
  io.err(`error: unknown command "${name.slice(0, 40)}"; commands: ${["help", ...names].join(", ")}`);
  io.err(MAIN_USAGE);
  return 2;
}
