/**
 * A local Mockey.ai that speaks the assumed contract (app/connectors/mockey/api.ts) and fails on demand: tasks go
 * queued → processing → done (or failed), result URLs are signed and expire, and `setFault(mode)` switches on any
 * of the faults in ../vendor-faults.ts for the API routes. It renders real images with sharp (a garment
 * silhouette in the colour, the design in the template's print area), so what a test stores can be looked at.
 * Started by tests and by `mockup demo --vendors local` on 127.0.0.1.
 */
import { createHmac, randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import sharp, { type OverlayOptions } from "sharp";
import { endHanging, injectFault, type FaultMode, type FaultSettings } from "../vendor-faults";

export interface MockeyDoubleOptions {
  apiKey?: string;
  /** polls a task answers "processing" before it is done (default 1) */
  processingPolls?: number;
  /** how long a result URL stays valid (default 60 s) */
  resultTtlMs?: number;
  port?: number;
}

export interface MockeyDouble {
  /** base URL to put in the shop's settings (http://127.0.0.1:PORT/v1) */
  url: string;
  apiKey: string;
  setFault(mode: FaultMode, settings?: FaultSettings): void;
  /** requests per route ("templates", "create", "poll", "result", "cutout", "cutout-poll") */
  hits: Record<string, number>;
  reset(): void;
  close(): Promise<void>;
}

export const TEMPLATES = ["tee", "hoodie"].flatMap((product) =>
  ["front", "back", "three_quarter", "flat_lay"].map((view) => ({
    id: `tpl_${product}_${view}`,
    name: `${product} ${view}`.replace("_", " "),
    product,
    view,
    print_area: { x: 0.34, y: product === "hoodie" ? 0.34 : 0.28, width: 0.32, height: 0.3 },
  })),
);

interface DoubleTask {
  id: string;
  kind: "mockup" | "cutout";
  polls: number;
  body: Record<string, unknown>;
  output?: Buffer;
  mediaType?: string;
  work?: Promise<void>;
  failed?: string;
}

export async function startMockeyDouble(opts: MockeyDoubleOptions = {}): Promise<MockeyDouble> {
  const apiKey = opts.apiKey ?? "mky_test_key_123456";
  const secret = randomBytes(16);
  const tasks = new Map<string, DoubleTask>();
  const hits: Record<string, number> = {};
  let fault: FaultMode = "none";
  let faultSettings: FaultSettings = {};
  let base = "";

  const sign = (id: string, exp: number) => createHmac("sha256", secret).update(`${id}.${exp}`).digest("hex").slice(0, 32);

  const json = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };

  async function readBody(req: http.IncomingMessage): Promise<Record<string, unknown>> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    try {
      return JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
    } catch {
      return {};
    }
  }

  function taskView(t: DoubleTask) {
    if (t.polls < (opts.processingPolls ?? 1) || (!t.output && !t.failed)) return { id: t.id, status: t.polls === 0 ? "queued" : "processing" };
    if (t.failed) return { id: t.id, status: "failed", error: { code: t.failed } };
    if (fault === "task_failed") return { id: t.id, status: "failed", error: { code: "render_failed", message: "The renderer could not place the design" } };
    // expired_result: the URL handed out is already past its expiry
    const exp = fault === "expired_result" ? Date.now() - 1000 : Date.now() + (opts.resultTtlMs ?? 60_000);
    return {
      id: t.id,
      status: "done",
      result: { url: `${base}/files/${t.id}?exp=${exp}&sig=${sign(t.id, exp)}`, expires_at: new Date(exp).toISOString(), media_type: t.mediaType },
    };
  }

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const route = routeOf(req.method ?? "GET", url.pathname);
    hits[route] = (hits[route] ?? 0) + 1;

    if (route === "result") {
      // the signed result URL: no API key, the signature and the expiry are the credential
      const id = url.pathname.split("/").pop() ?? "";
      const exp = Number(url.searchParams.get("exp"));
      const t = tasks.get(id);
      if (!t?.output || url.searchParams.get("sig") !== sign(id, exp)) return json(res, 403, { error: "bad_signature" });
      if (exp < Date.now()) return json(res, 410, { error: "expired", message: "The result URL has expired" });
      res.writeHead(200, { "content-type": t.mediaType ?? "image/png", "content-length": String(t.output.length) });
      return void res.end(t.output);
    }
    if (fault !== "none" && injectFault(fault, req, res, faultSettings)) return;
    if (req.headers.authorization !== `Bearer ${apiKey}`) return json(res, 401, { error: "unauthorized", message: "Invalid API key" });

    if (route === "templates") return json(res, 200, { data: TEMPLATES });
    if (route === "create" || route === "cutout") {
      const body = await readBody(req);
      const t: DoubleTask = { id: `tsk_${randomBytes(8).toString("hex")}`, kind: route === "create" ? "mockup" : "cutout", polls: 0, body };
      if (t.kind === "mockup" && !TEMPLATES.some((x) => x.id === body.template_id)) return json(res, 422, { error: "unknown_template" });
      if (t.kind === "cutout" && !(body.image as { data?: string } | undefined)?.data) return json(res, 422, { error: "missing_image" });
      // the work runs after the answer, as a real task queue's would; polls say "processing" until it is done
      t.work = (async () => {
        try {
          if (t.kind === "mockup") {
            const tpl = TEMPLATES.find((x) => x.id === body.template_id)!;
            const format = String(body.format ?? "png");
            t.output = await renderMockup(tpl, String(body.color ?? "#888888"), body.design as { data: string } | undefined, Number(body.size) || 1024, format);
            t.mediaType = `image/${format}`;
          } else {
            t.output = await removeBackground(Buffer.from((body.image as { data: string }).data, "base64"));
            t.mediaType = "image/png";
          }
        } catch {
          t.failed = "unreadable_image";
        }
      })();
      tasks.set(t.id, t);
      return json(res, 202, { id: t.id, status: "queued" });
    }
    if (route === "poll" || route === "cutout-poll") {
      const t = tasks.get(url.pathname.split("/").pop() ?? "");
      if (!t) return json(res, 404, { error: "not_found" });
      const view = taskView(t);
      t.polls++;
      return json(res, 200, view);
    }
    json(res, 404, { error: "not_found" });
  });
  await new Promise<void>((r) => server.listen(opts.port ?? 0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: `${base}/v1`,
    apiKey,
    hits,
    setFault(mode, settings = {}) {
      fault = mode;
      faultSettings = settings;
    },
    reset() {
      fault = "none";
      for (const k of Object.keys(hits)) delete hits[k];
    },
    async close() {
      endHanging();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

function routeOf(method: string, path: string): string {
  if (path.startsWith("/files/")) return "result";
  if (method === "GET" && path === "/v1/templates") return "templates";
  if (method === "POST" && path === "/v1/mockups") return "create";
  if (method === "GET" && path.startsWith("/v1/mockups/")) return "poll";
  if (method === "POST" && path === "/v1/background-removals") return "cutout";
  if (method === "GET" && path.startsWith("/v1/background-removals/")) return "cutout-poll";
  return "other";
}

/** A flat-lay style template: studio backdrop, the garment's silhouette in the colour, the design in the print area. */
export async function renderMockup(tpl: (typeof TEMPLATES)[number], color: string, design: { data: string } | undefined, size: number, format: string): Promise<Buffer> {
  const hex = /^#[0-9a-fA-F]{6}$/.test(color) ? color : "#888888";
  const s = size;
  const hood = tpl.product === "hoodie";
  const body = hood
    ? `M${0.3 * s},${0.2 * s} Q${0.5 * s},${0.08 * s} ${0.7 * s},${0.2 * s} L${0.9 * s},${0.36 * s} L${0.86 * s},${0.62 * s} L${0.76 * s},${0.58 * s} L${0.76 * s},${0.9 * s} L${0.24 * s},${0.9 * s} L${0.24 * s},${0.58 * s} L${0.14 * s},${0.62 * s} L${0.1 * s},${0.36 * s} Z`
    : `M${0.36 * s},${0.14 * s} Q${0.5 * s},${0.22 * s} ${0.64 * s},${0.14 * s} L${0.88 * s},${0.26 * s} L${0.8 * s},${0.42 * s} L${0.72 * s},${0.38 * s} L${0.72 * s},${0.88 * s} L${0.28 * s},${0.88 * s} L${0.28 * s},${0.38 * s} L${0.2 * s},${0.42 * s} L${0.12 * s},${0.26 * s} Z`;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${s}" height="${s}">
    <defs><radialGradient id="bg" cx="50%" cy="40%" r="75%"><stop offset="0" stop-color="#fafafa"/><stop offset="1" stop-color="#dcdcdc"/></radialGradient>
    <linearGradient id="shade" x1="0" x2="1"><stop offset="0" stop-color="#000" stop-opacity="0.18"/><stop offset="0.5" stop-color="#fff" stop-opacity="0.06"/><stop offset="1" stop-color="#000" stop-opacity="0.2"/></linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#bg)"/>
    <path d="${body}" fill="${hex}" stroke="#000" stroke-opacity="0.25" stroke-width="${s / 300}"/>
    <path d="${body}" fill="url(#shade)"/></svg>`;
  const layers: OverlayOptions[] = [];
  if (design?.data) {
    const a = tpl.print_area;
    const w = Math.round(a.width * s);
    const h = Math.round(a.height * s);
    const art = await sharp(Buffer.from(design.data, "base64")).resize(w, h, { fit: "inside" }).png().toBuffer();
    const m = await sharp(art).metadata();
    layers.push({ input: art, left: Math.round(a.x * s + (w - (m.width ?? w)) / 2), top: Math.round(a.y * s) });
  }
  const img = sharp(Buffer.from(svg)).composite(layers);
  return format === "jpeg" ? img.jpeg({ quality: 90 }).toBuffer() : format === "webp" ? img.webp().toBuffer() : img.png().toBuffer();
}

/** Pixels close to the corner colour become transparent: enough to look like a background removal. */
async function removeBackground(src: Buffer): Promise<Buffer> {
  const { data, info } = await sharp(src).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const [r0, g0, b0] = [data[0], data[1], data[2]];
  for (let i = 0; i < data.length; i += 4) {
    if (Math.abs(data[i] - r0) + Math.abs(data[i + 1] - g0) + Math.abs(data[i + 2] - b0) < 40) data[i + 3] = 0;
  }
  return sharp(data, { raw: { width: info.width, height: info.height, channels: 4 } }).png().toBuffer();
}
