/**
 * VirtualThreads.io's client: one policy operation per live render (garment lookup, task, polls, every download),
 * so the breaker judges the render, not each request. The GLB is checked (glTF 2.0 binary header, declared length)
 * and every image must decode before anything is handed back.
 */
import { ConnectorFault, isConnectorFault } from "../shared/faults";
import { vendorBytes, vendorJson } from "../shared/http";
import type { ConnectorKit } from "../shared/connector";
import type { Attempt, CallContext, CallReport } from "../shared/policy";
import { awaitTask, type TaskWaitOptions } from "../shared/task";
import { authHeaders, garmentListSchema, paths, renderBody, renderTaskSchema, type RenderTask } from "./api";

export const PROVIDER = "virtualthreads";

export interface LiveRenderRequest {
  garment: string;
  color: string;
  views: string[];
  design: Buffer;
  placement: unknown;
  size: number;
  format: "jpeg" | "png" | "webp";
}

export interface LiveRenderResult {
  images: { view: string; bytes: Buffer; contentType: string; width: number; height: number }[];
  glb: Buffer;
  taskId: string;
}

type Call = <U>(op: (a: Attempt) => Promise<U>) => Promise<U>;

export class VirtualThreadsClient {
  constructor(
    private readonly kit: ConnectorKit,
    private readonly opts: TaskWaitOptions = {},
  ) {}

  private get policy() {
    return this.kit.policy(PROVIDER);
  }

  private async base(shop: string) {
    const c = await this.kit.credentials(shop, "virtualthreads");
    return { url: c.baseUrl, headers: authHeaders(c.apiKey!) };
  }

  /** The garment list: the health check. */
  async garments(ctx: CallContext, report?: CallReport) {
    const b = await this.base(ctx.shop);
    return this.policy.call(ctx, (a) => vendorJson({ provider: PROVIDER, url: b.url + paths.garments, headers: b.headers, timeoutMs: a.timeoutMs, signal: a.signal, guard: this.kit.guard }, garmentListSchema), report);
  }

  async render(ctx: CallContext, req: LiveRenderRequest, report?: CallReport): Promise<LiveRenderResult> {
    const b = await this.base(ctx.shop);
    const g = this.kit.guard;
    return this.policy.run(
      ctx,
      async (call: Call) => {
        const list = await call((a) => vendorJson({ provider: PROVIDER, url: b.url + paths.garments, headers: b.headers, timeoutMs: a.timeoutMs, signal: a.signal, guard: g }, garmentListSchema));
        const garment = list.garments.find((x) => x.id === req.garment || x.name.toLowerCase() === req.garment.toLowerCase());
        if (!garment) throw new ConnectorFault("client_error", `${PROVIDER}: no garment "${req.garment.slice(0, 40)}"`, { provider: PROVIDER });
        const missing = req.views.filter((v) => !garment.views.includes(v));
        if (missing.length) throw new ConnectorFault("client_error", `${PROVIDER}: ${garment.name} has no view ${missing.join(", ")}`, { provider: PROVIDER });
        const body = renderBody(garment.id, req.color, req.views, req.design, req.placement, req.size, req.format);
        const created = await call((a) => vendorJson({ provider: PROVIDER, method: "POST", url: b.url + paths.renders, headers: b.headers, json: body, timeoutMs: a.timeoutMs, signal: a.signal, guard: g }, renderTaskSchema));
        const poll = (a: Attempt) => vendorJson({ provider: PROVIDER, url: b.url + paths.render(created.id), headers: b.headers, timeoutMs: a.timeoutMs, signal: a.signal, guard: g }, renderTaskSchema);
        let task = await awaitTask(PROVIDER, ctx, call, poll, created, this.opts);
        for (let round = 0; ; round++) {
          try {
            return await this.download(call, task, req);
          } catch (err) {
            // signed URLs expired before we fetched them: one fresh read of the task, then it is the vendor's fault
            if (!isConnectorFault(err) || err.fault !== "expired_result" || round > 0) throw err;
            task = await call(poll);
          }
        }
      },
      report,
    );
  }

  private async download(call: Call, task: RenderTask, req: LiveRenderRequest): Promise<LiveRenderResult> {
    const out = task.outputs;
    if (!out) throw new ConnectorFault("malformed", `${PROVIDER}: render ${task.id.slice(0, 40)} is done but has no outputs`, { provider: PROVIDER });
    const g = this.kit.guard;
    const { default: sharp } = await import("sharp");
    const images = [];
    for (const view of req.views) {
      const img = out.images.find((i) => i.view === view);
      if (!img) throw new ConnectorFault("malformed", `${PROVIDER}: render has no ${view} image`, { provider: PROVIDER });
      const file = await call((a) => vendorBytes({ provider: PROVIDER, url: img.url, timeoutMs: a.timeoutMs, signal: a.signal, guard: g, expiredOn: [403, 404, 410] }, ["image/"]));
      const meta = await sharp(file.bytes)
        .metadata()
        .catch(() => null);
      if (!meta?.width || !meta.height) throw new ConnectorFault("malformed", `${PROVIDER}: the ${view} image does not decode`, { provider: PROVIDER });
      images.push({ view, bytes: file.bytes, contentType: file.contentType, width: meta.width, height: meta.height });
    }
    const model = await call((a) => vendorBytes({ provider: PROVIDER, url: out.model.url, timeoutMs: a.timeoutMs, signal: a.signal, guard: g, expiredOn: [403, 404, 410] }, ["model/gltf-binary", "application/octet-stream"]));
    checkGlb(model.bytes);
    return { images, glb: model.bytes, taskId: task.id };
  }
}

/** A glTF 2.0 binary: magic "glTF", version 2, the header's length equal to the bytes received. */
export function checkGlb(b: Buffer): void {
  const ok = b.length >= 20 && b.readUInt32LE(0) === 0x46546c67 && b.readUInt32LE(4) === 2 && b.readUInt32LE(8) === b.length;
  if (!ok) throw new ConnectorFault("malformed", `${PROVIDER}: the model is not a glTF 2.0 binary`, { provider: PROVIDER });
}
