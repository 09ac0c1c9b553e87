/** Providers find what they need among their inputs by asset name, not by the producing step's name. */
import { stepModelInfoSchema, type StepModelInfo } from "../contracts/model-info";
import type { StepInput, StepOutput } from "./types";

export class MissingInputError extends Error {
  constructor(what: string) {
    super(`step input has no ${what}`);
    this.name = "MissingInputError";
  }
}

/** The first dependency output carrying asset `name` (dependency order as listed in the spec). */
export function findInput(input: StepInput, asset: string): StepOutput | undefined {
  return Object.values(input.inputs).find((o) => asset in o.assets);
}

export function requireAsset(input: StepInput, asset: string): string {
  const found = findInput(input, asset);
  if (!found) throw new MissingInputError(`asset "${asset}"`);
  return found.assets[asset];
}

/** The first dependency output carrying `data.info` (model info), validated; undefined when there is none. */
export function findModelInfo(input: StepInput): StepModelInfo | undefined {
  const found = Object.values(input.inputs).find((o) => o.data && typeof o.data === "object" && "info" in o.data);
  return found ? stepModelInfoSchema.parse(found.data.info) : undefined;
}

/** The first dependency output with all three compositing passes (assets uv, shading, mask). */
export function findPasses(input: StepInput): StepOutput | undefined {
  return Object.values(input.inputs).find((o) => o.assets.uv && o.assets.shading && o.assets.mask);
}

export function requireModelInfo(input: StepInput): StepModelInfo {
  const info = findModelInfo(input);
  if (!info) throw new MissingInputError("model info (data.info)");
  return info;
}
