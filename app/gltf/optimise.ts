/**
 * Capability asset.optimize: in-process glTF-Transform passes. Geometry stays lossless (dedup, prune,
 * bitwise weld, reorder, meshopt codec on the original floats) unless a triangle budget forces
 * simplification; textures are resized and re-encoded to WebP through sharp.
 */
import type { Document } from "@gltf-transform/core";
import { EXTMeshoptCompression } from "@gltf-transform/extensions";
import { cloneDocument, dedup, prune, quantize, reorder, simplify, textureCompress, weld } from "@gltf-transform/functions";
import sharp from "sharp";
import { DEFAULTS as OPTIMIZE_PARAM_DEFAULTS } from "../contracts/asset-optimize";
import type { ProductType } from "../contracts/model-info";
import { AssetError } from "./errors";
import { getIO, MeshoptEncoder, MeshoptSimplifier } from "./io";
import { countTriangles, modelStats, type ModelStats } from "./stats";
import { validateGlb, type ValidationSummary } from "./validate";

/** Triangle budgets per product type; types not listed have none. */
export const TRIANGLE_BUDGETS: Partial<Record<ProductType, number>> = { tshirt: 10_000, hoodie: 15_000 };

export const OPTIMISE_DEFAULTS = {
  /** largest texture side, px (the asset.optimize contract's default) */
  maxTexture: OPTIMIZE_PARAM_DEFAULTS.maxTexture,
  /** product type when the caller names none (no triangle budget) */
  productType: "other" as ProductType,
  lowDetail: OPTIMIZE_PARAM_DEFAULTS.lowDetail,
  /** EXT_meshopt_compression */
  compress: true,
  /** geometry stays lossless */
  quantize: false,
  textureFormat: "webp" as "webp" | "original",
  /** WebP quality 1–100 */
  webpQuality: 85,
  /** WebP encoder effort 0–6 (effort 4+ costs ~4× the time for ~3 % less) */
  webpEffort: 2,
  keepAttributes: false,
  /** the low-detail version: its share of the triangles, its floor, and its largest texture side */
  lowTriangleShare: 0.25,
  lowMinTriangles: 500,
  lowMaxTexture: 512,
} as const;

/** Defaults: OPTIMISE_DEFAULTS. */
export interface OptimiseOptions {
  /** largest texture side: 1024 (default OPTIMISE_DEFAULTS.maxTexture) or 2048. Smaller textures are never enlarged. */
  maxTexture?: 1024 | 2048;
  /** simplify only above this many triangles. Default: the product type's budget, else none. */
  triangleBudget?: number;
  /** product type, for its triangle budget. Default OPTIMISE_DEFAULTS.productType ("other"). */
  productType?: ProductType;
  /** also build a low-detail version (¼ triangles, 512² textures) for mobile. Default OPTIMISE_DEFAULTS.lowDetail (false). */
  lowDetail?: boolean;
  /** meshopt compression (EXT_meshopt_compression). Default OPTIMISE_DEFAULTS.compress (true); false for clients without it (Blender 3.4). */
  compress?: boolean;
  /** quantize vertex attributes (lossy, smaller). Default OPTIMISE_DEFAULTS.quantize (false): geometry stays lossless. */
  quantize?: boolean;
  /** "webp" (default OPTIMISE_DEFAULTS.textureFormat) re-encodes textures to WebP; "original" only resizes them (for clients without WebP, e.g. Blender 3.4). */
  textureFormat?: "webp" | "original";
  /** WebP quality 1–100. Default OPTIMISE_DEFAULTS.webpQuality (85). */
  webpQuality?: number;
  /** WebP encoder effort 0–6. Default OPTIMISE_DEFAULTS.webpEffort (2). */
  webpEffort?: number;
  /**
   * keep vertex attributes no material reads (an untextured model's TEXCOORD_0, which a print area is drawn on).
   * Default OPTIMISE_DEFAULTS.keepAttributes (false): prune drops them.
   */
  keepAttributes?: boolean;
}

export interface OptimiseReport {
  before: ModelStats;
  after: ModelStats;
  low?: ModelStats;
  simplified: boolean;
  validator: ValidationSummary;
}

export interface OptimiseResult {
  glb: Uint8Array;
  glbLow?: Uint8Array;
  report: OptimiseReport;
}

