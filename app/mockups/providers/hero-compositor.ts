/**
 * `render.hero` "compositor": the degraded fallback for a Blender hero render, a 2D composite at the hero's
 * size from the passes (or, without a passes input, passes rasterised from the model's GLB).
 */
import sharp from "sharp";
import type { Provider, StepInput, StepOutput, ProviderContext } from "../../pipeline/types";
import { findInput } from "../../pipeline/inputs";
import { MissingInputError } from "../../pipeline/inputs";
import { composeMockup } from "../compose/mockup";
import { decodePasses, passesAtSize, type Passes } from "../passes/format";
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
        const full = await sharedPassCache().get(keys, 2048, load).catch(async () => decodePasses(await load()));
        passes = full.width >= params.size * 2 && full.width % 2 === 0 ? passesAtSize(full, full.width / 2) : full;
      } else {
        const glbOut = findInput(input, "glb");
        if (!glbOut) throw new MissingInputError("passes or a GLB");
        const glb = await ctx.assets.get(glbOut.assets.glb);
        passes = (await rasteriseGlb(glb, { view: params.view, size: 2048, tintMaterials: info.tintMaterials })).passes;
      }
      const design = params.designKey ? { key: params.designKey, bytes: await ctx.assets.get(params.designKey) } : null;
      const format = params.transparent && params.format === "jpeg" ? "png" : params.format;
      const m = await composeMockup({
        passes,
        printAreas: info.printAreas,
        color: params.color.hex,
        design,
        placement: params.placement,
        format: "png",
        backdrop: params.transparent ? "transparent" : "#FFFFFF",
      });
      let bytes = m.bytes;
      if (m.width !== params.size) bytes = await sharp(bytes).resize(params.size, params.size, { kernel: "lanczos3" }).toFormat(format).toBuffer();
      else if (format !== "png") bytes = await sharp(bytes).toFormat(format).toBuffer();
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
