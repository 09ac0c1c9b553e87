/** No connector secret reaches a log line: the process logger's redaction covers every field a connector holds. */
import { Writable } from "node:stream";
import pino from "pino";
import { expect, it } from "vitest";
import { REDACT_PATHS } from "../../app/monitoring/logger.server";

it("redacts API keys, client secrets, tokens, auth headers and whole credentials objects", () => {
  let out = "";
  const sink = new Writable({
    write(chunk, _enc, cb) {
      out += String(chunk);
      cb();
    },
  });
  const log = pino({ level: "info", redact: { paths: REDACT_PATHS, censor: "[redacted]" } }, sink);
  log.info(
    {
      req: { apiKey: "mky_SECRET1", headers: { authorization: "Bearer SECRET2", "x-api-key": "SECRET3" } },
      oauth: { client_secret: "SECRET4", access_token: "SECRET5" },
      credentials: { apiKey: "SECRET6", clientSecret: "SECRET7" },
    },
    "vendor call",
  );
  log.info({ conn: { credentials: { baseUrl: "https://x", apiKey: "SECRET8" } } }, "nested");
  for (let i = 1; i <= 8; i++) expect(out).not.toContain(`SECRET${i}`);
  expect(out.match(/\[redacted\]/g)?.length).toBeGreaterThanOrEqual(6);
});
