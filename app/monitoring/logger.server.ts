/** Structured logs (pino). Children carry jobId/stepId; secrets are redacted by path. */
import pino, { type Logger } from "pino";

export const logger: Logger = pino({
  level: process.env.LOG_LEVEL ?? "info",
  base: { service: "mockup-pipeline" },
  redact: {
    paths: ["*.apiKey", "*.accessToken", "*.secret", "*.password", "*.clientSecret", "*.token", "headers.authorization"],
    censor: "[redacted]",
  },
});

export type { Logger };
