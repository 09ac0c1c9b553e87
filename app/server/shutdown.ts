/**
 * Graceful shutdown of the web server on SIGTERM/SIGINT: stop accepting connections, let requests in
 * flight finish (idle keep-alive connections are closed, busy ones get `Connection: close`), stop the
 * in-process worker (running jobs finish within a grace period, then are released: queued again for another
 * worker or the next start), close the database, exit 0. Whatever is still open at the bound is cut and the
 * process exits 1; a second signal exits at once. remix-serve stopped answering on SIGTERM but never exited.
 */
import type { Server } from "node:http";
import type { Logger } from "pino";

export interface ShutdownOptions {
  server: Server;
  logger: Logger;
  /** ms from the signal until the process exits whatever is still open. Default DEFAULTS.timeoutMs */
  timeoutMs?: number;
  /** runs once the server stops accepting, beside the requests in flight (the worker); gets its grace in ms */
  stopWork?: (graceMs: number) => Promise<void>;
  /** runs last, after requests and work (database disconnect) */
  close?: () => Promise<void>;
  /** how the process ends (tests pass their own) */
  exit?: (code: number) => void;
}

export const DEFAULTS = {
  /** well inside the 30 s most hosts wait between SIGTERM and SIGKILL */
  timeoutMs: 10_000,
  /** running jobs get this share of the bound before they are released */
  workShare: 0.5,
};

/** MOCKUP_SHUTDOWN_MS: whole milliseconds, 100 to 600 000; anything else is the default. */
export function shutdownTimeoutMs(env: Record<string, string | undefined> = process.env): number {
  const raw = env.MOCKUP_SHUTDOWN_MS?.trim();
  const n = raw && /^\d{1,6}$/.test(raw) ? Number(raw) : NaN;
  return n >= 100 && n <= 600_000 ? n : DEFAULTS.timeoutMs;
}

export interface Shutdown {
  /** true from the first signal on (the app sets `Connection: close` on responses then) */
  readonly stopping: boolean;
  /** starts the shutdown (as a signal does); resolves with the exit code once it is done */
  begin(reason: string): Promise<number>;
  /** listens for SIGTERM and SIGINT */
  install(): void;
}

export function gracefulShutdown(opts: ShutdownOptions): Shutdown {
  const timeoutMs = opts.timeoutMs ?? DEFAULTS.timeoutMs;
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  const log = opts.logger;
  let running: Promise<number> | undefined;

  async function run(reason: string): Promise<number> {
    const started = Date.now();
    log.info({ signal: reason, timeoutMs }, "shutting down: no new connections, finishing requests in flight");
    const closed = new Promise<void>((resolve) => opts.server.close(() => resolve()));
    // keep-alive connections between requests would hold close() open until they time out
    opts.server.closeIdleConnections();
    const idle = setInterval(() => opts.server.closeIdleConnections(), 100);
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), timeoutMs);
    });
    const work = (opts.stopWork?.(Math.floor(timeoutMs * DEFAULTS.workShare)) ?? Promise.resolve()).catch((err: unknown) => {
      log.error({ err }, "stopping the in-process worker failed");
    });
    const outcome = await Promise.race([Promise.all([closed, work]).then(() => "done" as const), bound]);
    clearInterval(idle);
    clearTimeout(timer);
    if (outcome === "timeout") {
      log.error({ timeoutMs }, "shutdown bound reached: cutting the connections still open");
      opts.server.closeAllConnections();
      return 1;
    }
    await opts.close?.().catch((err: unknown) => log.error({ err }, "closing failed"));
    log.info({ ms: Date.now() - started }, "stopped");
    return 0;
  }

  const shutdown: Shutdown = {
    get stopping() {
      return running !== undefined;
    },
    begin(reason) {
      if (running) return running;
      running = run(reason).then((code) => {
        exit(code);
        return code;
      });
      return running;
    },
    install() {
      for (const signal of ["SIGTERM", "SIGINT"] as const) {
        process.on(signal, () => {
          if (running) {
            log.warn({ signal }, "second signal: exiting now");
            exit(1);
            return;
          }
          void shutdown.begin(signal);
        });
      }
    },
  };
  return shutdown;
}
