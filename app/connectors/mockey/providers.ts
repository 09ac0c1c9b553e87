/**
 * Mockey.ai behind two capability ports: `mockup.compose` "mockey" (a template mockup of the design on the model in a
 * colour) and `design.cutout` "mockey" (background removal). Both are skipped for a shop without a Mockey base URL
 * and key; both own their resilience (the shared policy), so the registry runs them once under `timeoutMs`.
 * The vendor's image is checked (sharp must decode it), brought to the size and format the step asked for, and
 * stored in the shop's asset store like any local result.
 */
import { designCutoutParamsSchema } from "../../contracts/design-cutout";
import { mockupComposeParamsSchema } from "../../contracts/mockup-compose";
import { requireModelInfo } from "../../pipeline/inputs";
import type { Provider, ProviderContext } from "../../pipeline/types";
import { isConfigured } from "../shared/connector";
import { resolveKit, type KitSource } from "../shared/default-kit.server";
import { ConnectorFault } from "../shared/faults";
import type { CallReport } from "../shared/policy";
import { MockeyClient, PROVIDER, type MockeyOptions } from "./client";

export const MOCKEY_VERSION = "mockey-1";

export const DEFAULTS = {
  /** the registry's deadline for one step: a task's wait plus a few HTTP exchanges */
  stepTimeoutMs: 90_000,
} as const;

/** Defaults: DEFAULTS and MockeyOptions' own. */
export interface MockeyProviderOptions extends MockeyOptions {
  stepTimeoutMs?: number;
}

export function mockeyProviders(kitSource: KitSource, opts: MockeyProviderOptions = {}): Provider[] {
  let client: MockeyClient | undefined;
  const get = () => (client ??= new MockeyClient(resolveKit(kitSource), opts));
  const available = (shop: string) => isConfigured(resolveKit(kitSource), shop, "mockey");
  const base = { name: PROVIDER, version: MOCKEY_VERSION, ownsResilience: true, timeoutMs: opts.stepTimeoutMs ?? DEFAULTS.stepTimeoutMs, isAvailable: available };

  const compose: Provider = {
    ...base,
    capability: "mockup.compose",
    params: mockupComposeParamsSchema,
    async run(input, ctx) {
      const params = mockupComposeParamsSchema.parse(input.params);
      const info = requireModelInfo(input);
      const design = params.designKey ? await ctx.assets.get(params.designKey) : null;
      const report = newReport();
      const res = await get().mockup(callCtx(ctx), { product: info.name, view: params.view, color: params.color.hex, design, size: params.size, format: params.format }, report, isImage);
      const img = await normalise(res.bytes, params.size, params.format, params.backdrop);
      const image = await ctx.assets.put(img.bytes, { kind: "mockup", mediaType: img.mediaType, meta: { view: params.view, color: params.color.hex, designKey: params.designKey ?? null, model: info.name, vendor: PROVIDER, task: res.taskId } });
      return {
        assets: { image },
        data: { width: img.width, height: img.height, view: params.view, color: params.color.hex, degraded: false, vendor: PROVIDER, vendorAttempts: report.attempts, vendorFaults: report.faults.join(",") },
      };
    },
  };

  const cutout: Provider = {
    ...base,
    capability: "design.cutout",
    params: designCutoutParamsSchema,
    async run(input, ctx) {
      const params = designCutoutParamsSchema.parse(input.params);
      const info = await ctx.assets.info(params.designKey);
      const src = await ctx.assets.get(params.designKey);
      let meta: { width: number; height: number } | undefined;
      const res = await get().cutout(callCtx(ctx), src, info?.mediaType ?? "image/png", newReport(), async (file) => {
        const { default: sharp } = await import("sharp");
        const m = await sharp(file.bytes)
          .metadata()
          .catch(() => null);
        if (!m?.width || !m.height || m.format !== "png") throw imageFault("the cut-out is not a PNG");
        if (!m.hasAlpha) throw imageFault("the cut-out has no transparency");
        meta = { width: m.width, height: m.height };
      });
      if (!meta) throw imageFault("the cut-out was not checked");
      const design = await ctx.assets.put(res.bytes, { kind: "design", mediaType: "image/png", meta: { cutout: PROVIDER, from: params.designKey } });
      return { assets: { design }, data: { method: PROVIDER, width: meta.width, height: meta.height } };
    },
  };
  return [compose, cutout];
}

const newReport = (): CallReport => ({ attempts: 0, faults: [], delays: [] });
const callCtx = (ctx: ProviderContext) => ({ shop: ctx.shop, signal: ctx.signal });


/** An answer that decodes to no usable image is the vendor's fault, counted like a malformed JSON answer. */
const imageFault = (why: string) => new ConnectorFault("malformed", `${PROVIDER}: ${why}`, { provider: PROVIDER });

async function isImage(file: { bytes: Buffer }): Promise<void> {
  const { default: sharp } = await import("sharp");
  const meta = await sharp(file.bytes)
    .metadata()
    .catch(() => null);
  if (!meta?.width || !meta.height) throw imageFault("the result is not an image");
}

/** The vendor's image at the size and format the step asked for (re-encoded only when it differs). */
async function normalise(bytes: Buffer, size: number, format: "png" | "jpeg" | "webp", backdrop?: string) {
  const { default: sharp } = await import("sharp");
  const meta = await sharp(bytes).metadata();
  const mediaType = `image/${format}`;
  if (meta.width === size && meta.height === size && meta.format === format) return { bytes, mediaType, width: size, height: size };
  const flat = format === "jpeg" || (backdrop !== undefined && backdrop !== "transparent" && backdrop.startsWith("#"));
  const bg = backdrop?.startsWith("#") ? backdrop : "#ffffff";
  let img = sharp(bytes).resize(size, size, { fit: "contain", background: flat ? bg : { r: 0, g: 0, b: 0, alpha: 0 } });
  if (flat) img = img.flatten({ background: bg });
  const out = await img.toFormat(format, format === "jpeg" ? { quality: 88, mozjpeg: true } : {}).toBuffer();
  return { bytes: out, mediaType, width: size, height: size };
}
