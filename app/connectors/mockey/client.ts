/**
 * Mockey.ai's client: templates (cached briefly per shop), mockup and background-removal tasks, result downloads.
 * Speaks only through the shared policy (one call per HTTP exchange) and api.ts (the assumed contract).
 */
import { ConnectorFault, isConnectorFault } from "../shared/faults";
import { vendorBytes, vendorJson } from "../shared/http";
import type { ConnectorKit } from "../shared/connector";
import type { Attempt, CallContext, CallReport } from "../shared/policy";
import { awaitTask, type TaskWaitOptions } from "../shared/task";
import { authHeaders, cutoutBody, mockupBody, paths, taskSchema, templateListSchema, type Task, type Template } from "./api";

export const PROVIDER = "mockey";

export const DEFAULTS = {
  templateCacheMs: 5 * 60_000,
} as const;

/** Defaults: DEFAULTS, and the task defaults of app/connectors/shared/task.ts. */
export interface MockeyOptions extends TaskWaitOptions {
  /** how long a shop's template list is reused (default 5 min) */
  templateCacheMs?: number;
}

export interface MockeyResult {
  bytes: Buffer;
  contentType: string;
  taskId: string;
}

export class MockeyClient {
  private readonly templates = new Map<string, { at: number; list: Template[] }>();

  constructor(
    private readonly kit: ConnectorKit,
    private readonly opts: MockeyOptions = {},
  ) {}

  private get policy() {
    return this.kit.policy(PROVIDER);
  }

  private async base(shop: string) {
    const c = await this.kit.credentials(shop, "mockey");
    return { url: c.baseUrl, headers: authHeaders(c.apiKey!) };
  }

  /** The template list: the health check (one operation of its own), and where mockups find their template. */
  async listTemplates(ctx: CallContext, report?: CallReport): Promise<Template[]> {
    return this.policy.run(ctx, (call) => this.templatesWith(ctx, call), report);
  }

  private async templatesWith(ctx: CallContext, call: <U>(op: (a: Attempt) => Promise<U>) => Promise<U>): Promise<Template[]> {
    const cached = this.templates.get(ctx.shop);
    if (cached && Date.now() - cached.at < (this.opts.templateCacheMs ?? DEFAULTS.templateCacheMs)) return cached.list;
    const b = await this.base(ctx.shop);
    const res = await call((a) => vendorJson({ provider: PROVIDER, url: b.url + paths.templates, headers: b.headers, timeoutMs: a.timeoutMs, signal: a.signal, guard: this.kit.guard }, templateListSchema));
    this.templates.set(ctx.shop, { at: Date.now(), list: res.data });
    return res.data;
  }

  /** The template showing `product` from `view`; a client_error fault (not the vendor's health) when there is none. */
  private async template(ctx: CallContext, call: <U>(op: (a: Attempt) => Promise<U>) => Promise<U>, product: string, view: string): Promise<Template> {
    const list = await this.templatesWith(ctx, call);
    const t = list.find((x) => x.product.toLowerCase() === product.toLowerCase() && x.view === view);
    if (!t) throw new ConnectorFault("client_error", `${PROVIDER}: no template for ${product} / ${view} (${list.length} templates)`, { provider: PROVIDER });
    return t;
  }

  /** `verify` runs on the downloaded file inside the operation: a ConnectorFault it throws counts like any other. */
  async mockup(
    ctx: CallContext,
    req: { product: string; view: string; color: string; design: Buffer | null; size: number; format: "png" | "jpeg" | "webp" },
    report?: CallReport,
    verify?: (file: MockeyResult) => Promise<void>,
  ): Promise<MockupTaskResult> {
    // one operation from the template lookup to the download: the breaker judges the whole, not each request
    const body = async (call: <U>(op: (a: Attempt) => Promise<U>) => Promise<U>) => {
      const tpl = await this.template(ctx, call, req.product, req.view);
      return mockupBody(tpl.id, req.color, req.design, req.size, req.format);
    };
    return this.runTask(ctx, paths.mockups, paths.mockup, body, ["image/"], report, verify);
  }

  async cutout(ctx: CallContext, image: Buffer, mediaType: string, report?: CallReport, verify?: (file: MockeyResult) => Promise<void>): Promise<MockupTaskResult> {
    return this.runTask(ctx, paths.cutouts, paths.cutout, async () => cutoutBody(image, mediaType), ["image/png"], report, verify);
  }

  /**
   * Create → poll → download. An expired result URL gets one more read of the task (a fresh signed URL); a second
   * expiry is the vendor's fault.
   */
  private async runTask(
    ctx: CallContext,
    create: string,
    read: (id: string) => string,
    makeBody: (call: <U>(op: (a: Attempt) => Promise<U>) => Promise<U>) => Promise<unknown>,
    types: string[],
    report?: CallReport,
    verify?: (file: MockeyResult) => Promise<void>,
  ): Promise<MockupTaskResult> {
    const b = await this.base(ctx.shop);
    const g = this.kit.guard;
    return this.policy.run(
      ctx,
      async (call) => {
        const body = await makeBody(call);
        const created = await call((a) =>
          vendorJson({ provider: PROVIDER, method: "POST", url: b.url + create, headers: b.headers, json: body, timeoutMs: a.timeoutMs, signal: a.signal, guard: g }, taskSchema),
        );
        const poll = (a: { timeoutMs: number; signal?: AbortSignal }) =>
          vendorJson({ provider: PROVIDER, url: b.url + read(created.id), headers: b.headers, timeoutMs: a.timeoutMs, signal: a.signal, guard: g }, taskSchema);
        let task = await awaitTask(PROVIDER, ctx, call, poll, created, this.opts);
        for (let round = 0; ; round++) {
          const url = resultUrl(task);
          try {
            // the signed URL is a bearer credential of its own: our API key is not sent with it
            const file = await call((a) => vendorBytes({ provider: PROVIDER, url, timeoutMs: a.timeoutMs, signal: a.signal, guard: g, expiredOn: [403, 404, 410] }, types));
            const result = { ...file, taskId: task.id };
            await verify?.(result);
            return result;
          } catch (err) {
            if (!isConnectorFault(err) || err.fault !== "expired_result" || round > 0) throw err;
            task = await call(poll);
          }
        }
      },
      report,
    );
  }
}

export type MockupTaskResult = MockeyResult;

function resultUrl(task: Task): string {
  if (!task.result?.url) throw new ConnectorFault("malformed", `${PROVIDER}: task ${task.id.slice(0, 40)} is done but has no result URL`, { provider: PROVIDER });
  return task.result.url;
}
