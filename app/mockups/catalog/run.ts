/**
 * Runs a catalog: every (design × colour × view × model) mockup, each cached by its key (pass keys + design
 * key + params + compositor version) so a re-run computes nothing new. Work is spread over a worker-thread
 * pool; one failed mockup fails only its own item.
 */
import { createHash } from "node:crypto";
import type { AssetStore } from "../../assets/store/types";
import type { PrintArea } from "../../contracts/print-area";
import type { View } from "../../contracts/view";
import { placementSchema, type PlacementInput } from "../../contracts/placement";
import type { MockupFormat, MockupSize } from "../compose/mockup";
import { COMPOSE_VERSION } from "../providers/compose-local";
import type { MockupCache } from "./cache";
import { CatalogPool } from "./pool";
import { runTask } from "./run-task";
import type { MockupTask, TaskResult } from "./task";

export interface CatalogItem {
  model: string;
  view: View;
  passKeys: { uv: string; shading: string; mask: string };
  printAreas: PrintArea[];
  design: { key: string; name?: string } | null;
  color: { name: string; hex: string };
  placement?: PlacementInput;
  size: MockupSize;
  format: MockupFormat;
  backdrop?: string;
}

export interface CatalogItemResult {
  item: CatalogItem;
  key: string;
  status: "computed" | "cached" | "failed";
  image?: string;
  width?: number;
  height?: number;
  mediaType?: string;
  error?: string;
}

export interface RunCatalogOptions {
  items: CatalogItem[];
  assets: AssetStore;
  cache: MockupCache;
  /** worker threads (default one per core); 0 runs in this thread (tests, tiny batches) */
  threads?: number;
  /** an existing pool to reuse (the caller closes it) */
  pool?: CatalogPool;
  /** called after every item with (done, total) */
  onProgress?(done: number, total: number, last: CatalogItemResult): void;
  signal?: AbortSignal;
}

export interface CatalogSummary {
  results: CatalogItemResult[];
  /** cache reads/writes that failed (the mockups were computed anyway) */
  cacheErrors: number;
  lastCacheError?: string;
  computed: number;
  cached: number;
  failed: number;
  ms: number;
}

/** The cache key of one mockup: everything its pixels depend on. */
export function mockupKey(item: CatalogItem): string {
  const placement = placementSchema.parse(item.placement ?? {});
  return createHash("sha256")
    .update(
      JSON.stringify({
        v: COMPOSE_VERSION,
        passes: [item.passKeys.uv, item.passKeys.shading, item.passKeys.mask],
        areas: item.printAreas,
        design: item.design?.key ?? null,
        color: item.color.hex.toUpperCase(),
        placement,
        size: item.size,
        format: item.format,
        backdrop: item.backdrop ?? null,
      }),
    )
    .digest("hex");
}

export async function runCatalog(o: RunCatalogOptions): Promise<CatalogSummary> {
  const t0 = performance.now();
  const total = o.items.length;
  const results: CatalogItemResult[] = new Array(total);
  let done = 0;
  let cacheErrors = 0;
  let lastCacheError: string | undefined;
  const finish = (i: number, r: CatalogItemResult) => {
    results[i] = r;
    done++;
    o.onProgress?.(done, total, r);
  };

  // 1. cache look-ups; what is missing becomes a task
  const pending: { index: number; key: string; task: MockupTask }[] = [];
  for (let i = 0; i < total; i++) {
    const item = o.items[i];
    const key = mockupKey(item);
    try {
      // a broken cache (e.g. database unreachable) costs re-computation, never the batch
      const hit = await o.cache.get(key).catch((err: unknown) => {
        cacheErrors++;
        lastCacheError = err instanceof Error ? err.message : String(err);
        return undefined;
      });
      if (hit && (await o.assets.has(hit.image))) {
        finish(i, { item, key, status: "cached", ...hit });
        continue;
      }
      const task: MockupTask = {
        id: i,
        passKeys: item.passKeys,
        passPaths: {
          uv: await o.assets.path(item.passKeys.uv),
          shading: await o.assets.path(item.passKeys.shading),
          mask: await o.assets.path(item.passKeys.mask),
        },
        printAreas: item.printAreas,
        design: item.design ? { key: item.design.key, path: await o.assets.path(item.design.key) } : null,
        color: item.color.hex,
        placement: item.placement ?? {},
        size: item.size,
        format: item.format,
        backdrop: item.backdrop,
      };
      pending.push({ index: i, key, task });
    } catch (err) {
      finish(i, { item, key, status: "failed", error: err instanceof Error ? err.message : String(err) });
    }
  }

  // 2. group by passes then design, so each worker keeps hitting its decoded-pass and design caches
  pending.sort((a, b) => groupKey(a.task).localeCompare(groupKey(b.task)));

  const threads = o.threads ?? undefined;
  const ownPool = !o.pool && threads !== 0 && pending.length > 0 ? new CatalogPool({ threads }) : undefined;
  const pool = o.pool ?? ownPool;
  const exec = (t: MockupTask): Promise<TaskResult> => (pool ? pool.run(t) : runTask(t));
  try {
    const inFlight = Math.max(1, pool ? pool.threads * 2 : 1);
    let next = 0;
    const lane = async () => {
      while (next < pending.length) {
        const p = pending[next++];
        const item = o.items[p.index];
        if (o.signal?.aborted) {
          finish(p.index, { item, key: p.key, status: "failed", error: "cancelled" });
          continue;
        }
        const r = await exec(p.task);
        if (!r.ok) {
          finish(p.index, { item, key: p.key, status: "failed", error: r.error });
          continue;
        }
        try {
          const image = await o.assets.put(Buffer.from(r.bytes.buffer, r.bytes.byteOffset, r.bytes.byteLength), {
            kind: "mockup",
            mediaType: r.mediaType,
            width: r.width,
            height: r.height,
            meta: { model: item.model, view: item.view, color: item.color.hex, designKey: item.design?.key ?? null },
          });
          const value = { image, width: r.width, height: r.height, mediaType: r.mediaType };
          await o.cache.set(p.key, value).catch((err: unknown) => {
            cacheErrors++;
            lastCacheError = err instanceof Error ? err.message : String(err);
          });
          finish(p.index, { item, key: p.key, status: "computed", ...value });
        } catch (err) {
          finish(p.index, { item, key: p.key, status: "failed", error: err instanceof Error ? err.message : String(err) });
        }
      }
    };
    await Promise.all(Array.from({ length: inFlight }, lane));
  } finally {
    await ownPool?.close();
  }
  return {
    results,
    cacheErrors,
    lastCacheError,
    computed: results.filter((r) => r.status === "computed").length,
    cached: results.filter((r) => r.status === "cached").length,
    failed: results.filter((r) => r.status === "failed").length,
    ms: performance.now() - t0,
  };
}

function groupKey(t: MockupTask): string {
  return `${t.passKeys.uv}:${t.size}:${t.design?.key ?? ""}`;
}
