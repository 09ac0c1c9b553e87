/** `mockup.compose` "local": the fast compositor over decoded passes (per-process LRU). */
import type { Provider, StepInput, StepOutput, ProviderContext } from "../../pipeline/types";
import { mockupComposeParamsSchema } from "../../contracts/mockup-compose";
import { findPasses, MissingInputError, requireModelInfo } from "../../pipeline/inputs";
import { composeAndStore } from "./compose-store";

export const COMPOSE_VERSION = "compose-1";

export function localComposeProvider(): Provider {
  return {
    name: "local",
    capability: "mockup.compose",
    version: COMPOSE_VERSION,
    timeoutMs: 30_000,
    params: mockupComposeParamsSchema,
    async run(input: StepInput, ctx: ProviderContext): Promise<StepOutput> {
      const params = mockupComposeParamsSchema.parse(input.params);
      const passOut = findPasses(input);
      if (!passOut) throw new MissingInputError("passes (assets uv, shading, mask)");
      const info = requireModelInfo(input);
      const degraded = passOut.data?.degraded === true || passOut.data?.renderer === "raster";
      const { image, mockup: m } = await composeAndStore({
        assets: ctx.assets,
        passes: { uv: passOut.assets.uv, shading: passOut.assets.shading, mask: passOut.assets.mask },
        printAreas: info.printAreas,
        color: params.color.hex,
        designKey: params.designKey,
        placement: params.placement,
        format: params.format,
        size: params.size,
        backdrop: params.backdrop,
        kind: "mockup",
        meta: { view: params.view, color: params.color.hex, designKey: params.designKey ?? null, model: info.name, degraded },
        signal: ctx.signal,
      });
      ctx.log.debug({ image, ms: m.timings }, "mockup composed");
      return { assets: { image }, data: { width: m.width, height: m.height, view: params.view, color: params.color.hex, degraded } };
    },
  };
}
