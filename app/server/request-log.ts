/**
 * One pino-http line per request (method, redacted URL, redacted headers, status, time), written through
 * the app's logger. remix-serve's logger printed whole URLs, `id_token` session tokens included, and could
 * not be configured; this one redacts in its serializers (app/server/redact.ts), so nothing a route or a
 * client does can put a secret into a request log line.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import { pinoHttp, type HttpLogger } from "pino-http";
import { redactHeaders, redactRecord, redactUrl } from "./redact";

export interface RequestLogOptions {
  /** the logger to write through (the app's pino logger) */
  logger: Logger;
  /** path prefixes never logged (health probes, immutable assets). Default: DEFAULTS.quietPaths */
  quietPaths?: readonly string[];
}

export const DEFAULTS = {
  quietPaths: ["/healthz", "/assets/", "/favicon.ico"] as readonly string[],
};

type SerializedReq = { url?: string; query?: Record<string, unknown>; params?: Record<string, unknown>; headers?: Record<string, unknown> };
type SerializedRes = { headers?: Record<string, unknown> };

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

export function requestLog(opts: RequestLogOptions): HttpLogger<IncomingMessage, ServerResponse> {
  const quiet = opts.quietPaths ?? DEFAULTS.quietPaths;
  return pinoHttp({
    logger: opts.logger,
    // a caller's request id when it is a plain token (so proxies' ids line up), else a new one; echoed back
    genReqId(req, res) {
      const given = req.headers["x-request-id"];
      const id = typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID();
      res.setHeader("x-request-id", id);
      return id;
    },
    autoLogging: { ignore: (req) => quiet.some((p) => (req.url ?? "").startsWith(p)) },
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? "error" : res.statusCode >= 400 ? "warn" : "info"),
    serializers: {
      req: (req: SerializedReq) => ({
        ...req,
        url: req.url === undefined ? undefined : redactUrl(req.url),
        query: redactRecord(req.query),
        params: redactRecord(req.params),
        headers: redactHeaders(req.headers),
      }),
      res: (res: SerializedRes) => ({ ...res, headers: redactHeaders(res.headers) }),
    },
  });
}
