/** `mockup.compose` "local": the fast compositor over decoded passes (per-process LRU). */
import type { Provider, StepInput, StepOutput, ProviderContext } from "../../pipeline/types";
import { MissingInputError } from "../../pipeline/inputs";
import { composeMockup } from "../compose/mockup";
import { sharedPassCache } from "../shared-caches";
import { composeParamsSchema, findModelInfo, findPasses } from "./params";

export const COMPOSE_VERSION = "compose-1";

export function localComposeProvider(): Provider {
  return {
    name: "local",
    capability: "mockup.compose",
    version: COMPOSE_VERSION,
    timeoutMs: 30_000,
    async run(input: StepInput, ctx: ProviderContext): Promise<StepOutput> {
      const params = composeParamsSchema.parse(input.params);
      const passOut = findPasses(input);
      if (!passOut) throw new MissingInputError("passes (assets uv, shading, mask)");
      const info = findModelInfo(input);
      const keys = { uv: passOut.assets.uv, shading: passOut.assets.shading, mask: passOut.assets.mask };
      const passes = await sharedPassCache().get(keys, params.size, async () => ({
        uv: await ctx.assets.get(keys.uv),
        shading: await ctx.assets.get(keys.shading),
        mask: await ctx.assets.get(keys.mask),
      }));
      ctx.signal.throwIfAborted();
      const design = params.designKey ? { key: params.designKey, bytes: await ctx.assets.get(params.designKey) } : null;
      let backdrop: string | Buffer | undefined = params.backdrop;
      if (backdrop && /^[0-9a-f]{64}$/.test(backdrop)) backdrop = await ctx.assets.get(backdrop);
      const m = await composeMockup({
        passes,
        printAreas: info.printAreas,
        color: params.color.hex,
        design,
        placement: params.placement,
        format: params.format,
        size: params.size,
        backdrop,
      });
      const degraded = passOut.data?.degraded === true || passOut.data?.renderer === "raster";
      const image = await ctx.assets.put(m.bytes, {
        kind: "mockup",
        mediaType: m.mediaType,
        width: m.width,
        height: m.height,
        meta: { view: params.view, color: params.color.hex, designKey: params.designKey ?? null, model: info.name, degraded },
      });
      ctx.log.debug({ image, ms: m.timings }, "mockup composed");
      return { assets: { image }, data: { width: m.width, height: m.height, view: params.view, color: params.color.hex, degraded } };
    },
  };
}
