/** model.fetch from the built-in library: always available, offline. */
import { modelFetchParamsSchema } from "../contracts/model-fetch";
import type { JsonObject, Provider } from "../pipeline/types";
import { AssetError } from "../gltf/errors";
import { countTriangles } from "../gltf/stats";
import { getIO } from "../gltf/io";
import { loadModel, modelNames } from "./index";

export const libraryProvider: Provider = {
  name: "local",
  capability: "model.fetch",
  version: "1",
  params: modelFetchParamsSchema,
  async run(input, ctx) {
    const p = modelFetchParamsSchema.safeParse(input.params);
    if (!p.success) throw new AssetError("malformed", `invalid model.fetch params: model must be a library name (${modelNames().join(", ")})`);
    const { glb, info, source } = await loadModel(p.data.model);
    const triangles = countTriangles(await (await getIO()).readBinary(glb));
    const key = await ctx.assets.put(glb, { kind: "glb", mediaType: "model/gltf-binary", triangles, meta: { source } });
    return { assets: { glb: key }, data: { info: info as unknown as JsonObject, source } };
  },
};

export function libraryProviders(): Provider[] {
  return [libraryProvider];
}
