/**
 * The CLI's logger (its commands and single-operator tools such as mockups/local-workspace.ts): warnings and
 * errors of the work a command runs (a provider that failed and was fallen back from, a retry), written to stderr
 * as one readable line each. The services (web, worker) keep pino's JSON lines for their collectors, but a person
 * at a terminal should not have to read `{"level":40,…}`.
 * `MOCKUP_LOG_FORMAT=json` keeps the JSON lines (for a script that parses them).
 */
import pino, { type Logger } from "pino";
import { DEFAULTS as ENV_DEFAULTS, logLevel } from "../config/env";
import { REDACT_PATHS } from "./logger.server";

type Env = Record<string, string | undefined>;

const LABEL: Record<number, string> = { 10: "trace", 20: "debug", 30: "info", 40: "warning", 50: "error", 60: "fatal" };
/** the fields worth a person's attention, in this order; the rest (time, pid, ids) stay out of the line */
const SHOWN = ["step", "capability", "provider", "attempt", "status"] as const;

/** One JSON log line as `warning: provider failed (step …, provider …): <err>`; a line that is not JSON passes through. */
export function humanLogLine(json: string): string {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json.trimEnd();
  }
  const fields = SHOWN.filter((k) => o[k] !== undefined && o[k] !== null && o[k] !== "").map((k) => `${k} ${String(o[k])}`);
  const err = o.err as { message?: unknown } | string | undefined;
  const why = typeof err === "string" ? err : typeof err?.message === "string" ? err.message : undefined;
  const label = LABEL[Number(o.level)] ?? "log";
  return `${label}: ${String(o.msg ?? "")}${fields.length ? ` (${fields.join(", ")})` : ""}${why ? `: ${why}` : ""}`;
}

/** A pino logger for `service` at the CLI's quiet level (warnings up), on stderr, readable unless asked for JSON. */
export function cliLogger(service: string, env: Env = process.env, write: (line: string) => void = (l) => void process.stderr.write(l)): Logger {
  const options = { level: logLevel(ENV_DEFAULTS.quietLogLevel, env), base: { service }, redact: { paths: REDACT_PATHS, censor: "[redacted]" } };
  if (env.MOCKUP_LOG_FORMAT?.trim().toLowerCase() === "json") return pino(options, { write });
  return pino(options, { write: (s: string) => write(`${humanLogLine(s)}\n`) });
}
