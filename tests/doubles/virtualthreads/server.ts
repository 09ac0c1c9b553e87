/**
 * A local VirtualThreads.io that speaks the assumed contract (app/connectors/virtualthreads/api.ts): garments, render
 * tasks queued → processing → done/failed, signed short-lived output URLs (one JPEG per view and a GLB), and every
 * fault of ../vendor-faults.ts on demand. Images are real (the same renderer as the Mockey double); the GLB is a
 * real glTF 2.0 binary: a plane textured with the shopper's design, built with glTF-Transform.
 */
import { createHmac, randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Document, NodeIO } from "@gltf-transform/core";
import { endHanging, injectFault, type FaultMode, type FaultSettings } from "../vendor-faults";
import { renderMockup, TEMPLATES } from "../mockey/server";

export interface VirtualThreadsDouble {
  url: string;
  apiKey: string;
  setFault(mode: FaultMode, settings?: FaultSettings): void;
  hits: Record<string, number>;
  close(): Promise<void>;
}

interface Render {
  id: string;
  polls: number;
  files: Map<string, { bytes: Buffer; type: string }>;
  views: string[];
  done?: Promise<void>;
  ready: boolean;
}

export const GARMENTS = [
  { id: "g_tee", name: "tee", views: ["front", "back", "three_quarter", "flat_lay"] },
  { id: "g_hoodie", name: "hoodie", views: ["front", "back", "three_quarter", "flat_lay"] },
];

export async function startVirtualThreadsDouble(opts: { apiKey?: string; processingPolls?: number } = {}): Promise<VirtualThreadsDouble> {
  const apiKey = opts.apiKey ?? "vt_test_key_123456";
  const secret = randomBytes(16);
  const renders = new Map<string, Render>();
  const hits: Record<string, number> = {};
  let fault: FaultMode = "none";
  let settings: FaultSettings = {};
  let base = "";
  const sign = (s: string) => createHmac("sha256", secret).update(s).digest("hex").slice(0, 32);
  const json = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };

  const server = http.createServer(async (req, res) => {
    const u = new URL(req.url ?? "/", "http://x");
    const route = u.pathname.startsWith("/out/") ? "file" : req.method === "POST" ? "render" : u.pathname === "/v1/garments" ? "garments" : "poll";
    hits[route] = (hits[route] ?? 0) + 1;
    if (route === "file") {
      const [, , id, name] = u.pathname.split("/");
      const exp = Number(u.searchParams.get("exp"));
      const file = renders.get(id)?.files.get(name);
      if (!file || u.searchParams.get("sig") !== sign(`${id}/${name}.${exp}`)) return json(res, 403, { error: "bad_signature" });
      if (exp < Date.now()) return json(res, 410, { error: "expired" });
      res.writeHead(200, { "content-type": file.type, "content-length": String(file.bytes.length) });
      return void res.end(file.bytes);
    }
    if (fault !== "none" && injectFault(fault, req, res, settings)) return;
    if (req.headers["x-api-key"] !== apiKey) return json(res, 401, { error: "unauthorized" });
    if (route === "garments") return json(res, 200, { garments: GARMENTS });
    if (route === "render") {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      let body: { garment?: string; color?: string; views?: string[]; design?: { data?: string }; size?: number };
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        return json(res, 400, { error: "bad_json" });
      }
      const g = GARMENTS.find((x) => x.id === body.garment);
      if (!g || !body.design?.data || !body.views?.length) return json(res, 422, { error: "bad_request" });
      const r: Render = { id: `rnd_${randomBytes(8).toString("hex")}`, polls: 0, files: new Map(), views: body.views, ready: false };
      r.done = (async () => {
        for (const view of body.views!) {
          const tpl = TEMPLATES.find((t) => t.product === g.name && t.view === view) ?? TEMPLATES[0];
          r.files.set(`${view}.jpg`, { bytes: await renderMockup(tpl, body.color ?? "#888888", { data: body.design!.data! }, body.size ?? 1024, "jpeg"), type: "image/jpeg" });
        }
        r.files.set("model.glb", { bytes: await designGlb(Buffer.from(body.design!.data!, "base64")), type: "model/gltf-binary" });
        r.ready = true;
      })();
      renders.set(r.id, r);
      return json(res, 202, { id: r.id, status: "queued" });
    }
    const r = renders.get(u.pathname.split("/").pop() ?? "");
    if (!r) return json(res, 404, { error: "not_found" });
    const polls = r.polls++;
    if (polls < (opts.processingPolls ?? 1) || !r.ready) return json(res, 200, { id: r.id, status: polls === 0 ? "queued" : "processing" });
    if (fault === "task_failed") return json(res, 200, { id: r.id, status: "failed", error: { code: "gpu_unavailable", message: "No renderer available" } });
    const exp = fault === "expired_result" ? Date.now() - 1000 : Date.now() + 60_000;
    const link = (name: string) => `${base}/out/${r.id}/${name}?exp=${exp}&sig=${sign(`${r.id}/${name}.${exp}`)}`;
    json(res, 200, { id: r.id, status: "done", outputs: { images: r.views.map((view) => ({ view, url: link(`${view}.jpg`) })), model: { url: link("model.glb") } } });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${base}/v1`,
    apiKey,
    hits,
    setFault(mode, s = {}) {
      fault = mode;
      settings = s;
    },
    async close() {
      endHanging();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

/** A 40 × 40 cm plane (metres) with the design as its base colour texture: small, valid glTF 2.0. */
async function designGlb(png: Buffer): Promise<Buffer> {
  const doc = new Document();
  const buffer = doc.createBuffer();
  const pos = doc.createAccessor().setType("VEC3").setArray(new Float32Array([-0.2, -0.2, 0, 0.2, -0.2, 0, 0.2, 0.2, 0, -0.2, 0.2, 0])).setBuffer(buffer);
  const uv = doc.createAccessor().setType("VEC2").setArray(new Float32Array([0, 1, 1, 1, 1, 0, 0, 0])).setBuffer(buffer);
  const idx = doc.createAccessor().setType("SCALAR").setArray(new Uint16Array([0, 1, 2, 0, 2, 3])).setBuffer(buffer);
  const tex = doc.createTexture("design").setImage(new Uint8Array(png)).setMimeType("image/png");
  const mat = doc.createMaterial("print").setBaseColorTexture(tex).setAlphaMode("BLEND");
  const prim = doc.createPrimitive().setAttribute("POSITION", pos).setAttribute("TEXCOORD_0", uv).setIndices(idx).setMaterial(mat);
  doc.createScene().addChild(doc.createNode("garment").setMesh(doc.createMesh("garment").addPrimitive(prim)));
  return Buffer.from(await new NodeIO().writeBinary(doc));
}
