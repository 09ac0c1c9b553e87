/**
 * garment.drape when Blender is missing or failing: the library's committed garments, which our own Blender
 * scripts produced earlier (size M). Marked degraded so the merchant sees that no fresh drape ran.
 */
import { garmentDrapeParamsSchema } from "../contracts/garment-drape";
import type { JsonObject, Provider } from "../pipeline/types";
import { loadModel } from "./index";

export const committedDrapeProvider: Provider = {
  name: "library",
  capability: "garment.drape",
  version: "1",
  degraded: true,
  params: garmentDrapeParamsSchema,
  async run(input, ctx) {
    const p = garmentDrapeParamsSchema.parse(input.params);
    const { glb, info, source } = await loadModel(p.garment);
    const key = await ctx.assets.put(glb, { kind: "glb", mediaType: "model/gltf-binary", meta: { source, size: "M" } });
    ctx.log.warn({ garment: p.garment, size: p.size }, "Blender unavailable: serving the committed size-M garment");
    return { assets: { glb: key }, data: { info: info as unknown as JsonObject, size: "M", requestedSize: p.size, source } };
  },
};
