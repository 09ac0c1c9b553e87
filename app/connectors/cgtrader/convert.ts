/**
 * A downloaded marketplace file → the library's GLB, through the asset processor (app/gltf): import with its
 * hostile-input checks (any of GLB, glTF, OBJ, STL, FBX), normalise (metres, Y-up, on the floor), optimise to our
 * budgets, then gltf-validator on the result. The GLB is kept uncompressed with its textures in their own format,
 * like the built-in models, so every later step (Blender 3.4 included) reads it; asset.optimize compresses for the web.
 */
import type { ModelInfo, ProductType } from "../../contracts/model-info";
import { AssetError } from "../../gltf/errors";
import { importModel } from "../../gltf/import";
import { writeModelInfo } from "../../gltf/model-info";
import { normalise } from "../../gltf/normalise";
import { optimiseDocument } from "../../gltf/optimise";
import { countTriangles } from "../../gltf/stats";
import { validateGlb, type ValidationSummary } from "../../gltf/validate";
import { getIO } from "../../gltf/io";

export const DEFAULTS = {
  /** marketplace models are often film-grade: above this they are simplified */
  triangleBudget: 60_000,
  /** largest texture side kept */
  maxTexture: 2048 as const,
  productType: "other" as ProductType,
} as const;

/** Defaults: DEFAULTS. */
export interface ConvertOptions {
  /** file name as the marketplace lists it (format detection after the magic bytes) */
  fileName: string;
  info: Omit<ModelInfo, "printAreas" | "tintMaterials" | "productType"> & { productType?: ProductType };
  /** simplify above this many triangles (default 60 000) */
  triangleBudget?: number;
  /** largest texture side, 1024 or 2048 (default 2048) */
  maxTexture?: 1024 | 2048;
}

export interface Converted {
  glb: Uint8Array;
  triangles: number;
  info: ModelInfo;
  validator: ValidationSummary;
  simplified: boolean;
}

export async function convertModel(bytes: Uint8Array, o: ConvertOptions): Promise<Converted> {
  const productType = o.info.productType ?? DEFAULTS.productType;
  const { doc, upAxis } = await importModel(bytes, { fileName: o.fileName });
  await normalise(doc, { upAxis, productType });
  // 3D only until the merchant draws a print area (library.server.ts); the model keeps its own colours
  const info: ModelInfo = { ...o.info, productType, printAreas: [], tintMaterials: [] };
  writeModelInfo(doc, info);
  const result = await optimiseDocument(doc, bytes.byteLength, {
    productType,
    triangleBudget: o.triangleBudget ?? DEFAULTS.triangleBudget,
    maxTexture: o.maxTexture ?? DEFAULTS.maxTexture,
    compress: false,
    textureFormat: "original",
    // an untextured model's UVs are where the merchant draws its print area
    keepAttributes: true,
  });
  const validator = await validateGlb(result.glb, o.fileName);
  if (validator.errors) throw new AssetError("invalid_gltf", "the converted model is not valid glTF", validator.messages);
  const triangles = countTriangles(await (await getIO()).readBinary(result.glb));
  return { glb: result.glb, triangles, info, validator, simplified: result.report.simplified };
}
