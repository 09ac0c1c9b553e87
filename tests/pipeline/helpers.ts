/** Test fixtures for the orchestrator: a migrated DB, a blob dir, scripted providers, quick policies. */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ShopAssetStore } from "../../app/assets/store/asset-store.server";
import { LocalDiskBlobStore } from "../../app/assets/store/local-disk";
import { InProcessQueue } from "../../app/pipeline/queue/in-process";
import { ProviderRegistry, type RegistryOptions } from "../../app/pipeline/registry";
import type { Provider, ProviderContext, StepInput, StepOutput } from "../../app/pipeline/types";
import { Worker, type WorkerOptions } from "../../app/pipeline/worker";
import { createTestDb, type TestDb } from "../helpers/db";

export const SHOP = "test-shop.myshopify.com";

export interface Fixture {
  t: TestDb;
  blobs: LocalDiskBlobStore;
  queue: InProcessQueue;
  registry(opts?: RegistryOptions): ProviderRegistry;
  worker(registry: ProviderRegistry, opts?: Partial<WorkerOptions>): Worker;
  close(): Promise<void>;
}

export async function fixture(): Promise<Fixture> {
  const t = await createTestDb();
  const dir = mkdtempSync(path.join(os.tmpdir(), "pipeline-blobs-"));
  const blobs = new LocalDiskBlobStore(dir);
  const queue = new InProcessQueue();
  const workers: Worker[] = [];
  return {
    t,
    blobs,
    queue,
    registry: (opts) => new ProviderRegistry({ maxAttempts: 3, initialDelayMs: 1, maxDelayMs: 5, halfOpenAfterMs: 200, breakerThreshold: 3, defaultTimeoutMs: 5000, ...opts }),
    worker(registry, opts) {
      const w = new Worker({
        db: t.db,
        registry,
        queue,
        assetsFor: (shop) => new ShopAssetStore(shop, t.db, blobs),
        pollMs: 50,
        heartbeatMs: 100,
        staleAfterMs: 2000,
        ...opts,
      });
      workers.push(w);
      return w;
    },
    async close() {
      await Promise.all(workers.map((w) => w.stop({ graceMs: 0 })));
      await t.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type Behaviour = (input: StepInput, ctx: ProviderContext, call: number) => Promise<StepOutput> | StepOutput;

/** A provider that records its calls and does what `behave` says. */
export function scripted(name: string, capability: string, behave: Behaviour, extra: Partial<Provider> = {}) {
  const calls: { step: string; attempt: number; params: StepInput["params"] }[] = [];
  const provider: Provider & { calls: typeof calls } = {
    name,
    capability,
    version: "1",
    calls,
    async run(input, ctx) {
      calls.push({ step: ctx.stepName, attempt: ctx.attempt, params: input.params });
      return behave(input, ctx, calls.length);
    },
    ...extra,
  };
  return provider;
}

export const ok = (data: Record<string, string | number> = {}): StepOutput => ({ assets: {}, data });

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(t);
      reject(Object.assign(new Error("aborted"), { name: "AbortError" }));
    });
  });
}
