/**
 * `mockup.catalog` "local": the batch step of a catalog job (spec.ts). Builds one item per design × colour ×
 * view from its passes inputs, runs them on the worker pool, reports progress, and succeeds unless every
 * item failed (failed items are listed with their error). A partly failed batch is flagged `data.partial`,
 * which the orchestrator serves as degraded and never stores in its step cache.
 */
import type { Provider, ProviderContext, StepInput, StepOutput, JsonObject } from "../../pipeline/types";
import type { View } from "../../contracts/view";
import { requireModelInfo } from "../../pipeline/inputs";
import { COMPOSE_VERSION } from "../providers/compose-local";
import { StepCacheMockupCache, type MockupCache } from "./cache";
import { runCatalog, type CatalogItem } from "./run";
import { mockupCatalogParamsSchema } from "../../contracts/mockup-catalog";

export interface CatalogProviderOptions {
  /** cache factory per shop; default the database's StepCache table (getDb()) */
  cache?(shop: string): MockupCache | Promise<MockupCache>;
  /** worker threads; default one per core */
  threads?: number;
}

export function catalogProvider(opts: CatalogProviderOptions = {}): Provider {
  return {
    name: "local",
    capability: "mockup.catalog",
    params: mockupCatalogParamsSchema,
    version: COMPOSE_VERSION,
    timeoutMs: 60 * 60_000,
    async run(input: StepInput, ctx: ProviderContext): Promise<StepOutput> {
      const params = mockupCatalogParamsSchema.parse(input.params);
      const info = requireModelInfo(input);
      const passesByView = new Map<string, { uv: string; shading: string; mask: string }>();
      for (const out of Object.values(input.inputs)) {
        const view = out.data?.view;
        if (typeof view === "string" && out.assets.uv && out.assets.shading && out.assets.mask) {
          passesByView.set(view, { uv: out.assets.uv, shading: out.assets.shading, mask: out.assets.mask });
        }
      }
      const items: CatalogItem[] = [];
      // output asset names are by index (view/design index/colour index): names can be long or repeated, and
      // step output asset names are limited to 100 characters; readable names go in data.items
      const assetNames: string[] = [];
      for (const view of params.views) {
        const passKeys = passesByView.get(view);
        if (!passKeys) throw new Error(`catalog step has no passes for view "${view}"`);
        for (const [d, design] of params.designs.entries()) {
          for (const [c, color] of params.colors.entries()) {
            assetNames.push(`${view}/${d}/${c}`);
            items.push({
              model: params.model,
              view: view as View,
              passKeys,
              printAreas: info.printAreas,
              design: { key: design.key, name: design.name },
              color,
              placement: design.placement,
              size: params.size,
              format: params.format,
            });
          }
        }
      }
      const cache = opts.cache
        ? await opts.cache(ctx.shop)
        : new StepCacheMockupCache((await import("../../db/client.server")).getDb(), ctx.shop);
      const summary = await runCatalog({
        items,
        assets: ctx.assets,
        cache,
        threads: opts.threads,
        signal: ctx.signal,
        onProgress: (done, total) => ctx.progress(done / total),
      });
      if (summary.cacheErrors) ctx.log.warn({ cacheErrors: summary.cacheErrors, error: summary.lastCacheError }, "mockup cache unavailable: computed without it");
      ctx.log.info({ computed: summary.computed, cached: summary.cached, failed: summary.failed, ms: Math.round(summary.ms) }, "catalog step done");
      if (summary.failed === items.length) {
        throw new Error(`every mockup failed; first error: ${summary.results.find((r) => r.error)?.error ?? "unknown"}`);
      }
      const assets: Record<string, string> = {};
      const list: JsonObject[] = summary.results.map((r, i) => {
        const name = `${r.item.view}/${r.item.design?.name ?? r.item.design?.key.slice(0, 12)}/${r.item.color.name}`;
        if (r.image) assets[assetNames[i]] = r.image;
        return {
          asset: assetNames[i],
          name,
          view: r.item.view,
          design: r.item.design?.name ?? null,
          designKey: r.item.design?.key ?? null,
          color: r.item.color.name,
          status: r.status,
          image: r.image ?? null,
          error: r.error ?? null,
        };
      });
      const data: JsonObject = { model: params.model, computed: summary.computed, cached: summary.cached, failed: summary.failed, items: list };
      // some mockups failed: the orchestrator marks the step degraded and does not cache it, so the next run
      // retries them (the per-mockup cache makes that recompute only the failed ones)
      if (summary.failed > 0) {
        data.partial = true;
        data.partialReason = `${summary.failed} of ${items.length} mockups failed; first error: ${summary.results.find((r) => r.error)?.error ?? "unknown"}`.slice(0, 500);
      }
      return { assets, data };
    },
  };
}
