/** A ProviderContext over a real asset store, for calling providers directly. */
import pino from "pino";
import type { AssetStore } from "../../app/assets/store/types";
import type { ProviderContext } from "../../app/pipeline/types";

export function providerCtx(assets: AssetStore, progress: number[] = []): ProviderContext {
  return {
    shop: assets.shop,
    jobId: "job-test",
    stepId: "step-test",
    stepName: "test",
    attempt: 1,
    signal: new AbortController().signal,
    assets,
    log: pino({ level: "silent" }),
    progress: (f) => progress.push(f),
  };
}
