/**
 * Our own server (server.ts, the `npm start` entry) on the production build the webServer just made, in a
 * process of its own: request logs never carry a secret, and SIGTERM while a request is in flight and a job
 * is running lets the request complete, releases the job and exits 0; it starts without loading sharp and
 * the other heavy modules, which the first route that needs them loads. Asserted by events (log lines,
 * responses, the exit, the modules the process resolved); the timeouts only stop a hang.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { createHmac, randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { expect, test } from "@playwright/test";
import { e2eEnv } from "../../playwright.config";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const SHOP = "server-spec.myshopify.com";
const SECRET = e2eEnv.SHOPIFY_API_SECRET;
const HANG = 45_000; // only to stop a hang

type LogLine = { msg?: string; [k: string]: unknown };

/** The server as `npm start` runs it (tsx server.ts), with its output captured line by line. */
class ServerProcess {
  readonly child: ChildProcess;
  readonly lines: LogLine[] = [];
  output = "";
  readonly exited: Promise<number | null>;
  private waiters: (() => void)[] = [];

  constructor(env: NodeJS.ProcessEnv) {
    this.child = spawn(process.execPath, [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), "server.ts"], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let partial = "";
    this.child.stdout!.on("data", (d: Buffer) => {
      this.output += d;
      partial += d;
      const parts = partial.split("\n");
      partial = parts.pop()!;
      for (const p of parts) {
        try {
          this.lines.push(JSON.parse(p) as LogLine);
        } catch {
          this.lines.push({ text: p });
        }
      }
      this.waiters.forEach((w) => w());
    });
    this.child.stderr!.on("data", (d: Buffer) => (this.output += d));
    // "close", not "exit": the last lines of output are read by then
    this.exited = new Promise((resolve) => this.child.once("close", (code) => resolve(code)));
  }

  /** Resolves with the first log line that matches; rejects if the process exits first or on a hang. */
  waitFor(match: (l: LogLine) => boolean, what: string): Promise<LogLine> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const hit = this.lines.find(match);
        if (hit) {
          this.waiters = this.waiters.filter((w) => w !== check);
          clearTimeout(timer);
          resolve(hit);
        }
      };
      const timer = setTimeout(() => reject(new Error(`no "${what}" in the server log:\n${this.output.slice(-3000)}`)), HANG);
      void this.exited.then((code) => reject(new Error(`server exited (${code}) before "${what}":\n${this.output.slice(-3000)}`)));
      this.waiters.push(check);
      check();
    });
  }
}

function request(port: number, opts: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, method: opts.method ?? "GET", path: opts.path, headers: opts.headers, agent: false }, (res) => {
      let body = "";
      res.on("data", (d) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end(opts.body);
  });
}

function webhookHeaders(topic: string, body: string, hmac?: string, shop = SHOP): Record<string, string> {
  return {
    "Content-Type": "application/json",
    "Content-Length": String(Buffer.byteLength(body)),
    "X-Shopify-Topic": topic,
    "X-Shopify-Hmac-Sha256": hmac ?? createHmac("sha256", SECRET).update(body, "utf8").digest("base64"),
    "X-Shopify-Shop-Domain": shop,
    "X-Shopify-API-Version": "2026-04",
    "X-Shopify-Webhook-Id": randomUUID(),
  };
}

