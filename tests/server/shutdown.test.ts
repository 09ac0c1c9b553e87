/**
 * Graceful shutdown on a real http.Server (port 0): a request in flight completes, new connections are
 * refused, the worker's stop gets its grace, the exit code says whether everything finished within the
 * bound. Asserted by events; the timers only stop a hang.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import net from "node:net";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { gracefulShutdown, shutdownTimeoutMs } from "../../app/server/shutdown";

const silent = pino({ level: "silent" });

/** A server whose /slow answers only when release() is called. */
async function slowServer(onSent: () => void = () => undefined) {
  let release: () => void = () => undefined;
  let arrivedNow: () => void = () => undefined;
  const arrived = new Promise<void>((r) => (arrivedNow = r));
  const server = http.createServer((req, res) => {
    if (req.url !== "/slow") return void res.end("fast");
    res.on("finish", onSent);
    release = () => res.end("done");
    arrivedNow();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { server, port: (server.address() as AddressInfo).port, arrived, release: () => release() };
}

function get(port: number, path: string, keepAlive = false): Promise<string> {
  return new Promise((resolve, reject) => {
    const agent = keepAlive ? new http.Agent({ keepAlive: true }) : false;
    http.get({ host: "127.0.0.1", port, path, agent }, (res) => {
      let body = "";
      res.on("data", (d) => (body += d));
      res.on("end", () => resolve(body));
    }).on("error", reject);
  });
}

const refused = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = net.connect(port, "127.0.0.1");
    s.once("connect", () => (s.destroy(), resolve(false)));
    s.once("error", () => resolve(true));
  });

describe("gracefulShutdown", () => {
  it("lets the request in flight finish, refuses new connections, gives the worker its grace, exits 0", async () => {
    const events: string[] = [];
    const { server, port, arrived, release } = await slowServer(() => events.push("response sent"));
    // an idle keep-alive connection must not hold the shutdown open
    await get(port, "/fast", true);
    const inFlight = get(port, "/slow");
    await arrived;
    let grace = -1;
    const exit = new Promise<number>((resolve) => {
      const s = gracefulShutdown({
        server,
        logger: silent,
        timeoutMs: 20_000,
        stopWork: async (g) => {
          grace = g;
          events.push("worker stopped");
        },
        close: async () => void events.push("closed"),
        exit: resolve,
      });
      void s.begin("SIGTERM");
      expect(s.stopping).toBe(true);
    });
    expect(await refused(port)).toBe(true);
    events.push("refused");
    release();
    expect(await inFlight).toBe("done");
    expect(await exit).toBe(0);
    expect(grace).toBe(10_000);
    expect(events).toEqual(["worker stopped", "refused", "response sent", "closed"]);
  });

  it("cuts what is still open at the bound and exits 1", async () => {
    const { server, port, arrived } = await slowServer();
    const failed = get(port, "/slow").then(
      () => "answered",
      () => "cut",
    );
    await arrived;
    const code = await new Promise<number>((resolve) => void gracefulShutdown({ server, logger: silent, timeoutMs: 200, exit: resolve }).begin("SIGTERM"));
    expect(code).toBe(1);
    expect(await failed).toBe("cut");
  });

  it("MOCKUP_SHUTDOWN_MS: whole milliseconds from 100 to 600000, else 10 s", () => {
    expect(shutdownTimeoutMs({ MOCKUP_SHUTDOWN_MS: "2500" })).toBe(2500);
    for (const bad of [undefined, "", "abc", "50", "1e4", "-1", "700000"]) expect(shutdownTimeoutMs({ MOCKUP_SHUTDOWN_MS: bad })).toBe(10_000);
  });
});
