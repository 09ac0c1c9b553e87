/**
 * `render.hero` "compositor": the degraded fallback for a Blender hero render, a 2D composite at the hero's
 * size from the passes (or, without a passes input, passes rasterised from the model's GLB).
 */
import type { Provider, StepInput, StepOutput, ProviderContext } from "../../pipeline/types";
import { renderHeroParamsSchema } from "../../contracts/render-hero";
import { findInput, findPasses, MissingInputError, requireModelInfo } from "../../pipeline/inputs";
import type { PassKeys } from "../passes/cache";
import type { Passes } from "../passes/format";
import { rasteriseGlb } from "../passes/rasterise";
import { composeAndStore } from "./compose-store";
import { COMPOSE_VERSION } from "./compose-local";

export function compositorHeroProvider(): Provider {
  return {
    name: "compositor",
    capability: "render.hero",
    version: COMPOSE_VERSION,
    degraded: true,
    timeoutMs: 120_000,
    params: renderHeroParamsSchema,
    async run(input: StepInput, ctx: ProviderContext): Promise<StepOutput> {
      const params = renderHeroParamsSchema.parse(input.params);
      const info = requireModelInfo(input);
      const passOut = findPasses(input);
      let passes: PassKeys | Passes;
      if (passOut) {
        passes = { uv: passOut.assets.uv, shading: passOut.assets.shading, mask: passOut.assets.mask };
      } else {
        const glbOut = findInput(input, "glb");
        if (!glbOut) throw new MissingInputError("passes or a GLB");
        const glb = await ctx.assets.get(glbOut.assets.glb);
        passes = (await rasteriseGlb(glb, { view: params.view, size: params.size, tintMaterials: info.tintMaterials })).passes;
      }
      const { image } = await composeAndStore({
        assets: ctx.assets,
        passes,
        printAreas: info.printAreas,
        color: params.color.hex,
        designKey: params.designKey,
        placement: params.placement,
        format: params.transparent && params.format === "jpeg" ? "png" : params.format,
        size: params.size,
        backdrop: params.transparent ? "transparent" : params.backdrop,
        kind: "render",
        meta: { view: params.view, color: params.color.hex, renderer: "compositor", degraded: true },
        signal: ctx.signal,
      });
      return { assets: { image }, data: { width: params.size, height: params.size, view: params.view, renderer: "compositor", degraded: true } };
    },
  };
}
