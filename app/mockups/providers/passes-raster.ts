/** `render.passes` "raster": the built-in TypeScript rasteriser, degraded (used when Blender is absent). */
import type { Provider, StepInput, StepOutput, ProviderContext } from "../../pipeline/types";
import { renderPassesParamsSchema } from "../../contracts/render-passes";
import { requireAsset, requireModelInfo } from "../../pipeline/inputs";
import { RASTER_VERSION, rasteriseGlb } from "../passes/rasterise";

export function rasterPassesProvider(): Provider {
  return {
    name: "raster",
    capability: "render.passes",
    version: RASTER_VERSION,
    degraded: true,
    timeoutMs: 120_000,
    params: renderPassesParamsSchema,
    async run(input: StepInput, ctx: ProviderContext): Promise<StepOutput> {
      const params = renderPassesParamsSchema.parse(input.params);
      const info = requireModelInfo(input);
      const glb = await ctx.assets.get(requireAsset(input, "glb"));
      const r = await rasteriseGlb(glb, { view: params.view, size: params.size, tintMaterials: info.tintMaterials });
      const meta = { view: params.view, model: info.name, renderer: "raster" };
      const png = (kind: string, bytes: Buffer) =>
        ctx.assets.put(bytes, { kind, mediaType: "image/png", width: params.size, height: params.size, meta });
      const [uv, shading, mask] = [await png("pass.uv", r.encoded.uv), await png("pass.shading", r.encoded.shading), await png("pass.mask", r.encoded.mask)];
      return {
        assets: { uv, shading, mask },
        data: { view: params.view, width: params.size, height: params.size, model: info.name, renderer: "raster", degraded: true },
      };
    },
  };
}