test.describe.serial("server.ts", () => {
  let server: ServerProcess;
  let port: number;
  let dbFile: string;
  let importLog: string;

  test.beforeAll(async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "mockup-server-spec-"));
    dbFile = path.join(dir, "server.db");
    const env = {
      ...process.env,
      ...e2eEnv,
      PORT: "0",
      MOCKUP_HOST: "127.0.0.1",
      DATABASE_URL: `file:${dbFile}`,
      MOCKUP_DATA_DIR: dir,
      LOG_LEVEL: "info",
      // the in-process worker runs, with a provider that waits until shutdown aborts it
      MOCKUP_IN_PROCESS_WORKER: "1",
      MOCKUP_REGISTRY_MODULE: "tests/e2e/fixtures/slow-registry.ts",
      MOCKUP_GC_EVERY_MIN: "0",
      MOCKUP_SHUTDOWN_MS: "8000",
      BLENDER_PATH: "",
    } as NodeJS.ProcessEnv;
    execFileSync(process.execPath, [path.join(ROOT, "node_modules/prisma/build/index.js"), "migrate", "deploy"], { cwd: ROOT, env, stdio: "pipe" });
    // every module URL the server process resolves, one a line (tests/helpers/import-log.mjs)
    importLog = path.join(dir, "imports.log");
    const logImports = `--import=${path.join(ROOT, "tests/helpers/import-log.mjs")}`;
    server = new ServerProcess({ ...env, IMPORT_LOG: importLog, NODE_OPTIONS: [process.env.NODE_OPTIONS, logImports].filter(Boolean).join(" ") });
    port = Number((await server.waitFor((l) => l.msg === "listening", "listening")).port);
  });

  test.afterAll(() => {
    if (server && server.child.exitCode === null) server.child.kill("SIGKILL");
  });

  test("the server starts without sharp, glTF-Transform's functions, three, meshoptimizer or gltf-validator; the first thumbnail loads sharp", async () => {
    const resolved = () => readFileSync(importLog, "utf8").split("\n").filter(Boolean);
    // the log works: the production build was loaded through it
    expect(resolved().some((u) => u.endsWith("/build/server/index.js"))).toBe(true);
    const heavy = [/\/node_modules\/sharp\//, /\/node_modules\/@gltf-transform\/functions\//, /\/node_modules\/three\//, /\/node_modules\/meshoptimizer\//, /\/node_modules\/gltf-validator\//];
    for (const h of heavy) expect(resolved().filter((u) => h.test(u)), String(h)).toEqual([]);
    // a route that needs sharp loads it when it is first hit
    const thumb = await request(port, { path: "/thumbs/library/poster" });
    expect(thumb.status).toBe(200);
    expect(resolved().some((u) => /\/node_modules\/sharp\//.test(u))).toBe(true);
  });

  test("request logs carry no secret: query parameters, headers and URLs inside them are redacted", async () => {
    const s = (name: string) => `${name}-${randomUUID()}`;
    const secrets = {
      id_token: s("idtoken"),
      hmac: s("hmac"),
      signature: s("signature"),
      session: s("session"),
      code: s("code"),
      state: s("state"),
      authorization: s("bearer"),
      accessToken: s("shpat"),
      cookie: s("cookie"),
      webhookHmac: s("whhmac"),
      custom: s("custom"),
      referer: s("referer"),
    };
    const host = Buffer.from("admin.shopify.com/store/server-spec").toString("base64url");
    const calls = [
      // an embedded admin page load as Shopify opens it, with App Bridge's bearer token and a cookie
      {
        id: "redact-admin",
        path: `/app?embedded=1&shop=${SHOP}&host=${host}&id_token=${secrets.id_token}&session=${secrets.session}`,
        headers: {
          Authorization: `Bearer ${secrets.authorization}`,
          Cookie: `shopify_app_session=${secrets.cookie}`,
          Referer: `https://admin.shopify.com/store/server-spec/apps/mockup?id_token=${secrets.referer}`,
          "X-Shopify-Access-Token": secrets.accessToken,
          "X-Custom-Token": secrets.custom,
        },
      },
      // OAuth-style parameters on a page that does not exist
      { id: "redact-oauth", path: `/nope?code=${secrets.code}&state=${secrets.state}&hmac=${secrets.hmac}&shop=${SHOP}` },
      // an app proxy call with a (wrong) signature
      { id: "redact-proxy", path: `/proxy/health?shop=${SHOP}&timestamp=1&signature=${secrets.signature}` },
    ];
    for (const c of calls) await request(port, { path: c.path, headers: { "X-Request-Id": c.id, "User-Agent": "Mozilla/5.0 server-spec", ...c.headers } });
    const body = JSON.stringify({ id: 1 });
    const forged = await request(port, { method: "POST", path: "/webhooks/app/uninstalled", headers: { ...webhookHeaders("app/uninstalled", body, secrets.webhookHmac), "X-Request-Id": "redact-webhook" }, body });
    expect(forged.status).toBe(401);

    const logged: LogLine[] = [];
    for (const id of [...calls.map((c) => c.id), "redact-webhook"]) {
      logged.push(await server.waitFor((l) => (l.req as { id?: string } | undefined)?.id === id && "res" in l, `request log ${id}`));
    }
    const admin = logged[0].req as { url: string; headers: Record<string, string> };
    expect(admin.url).toBe(`/app?embedded=1&shop=${SHOP}&host=${host}&id_token=[redacted]&session=[redacted]`);
    expect(admin.headers).toMatchObject({ authorization: "[redacted]", cookie: "[redacted]", "x-shopify-access-token": "[redacted]", "x-custom-token": "[redacted]" });
    expect(admin.headers.referer).toBe("https://admin.shopify.com/store/server-spec/apps/mockup?id_token=[redacted]");
    expect((logged[1].req as { url: string }).url).toBe(`/nope?code=[redacted]&state=[redacted]&hmac=[redacted]&shop=${SHOP}`);
    expect((logged[3].req as { headers: Record<string, string> }).headers["x-shopify-hmac-sha256"]).toBe("[redacted]");
    // and nowhere else in anything the process printed (library logs, error lines) either
    for (const [name, value] of Object.entries(secrets)) expect(server.output.includes(value), `${name} leaked into the log`).toBe(false);
  });

  test("SIGTERM during a request and a running job: the request completes, the job is released, the process exits 0", async () => {
    const events: string[] = [];
    // a product webhook starts a job; the in-process worker claims it and its first step waits
    const product = JSON.stringify({ id: 9001, admin_graphql_api_id: "gid://shopify/Product/9001", title: "Organic Tee", product_type: "T-Shirt", options: [{ name: "Color", values: ["Black"] }] });
    const headers = webhookHeaders("products/create", product);
    const created = await request(port, { method: "POST", path: "/webhooks/products/create", headers, body: product });
    expect(created.status).toBe(200);
    // recorded and answered at once; the in-process worker's webhook inbox starts the job (decision 153)
    expect(JSON.parse(created.body)).toEqual({ ok: true, queued: true });
    const handled = await server.waitFor((l) => l.msg === "webhook processed" && l.webhookId === headers["X-Shopify-Webhook-Id"], "webhook processed");
    const jobId = handled.jobId as string;
    expect(handled.outcome).toBe("job");
    await server.waitFor((l) => l.msg === "slow step started" && l.jobId === jobId, "slow step started");
    events.push("job running");

    // a request whose body is still arriving when SIGTERM comes (another shop's uninstall: it must not touch our job)
    const body = JSON.stringify({ id: 1, name: "server-spec" });
    const half = Math.floor(body.length / 2);
    let sendRest: () => void = () => undefined;
    const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request({ host: "127.0.0.1", port, method: "POST", path: "/webhooks/app/uninstalled", headers: webhookHeaders("app/uninstalled", body, undefined, "other-server-spec.myshopify.com"), agent: false }, (res) => {
        let text = "";
        res.on("data", (d) => (text += d));
        res.on("end", () => {
          events.push("response");
          resolve({ status: res.statusCode ?? 0, body: text });
        });
      });
      req.on("error", reject);
      req.write(body.slice(0, half));
      sendRest = () => req.end(body.slice(half));
    });
    await new Promise((r) => setTimeout(r, 500)); // the server has the headers and waits for the rest of the body

    server.child.kill("SIGTERM");
    await server.waitFor((l) => l.msg?.startsWith("shutting down") === true, "shutting down");
    events.push("shutting down");
    // no new requests once shutdown began: refused, or reset with the listening socket (never answered)
    const probe = await request(port, { path: "/healthz" }).then(
      (r) => `answered ${r.status}`,
      (err: NodeJS.ErrnoException) => err.code,
    );
    expect(["ECONNREFUSED", "ECONNRESET"]).toContain(probe);

    sendRest();
    const res = await response;
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ ok: true });

    await server.waitFor((l) => l.msg === "released job on shutdown", "released job on shutdown");
    events.push("job released");
    const code = await Promise.race([server.exited, new Promise<"hang">((r) => setTimeout(() => r("hang"), HANG))]);
    events.push("exited");
    expect(code).toBe(0);
    expect(server.lines.some((l) => l.msg === "stopped")).toBe(true);
    expect(events).toEqual(["job running", "shutting down", "response", "job released", "exited"]);

    // the job is queued again for another worker (or the next start), its finished steps kept
    const db = new Database(dbFile, { readonly: true });
    const job = db.prepare(`SELECT "status", "lockedBy" FROM "Job" WHERE "id" = ?`).get(jobId) as { status: string; lockedBy: string | null };
    db.close();
    expect(job).toEqual({ status: "queued", lockedBy: null });
  });
});
