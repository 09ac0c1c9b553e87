/** The whole asset path on bytes: import → normalise → optimise → validate. Used by providers, CLI and bench. */
import { readModelInfo } from "./model-info";
import { importModel, type ImportOptions } from "./import";
import { normalise, type NormaliseReport } from "./normalise";
import { optimiseDocument, type OptimiseOptions, type OptimiseResult } from "./optimise";

export interface ProcessResult extends OptimiseResult {
  normalise: NormaliseReport;
}

export async function processModel(bytes: Uint8Array, options: ImportOptions & OptimiseOptions = {}): Promise<ProcessResult> {
  const { doc, upAxis } = await importModel(bytes, options);
  const productType = options.productType ?? readModelInfo(doc)?.productType ?? "other";
  const n = await normalise(doc, { upAxis, productType });
  const result = await optimiseDocument(doc, bytes.byteLength, { ...options, productType });
  return { ...result, normalise: n };
}
