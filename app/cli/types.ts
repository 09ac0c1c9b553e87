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

/**
 * Exit codes (README): 0 done; 2 refused before any work (UsageError, InputError); 1 the work ran and failed
 * (a failed job, anything unexpected). Each error is one line on stderr; the stack only with MOCKUP_DEBUG.
 */

/** Bad arguments: printed with the command's usage, exit code 2, nothing created. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/**
 * A refused input: an unknown model, job or file, or a file we refuse (not an image, a hostile model).
 * Exit code 2 like a bad argument, but without the usage text: the arguments were well-formed.
 */
export class InputError extends Error {
  constructor(
    message: string,
    /** further lines worth showing (validator messages), each printed indented */
    readonly details: string[] = [],
  ) {
    super(message);
    this.name = "InputError";
  }
}
