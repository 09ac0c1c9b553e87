/** Structured logs (pino). Children carry jobId/stepId; secrets are redacted by path. */
import pino, { type Logger } from "pino";
import { logLevel } from "../config/env";

// vendor connectors (app/connectors/): keys, OAuth client secrets and tokens under either spelling, and the
// credentials object a connector reads (tests/connectors/redaction.test.ts)
export const REDACT_PATHS: string[] = [
  "*.apiKey",
  "*.accessToken",
  "*.access_token",
  "*.secret",
  "*.password",
  "*.clientSecret",
  "*.client_secret",
  "*.token",
  "*.authorization",
  "headers.authorization",
  "*.headers.authorization",
  '*.headers["x-api-key"]',
  "credentials",
  "*.credentials",
];

export const logger: Logger = pino({
  level: logLevel(),
  base: { service: "mockup-pipeline" },
  redact: {
    paths: REDACT_PATHS,
    censor: "[redacted]",
  },
});

export type { Logger };
