/**
 * The ways a vendor API fails, as one switch every vendor double shares (Mockey, VirtualThreads; CGTrader's double
 * can use it too). A double calls `injectFault(mode, req, res)` at the top of each handler: when it returns true
 * the fault has been answered (or the socket left hanging) and the handler stops.
 */
import type { IncomingMessage, ServerResponse } from "node:http";

export const FAULT_MODES = [
  "none",
  "rate_limited",
  "server_500",
  "server_502",
  "server_503",
  "hang",
  "trickle",
  "malformed_json",
  "wrong_content_type",
  "expired_token",
  "expired_result",
  "task_failed",
] as const;
export type FaultMode = (typeof FAULT_MODES)[number];

export interface FaultSettings {
  /** seconds sent in Retry-After with a 429 (default 30) */
  retryAfterS?: number;
  /** a trickled body sends one byte every this many ms (default 200) */
  trickleMs?: number;
}

/** Sockets left hanging, so a double's close() can end them (a test must not wait for them). */
export const hanging = new Set<ServerResponse>();

/**
 * Answers the request with the fault when it is one of the transport-level ones. "expired_result" and
 * "task_failed" are the double's own business (they act on tasks and result URLs), so they return false here.
 */
export function injectFault(mode: FaultMode, _req: IncomingMessage, res: ServerResponse, s: FaultSettings = {}): boolean {
  switch (mode) {
    case "rate_limited":
      res.writeHead(429, { "content-type": "application/json", "retry-after": String(s.retryAfterS ?? 30) });
      res.end(JSON.stringify({ error: "rate_limited", message: "Too many requests" }));
      return true;
    case "server_500":
    case "server_502":
    case "server_503": {
      const status = Number(mode.slice(-3));
      res.writeHead(status, { "content-type": "text/html" });
      res.end(`<html><body><h1>${status}</h1></body></html>`);
      return true;
    }
    case "hang":
      // headers never come: the client's deadline is the only way out
      hanging.add(res);
      res.on("close", () => hanging.delete(res));
      return true;
    case "trickle": {
      // a valid-looking answer, one byte at a time, slower than any deadline
      res.writeHead(200, { "content-type": "application/json" });
      const body = JSON.stringify({ id: "t", status: "queued", padding: "x".repeat(200) });
      let i = 0;
      hanging.add(res);
      const t = setInterval(() => {
        if (i >= body.length || res.destroyed) {
          clearInterval(t);
          res.end();
          return;
        }
        res.write(body[i++]);
      }, s.trickleMs ?? 200);
      res.on("close", () => {
        clearInterval(t);
        hanging.delete(res);
      });
      return true;
    }
    case "malformed_json":
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"data": [{"id": "tpl_1", "name": "Tee fr');
      return true;
    case "wrong_content_type":
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end("<!doctype html><title>Maintenance</title><p>We'll be right back.</p>");
      return true;
    case "expired_token":
      res.writeHead(401, { "content-type": "application/json", "www-authenticate": 'Bearer error="invalid_token"' });
      res.end(JSON.stringify({ error: "invalid_token", message: "The access token expired" }));
      return true;
    default:
      return false;
  }
}

/** Ends every hanging or trickling socket (call from a double's close()). */
export function endHanging(): void {
  for (const res of hanging) res.destroy();
  hanging.clear();
}
