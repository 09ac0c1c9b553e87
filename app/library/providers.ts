/**
 * model.fetch from the shop's library: a built-in model (always available, offline), or a model the shop imported
 * from a marketplace (its converted GLB in the shop's asset store, with the print areas the merchant drew). An
 * import itself (params.source) is the marketplace connector's to serve, never this provider's.
 */
import { modelFetchParamsSchema } from "../contracts/model-fetch";
import type { Db } from "../db/client.server";
import type { JsonObject, Provider, StepOutput } from "../pipeline/types";
import { AssetError } from "../gltf/errors";
import { countTriangles } from "../gltf/stats";
import { getIO } from "../gltf/io";
import { writeModelInfo } from "../gltf/model-info";
import { writeGlb } from "../gltf/optimise";
import { loadModel, modelNames } from "./index";
import { importedModel, isImportedName } from "./imported.server";

export interface LibraryProviderDeps {
  /** the database holding the shop's library entries (default: the process client, loaded on first use) */
  db?(): Promise<Db> | Db;
}

export function libraryProvider(deps: LibraryProviderDeps = {}): Provider {
  const db = deps.db ?? (async () => (await import("../db/client.server")).getDb());
  return {
    name: "local",
    capability: "model.fetch",
    version: "1",
    params: modelFetchParamsSchema,
    serves: (params) => params.source === undefined,
    async run(input, ctx): Promise<StepOutput> {
      const p = modelFetchParamsSchema.safeParse(input.params);
      if (!p.success) throw new AssetError("malformed", `invalid model.fetch params: model must be a library name (${modelNames().join(", ")})`);
      if (isImportedName(p.data.model)) {
        const m = await importedModel(await db(), ctx.assets, ctx.shop, p.data.model);
        if (!m) throw new AssetError("missing_resource", `no imported model "${p.data.model}" in this shop's library`);
        // the drawn print areas travel inside the GLB too (Blender and the decal step read them there)
        const io = await getIO();
        const doc = await io.readBinary(m.glb);
        writeModelInfo(doc, m.info);
        const glb = await writeGlb(doc, { compress: false });
        const key = await ctx.assets.put(glb, { kind: "glb", mediaType: "model/gltf-binary", triangles: countTriangles(doc), meta: { source: `library:${m.info.name}` } });
        return { assets: { glb: key }, data: { info: m.info as unknown as JsonObject, source: `library:${m.info.name}`, revision: m.revision } };
      }
      const { glb, info, source } = await loadModel(p.data.model, { pose: p.data.pose });
      const triangles = countTriangles(await (await getIO()).readBinary(glb));
      const key = await ctx.assets.put(glb, { kind: "glb", mediaType: "model/gltf-binary", triangles, meta: { source } });
      return { assets: { glb: key }, data: { info: info as unknown as JsonObject, source } };
    },
  };
}

export function libraryProviders(deps: LibraryProviderDeps = {}): Provider[] {
  return [libraryProvider(deps)];
}
