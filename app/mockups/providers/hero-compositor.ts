/**
 * `render.hero` "compositor": the degraded fallback for a Blender hero render, a 2D composite at the hero's
 * size from the passes (or, without a passes input, passes rasterised from the model's GLB).
 */
import type { Provider, StepInput, StepOutput, ProviderContext } from "../../pipeline/types";
import { findInput } from "../../pipeline/inputs";
import { MissingInputError } from "../../pipeline/inputs";
import { composeMockup } from "../compose/mockup";
import type { Passes } from "../passes/format";
import { rasteriseGlb } from "../passes/rasterise";
import { sharedPassCache } from "../shared-caches";
import { findModelInfo, findPasses, heroParamsSchema } from "./params";
import { COMPOSE_VERSION } from "./compose-local";

export function compositorHeroProvider(): Provider {
  return {
    name: "compositor",
    capability: "render.hero",
    version: COMPOSE_VERSION,
    degraded: true,
    timeoutMs: 120_000,
    async run(input: StepInput, ctx: ProviderContext): Promise<StepOutput> {
      const params = heroParamsSchema.parse(input.params);
      const info = findModelInfo(input);
      const passOut = findPasses(input);
      let passes: Passes;
      if (passOut) {
        const keys = { uv: passOut.assets.uv, shading: passOut.assets.shading, mask: passOut.assets.mask };
        const load = async () => ({ uv: await ctx.assets.get(keys.uv), shading: await ctx.assets.get(keys.shading), mask: await ctx.assets.get(keys.mask) });
        passes = await sharedPassCache().get(keys, params.size, load);
      } else {
        const glbOut = findInput(input, "glb");
        if (!glbOut) throw new MissingInputError("passes or a GLB");
        const glb = await ctx.assets.get(glbOut.assets.glb);
        passes = (await rasteriseGlb(glb, { view: params.view, size: Math.min(2048, params.size), tintMaterials: info.tintMaterials })).passes;
      }
      const design = params.designKey ? { key: params.designKey, bytes: await ctx.assets.get(params.designKey) } : null;
      const format = params.transparent && params.format === "jpeg" ? "png" : params.format;
      const m = await composeMockup({
        passes,
        printAreas: info.printAreas,
        color: params.color.hex,
        design,
        placement: params.placement,
        format,
        size: params.size,
        backdrop: params.transparent ? "transparent" : "#FFFFFF",
      });
      const bytes = m.bytes;
      const image = await ctx.assets.put(bytes, {
        kind: "render",
        mediaType: `image/${format}`,
        width: params.size,
        height: params.size,
        meta: { view: params.view, color: params.color.hex, renderer: "compositor", degraded: true },
      });
      return { assets: { image }, data: { width: params.size, height: params.size, view: params.view, renderer: "compositor", degraded: true } };
    },
  };
}
