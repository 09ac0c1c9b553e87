/** The whole asset path on bytes or a file: import → normalise → optimise → validate. Used by providers, CLI and bench. */
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { AssetError } from "./errors";
import { readModelInfo } from "./model-info";
import { importModel, type ImportOptions } from "./import";
import { normalise, type NormaliseReport } from "./normalise";
import { optimiseDocument, type OptimiseOptions, type OptimiseResult } from "./optimise";
import { DEFAULT_LIMITS } from "./limits";
import { folderResources } from "./resources";
import { detectFormat } from "./sniff";
import { validateGlb } from "./validate";

export interface ProcessResult extends OptimiseResult {
  normalise: NormaliseReport;
}

export async function processModel(bytes: Uint8Array, options: ImportOptions & OptimiseOptions = {}): Promise<ProcessResult> {
  const { doc, upAxis } = await importModel(bytes, options);
  const productType = options.productType ?? readModelInfo(doc)?.productType ?? "other";
  try {
    const n = await normalise(doc, { upAxis, productType });
    const result = await optimiseDocument(doc, bytes.byteLength, { ...options, productType });
    return { ...result, normalise: n };
  } catch (err) {
    // an input that cannot be made valid: lead with what the validator says about the input itself
    if (err instanceof AssetError && err.code === "invalid_gltf" && detectFormat(bytes, options.fileName) === "glb") {
      const input = await validateGlb(bytes, options.fileName);
      throw new AssetError("invalid_gltf", "the model cannot be made valid glTF", [...input.messages.map((m) => `input: ${m}`), ...err.details.map((m) => `output: ${m}`)]);
    }
    throw err;
  }
}

/**
 * processModel on a file: side files (glTF buffers, OBJ's MTL and textures) may come from its folder only,
 * and an oversized file is refused before it is read.
 */
export async function processFile(file: string, options: Omit<ImportOptions, "fileName" | "resources"> & OptimiseOptions = {}): Promise<ProcessResult> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const st = await stat(file);
  if (!st.isFile()) throw new AssetError("malformed", `${file} is not a file`);
  if (st.size > limits.maxFileBytes) throw new AssetError("too_large", `model is ${st.size} bytes (limit ${limits.maxFileBytes})`);
  const bytes = new Uint8Array(await readFile(file));
  return processModel(bytes, { ...options, fileName: path.basename(file), resources: folderResources(path.dirname(file), limits.maxFileBytes) });
}
