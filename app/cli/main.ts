/** `npx mockup …` entry point (bin/mockup.js, `tsx app/cli/main.ts`): dispatch, then exit with its code. */
import { reportFailure, runCli } from "./dispatch";
import type { CliIO } from "./types";

const io: CliIO = {
  out: (line) => void process.stdout.write(`${line}\n`),
  err: (line) => void process.stderr.write(`${line}\n`),
  tty: Boolean(process.stdout.isTTY),
};

// a failure outside the command's own promise (a stream or timer callback) is still one line and exit 1
const crash = (err: unknown) => {
  reportFailure(io, err);
  process.exit(1);
};
process.on("uncaughtException", crash);
process.on("unhandledRejection", crash);

const code = await runCli(process.argv.slice(2), io);
// open handles (database pools, timers) must not keep a finished command alive; flush, then exit
process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