/** Optimises a normalised document in place and writes it; refuses output the validator rejects. */
export async function optimiseDocument(doc: Document, inputBytes: number, options: OptimiseOptions = {}): Promise<OptimiseResult> {
  const maxTexture = options.maxTexture ?? OPTIMISE_DEFAULTS.maxTexture;
  if (maxTexture !== 1024 && maxTexture !== 2048) throw new AssetError("budget", "maxTexture must be 1024 or 2048");
  const budget = options.triangleBudget ?? TRIANGLE_BUDGETS[options.productType ?? OPTIMISE_DEFAULTS.productType];
  const before = await modelStats(doc, inputBytes);
  const lowSource = (options.lowDetail ?? OPTIMISE_DEFAULTS.lowDetail) ? cloneDocument(doc) : undefined;
  const keepAttributes = options.keepAttributes ?? OPTIMISE_DEFAULTS.keepAttributes;

  await doc.transform(dedup(), prune({ keepExtras: true, keepAttributes }), weld());
  const simplified = budget !== undefined && countTriangles(doc) > budget ? await simplifyTo(doc, budget) : false;
  await compressTextures(doc, maxTexture, options);

  const glb = await writeGlb(doc, options);
  const validator = await validateGlb(glb);
  if (validator.errors > 0) throw new AssetError("invalid_gltf", "the optimised model does not pass the glTF validator", validator.messages);
  const after = await modelStats(doc, glb.byteLength);

  let glbLow: Uint8Array | undefined;
  let low: ModelStats | undefined;
  if (lowSource) {
    await lowSource.transform(dedup(), prune({ keepExtras: true, keepAttributes }), weld());
    const lowBudget = Math.floor(Math.min(countTriangles(lowSource), budget ?? Infinity) * OPTIMISE_DEFAULTS.lowTriangleShare);
    await simplifyTo(lowSource, Math.max(OPTIMISE_DEFAULTS.lowMinTriangles, lowBudget), false);
    await compressTextures(lowSource, OPTIMISE_DEFAULTS.lowMaxTexture, options);
    glbLow = await writeGlb(lowSource, options);
    const v = await validateGlb(glbLow);
    if (v.errors > 0) throw new AssetError("invalid_gltf", "the low-detail model does not pass the glTF validator", v.messages);
    low = await modelStats(lowSource, glbLow.byteLength);
  }
  return { glb, glbLow, report: { before, after, low, simplified, validator } };
}

/** meshoptimizer's simplifier, tightened step by step until the budget holds (UV seams and borders kept). */
async function simplifyTo(doc: Document, budget: number, strict = true): Promise<boolean> {
  const start = countTriangles(doc);
  if (start <= budget) return false;
  // The error bound is loosened step by step: messy scans need more freedom than clean garment meshes.
  for (const error of [0.01, 0.03, 0.1, 1]) {
    const ratio = (budget / countTriangles(doc)) * 0.95;
    await doc.transform(simplify({ simplifier: MeshoptSimplifier, ratio, error, lockBorder: false }));
    if (countTriangles(doc) <= budget) break;
  }
  if (strict && countTriangles(doc) > budget) {
    throw new AssetError("budget", `could not simplify below ${budget} triangles (still ${countTriangles(doc)})`);
  }
  return true;
}

async function compressTextures(doc: Document, maxSide: number, options: OptimiseOptions): Promise<void> {
  if (!doc.getRoot().listTextures().length) return;
  await doc.transform(
    textureCompress({
      encoder: sharp,
      ...((options.textureFormat ?? OPTIMISE_DEFAULTS.textureFormat) === "original" ? {} : { targetFormat: "webp" as const }),
      resize: [maxSide, maxSide],
      quality: options.webpQuality ?? OPTIMISE_DEFAULTS.webpQuality,
      // the effort scale is WebP's (0–6); PNG's is 1–10, so "original" keeps sharp's defaults
      effort: (options.textureFormat ?? OPTIMISE_DEFAULTS.textureFormat) === "original" ? undefined : (options.webpEffort ?? OPTIMISE_DEFAULTS.webpEffort),
    }),
  );
}

export async function writeGlb(doc: Document, options: Pick<OptimiseOptions, "compress" | "quantize"> = {}): Promise<Uint8Array> {
  const compress = options.compress ?? OPTIMISE_DEFAULTS.compress;
  // Draco input was decoded on read; output geometry is meshopt (or plain), never re-encoded with Draco.
  doc.getRoot().listExtensionsUsed().find((e) => e.extensionName === "KHR_draco_mesh_compression")?.dispose();
  if (options.quantize ?? OPTIMISE_DEFAULTS.quantize) await doc.transform(quantize());
  if (compress) {
    await MeshoptEncoder.ready;
    await doc.transform(reorder({ encoder: MeshoptEncoder }));
    doc.createExtension(EXTMeshoptCompression).setRequired(true).setEncoderOptions({ method: EXTMeshoptCompression.EncoderMethod.QUANTIZE });
  } else {
    doc.getRoot().listExtensionsUsed().find((e) => e.extensionName === EXTMeshoptCompression.EXTENSION_NAME)?.dispose();
  }
  const io = await getIO();
  return io.writeBinary(doc);
}
