/**
 * A CLI subcommand: `npx mockup NAME …` loads app/cli/commands/NAME.ts and calls its `command`.
 * Each capability adds its own file; nothing else needs editing.
 */
export interface CliIO {
  out(line: string): void;
  err(line: string): void;
  /** true when stdout is a terminal (progress bars redraw in place) */
  tty: boolean;
}

export interface CliCommand {
  name: string;
  summary: string;
  usage: string;
  /** returns the process exit code; throws UsageError for bad arguments */
  run(argv: string[], io: CliIO): Promise<number>;
}

/** Bad arguments: printed with the command's usage, exit code 2, nothing created. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}
