/**
 * `design.cutout` providers. A batch step, never inside a request (an ML cut-out costs seconds and GBs).
 *   "imgly": the port for @imgly/background-removal-node (not installed: docs/decisions/051); available only
 *            if the package can be resolved, so installing it later needs no code change here.
 *   "flood": non-ML flood-fill of a uniform background from the edges; degraded, refuses other backgrounds.
 */
import { createRequire } from "node:module";
import type { Provider, ProviderContext, StepInput, StepOutput } from "../../pipeline/types";
import { designCutoutParamsSchema as paramsSchema } from "../../contracts/design-cutout";
import { intakeDesign } from "../intake";
import { CutoutError, floodCutout } from "./flood";

const IMGLY = "@imgly/background-removal-node";

export class NoCutoutProviderError extends Error {
  constructor() {
    super(`no local ML cut-out provider installed (${IMGLY} is not installed; see docs/decisions/051-background-removal.md)`);
    this.name = "NoCutoutProviderError";
  }
}

export function imglyInstalled(): boolean {
  try {
    createRequire(import.meta.url).resolve(IMGLY);
    return true;
  } catch {
    return false;
  }
}

async function storeCutout(ctx: ProviderContext, png: Buffer, meta: Record<string, unknown>) {
  // re-run intake: trims the now-transparent border and re-encodes like every other design
  const r = await intakeDesign(png);
  const design = await ctx.assets.put(r.png, { kind: "design", mediaType: "image/png", width: r.width, height: r.height, meta });
  return { design, width: r.width, height: r.height };
}

export function imglyCutoutProvider(): Provider {
  return {
    name: "imgly",
    capability: "design.cutout",
    version: "imgly-1",
    params: paramsSchema,
    timeoutMs: 120_000,
    isAvailable: () => imglyInstalled(),
    async run(input: StepInput, ctx: ProviderContext): Promise<StepOutput> {
      const params = paramsSchema.parse(input.params);
      if (!imglyInstalled()) throw new NoCutoutProviderError();
      const mod = (await import(/* @vite-ignore */ IMGLY)) as { removeBackground(src: Blob, cfg?: object): Promise<Blob> };
      const src = await ctx.assets.get(params.designKey);
      const blob = await mod.removeBackground(new Blob([new Uint8Array(src)], { type: "image/png" }), { output: { format: "image/png" } });
      const out = await storeCutout(ctx, Buffer.from(await blob.arrayBuffer()), { cutout: "imgly", source: params.designKey });
      return { assets: { design: out.design }, data: { method: "imgly", width: out.width, height: out.height } };
    },
  };
}

export function floodCutoutProvider(): Provider {
  return {
    name: "flood",
    capability: "design.cutout",
    version: "flood-1",
    params: paramsSchema,
    degraded: true,
    timeoutMs: 60_000,
    async run(input: StepInput, ctx: ProviderContext): Promise<StepOutput> {
      const params = paramsSchema.parse(input.params);
      const src = await ctx.assets.get(params.designKey);
      try {
        const r = await floodCutout(src, { tolerance: params.tolerance });
        const out = await storeCutout(ctx, r.png, { cutout: "flood", source: params.designKey });
        return { assets: { design: out.design }, data: { method: "flood", removed: r.removed, width: out.width, height: out.height, degraded: true } };
      } catch (err) {
        if (err instanceof CutoutError) throw err;
        throw new CutoutError(`flood cut-out failed: ${(err as Error).message}`);
      }
    },
  };
}
