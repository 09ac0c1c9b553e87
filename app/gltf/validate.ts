/** The Khronos glTF validator, run on GLB bytes; a report with errors means the file is not web-ready. */
import { validateBytes, type ValidatorMessage } from "gltf-validator";

export interface ValidationSummary {
  errors: number;
  warnings: number;
  infos: number;
  hints: number;
  /** errors first, at most 20, as "CODE pointer: message" */
  messages: string[];
}

/** Issues that are about the validator itself, not the asset. */
const IGNORED = ["UNSUPPORTED_EXTENSION"];

export async function validateGlb(glb: Uint8Array, uri = "model.glb"): Promise<ValidationSummary> {
  const report = await validateBytes(glb, { uri, maxIssues: 100, ignoredIssues: IGNORED, writeTimestamp: false });
  const messages = [...report.issues.messages]
    .sort((a, b) => a.severity - b.severity)
    .slice(0, 20)
    .map(formatMessage);
  return {
    errors: report.issues.numErrors,
    warnings: report.issues.numWarnings,
    infos: report.issues.numInfos,
    hints: report.issues.numHints,
    messages,
  };
}

function formatMessage(m: ValidatorMessage): string {
  const where = m.pointer ?? (m.offset !== undefined ? `@${m.offset}` : "");
  return `${m.code}${where ? ` ${where}` : ""}: ${m.message}`;
}
