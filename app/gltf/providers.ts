/**
 * Local, in-process providers for model.import, asset.optimize and asset.variants. Outputs are stored in
 * the shop's asset store; a refused input throws AssetError (non-retryable) and stores nothing.
 */
import { z } from "zod";
import { findInput, requireAsset } from "../pipeline/inputs";
import type { JsonObject, Provider, ProviderContext } from "../pipeline/types";
import { AssetError } from "./errors";
import { importModel } from "./import";
import { readModelInfo, writeModelInfo } from "./model-info";
import { normalise } from "./normalise";
import { writeGlb } from "./optimise";
import { processModel } from "./process";
import { countTriangles } from "./stats";
import { validateGlb } from "./validate";
import { addColorVariants } from "./variants";
import { assetOptimizeParamsSchema } from "../contracts/asset-optimize";
import { assetVariantsParamsSchema } from "../contracts/asset-variants";
import type { ModelInfo } from "../contracts/model-info";
import { modelImportParamsSchema } from "../contracts/model-import";

const GLB = { kind: "glb", mediaType: "model/gltf-binary" } as const;

function checkAbort(ctx: ProviderContext): void {
  if (ctx.signal.aborted) throw Object.assign(new Error("step aborted"), { name: "AbortError" });
}

function parse<T extends z.ZodType>(schema: T, params: unknown, what: string): z.infer<T> {
  const r = schema.safeParse(params);
  if (!r.success) throw new AssetError("malformed", `invalid ${what} params: ${r.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`);
  return r.data;
}

export const importProvider: Provider = {
  name: "local",
  capability: "model.import",
  version: "1",
  params: modelImportParamsSchema,
  async run(input, ctx) {
    const p = parse(modelImportParamsSchema, input.params, "model.import");
    const bytes = new Uint8Array(await ctx.assets.get(p.source));
    checkAbort(ctx);
    const { doc, upAxis, format } = await importModel(bytes, { fileName: p.fileName });
    const report = await normalise(doc, { upAxis, productType: p.productType });
    const info: ModelInfo = readModelInfo(doc) ?? {
      name: p.name,
      title: p.title,
      productType: p.productType,
      licence: p.licence,
      author: "",
      printAreas: [],
      tintMaterials: doc.getRoot().listMaterials().map((m) => m.getName()).filter(Boolean),
    };
    writeModelInfo(doc, info);
    const glb = await writeGlb(doc, { compress: false });
    const v = await validateGlb(glb);
    if (v.errors) throw new AssetError("invalid_gltf", "the imported model cannot be made valid glTF", v.messages);
    checkAbort(ctx);
    const key = await ctx.assets.put(glb, { ...GLB, triangles: countTriangles(doc) });
    return { assets: { glb: key }, data: { info: info as unknown as JsonObject, format, normalise: report as unknown as JsonObject } };
  },
};

export const optimizeProvider: Provider = {
  name: "local",
  capability: "asset.optimize",
  version: "1",
  params: assetOptimizeParamsSchema,
  async run(input, ctx) {
    const p = parse(assetOptimizeParamsSchema, input.params, "asset.optimize");
    const bytes = new Uint8Array(await ctx.assets.get(requireAsset(input, "glb")));
    checkAbort(ctx);
    const info = findInput(input, "glb")?.data.info as ModelInfo | undefined;
    const result = await processModel(bytes, { fileName: "model.glb", productType: info?.productType, maxTexture: p.maxTexture, lowDetail: p.lowDetail });
    checkAbort(ctx);
    const assets: Record<string, string> = {
      glb: await ctx.assets.put(result.glb, { ...GLB, triangles: result.report.after.triangles }),
    };
    if (result.glbLow) assets.glbLow = await ctx.assets.put(result.glbLow, { ...GLB, triangles: result.report.low?.triangles });
    return { assets, data: { report: result.report as unknown as JsonObject } };
  },
};

export const variantsProvider: Provider = {
  name: "local",
  capability: "asset.variants",
  version: "1",
  params: assetVariantsParamsSchema,
  async run(input, ctx) {
    const p = parse(assetVariantsParamsSchema, input.params, "asset.variants");
    // prefer the optimised model (its step reports data.report) over the raw one, whatever the input order
    const optimised = Object.values(input.inputs).find((o) => "glb" in o.assets && "report" in o.data);
    const bytes = new Uint8Array(await ctx.assets.get(optimised?.assets.glb ?? requireAsset(input, "glb")));
    const { doc } = await importModel(bytes, { fileName: "model.glb" });
    // the model step's info wins when the GLB lost its extras (e.g. a third-party optimiser ran)
    const stepInfo = Object.values(input.inputs).map((o) => o.data.info).find(Boolean) as ModelInfo | undefined;
    if (!readModelInfo(doc) && stepInfo) writeModelInfo(doc, stepInfo);
    const result = await addColorVariants(doc, { colors: p.colors });
    const glb = await writeGlb(doc, { compress: true });
    const v = await validateGlb(glb);
    if (v.errors) throw new AssetError("invalid_gltf", "the variant model does not pass the glTF validator", v.messages);
    checkAbort(ctx);
    const key = await ctx.assets.put(glb, { ...GLB, triangles: countTriangles(doc), meta: { variants: result.variants } });
    return { assets: { glb: key }, data: { variants: result.variants, tinted: result.tinted } };
  },
};

export function gltfProviders(): Provider[] {
  return [importProvider, optimizeProvider, variantsProvider];
}
