/**
 * `mockup.live` as a job capability (batch previews, the fault matrix): "local" (the storefront's own provider on
 * a library model) and "virtualthreads" (the vendor, skipped for a shop without its key). Both answer with assets
 * `image_<view>` and `glb`; the storefront calls the same two providers directly (live-chain.server.ts).
 */
import { mockupLiveAsset, mockupLiveParamsSchema, type MockupLiveParams } from "../../contracts/mockup-live";
import type { View } from "../../contracts/view";
import { loadModel } from "../../library/index";
import { decodePasses, type Passes } from "../../mockups/passes/format";
import type { JsonObject, Provider, ProviderContext, StepOutput } from "../../pipeline/types";
import { buildDecalTemplate, withDecalImage, type DecalTemplate } from "../../storefront/decal-glb";
import { localLiveProvider, type DecalGlb, type LiveMockupProvider, type LiveMockupResult } from "../../storefront/live-provider";
import { isConfigured } from "../shared/connector";
import { resolveKit, type KitSource } from "../shared/default-kit.server";
import type { TaskWaitOptions } from "../shared/task";
import { PROVIDER } from "./client";
import { virtualThreadsLiveProvider } from "./live";

export const LIVE_VERSION = "live-1";

/** Passes and decal templates of library models, per process (the storefront keeps its own the same way). */
const passMemo = new Map<string, Promise<Passes>>();
const decalMemo = new Map<string, Promise<DecalTemplate>>();

async function libraryInputs(model: string, views: View[], size: number) {
  const loaded = await loadModel(model);
  const { rasteriseGlb } = await import("../../mockups/passes/rasterise");
  const passes = await Promise.all(
    views.map(async (view) => {
      const k = `${model}|${view}|${size}`;
      if (!passMemo.has(k)) passMemo.set(k, rasteriseGlb(loaded.glb, { view, size, tintMaterials: loaded.info.tintMaterials }).then((r) => decodePasses(r.encoded, size)));
      return { view, passes: await passMemo.get(k)! };
    }),
  );
  if (!decalMemo.has(model)) decalMemo.set(model, buildDecalTemplate(loaded.glb, loaded.info.printAreas, { tintMaterials: loaded.info.tintMaterials }));
  return { info: loaded.info, passes, decal: await decalMemo.get(model)! };
}

async function joinedGlb(ctx: ProviderContext, g: DecalGlb): Promise<Buffer> {
  const [template, texture] = await Promise.all([ctx.assets.get(g.template), ctx.assets.get(g.texture)]);
  return Buffer.from(withDecalImage(template, texture, g.transform));
}

function liveJobProvider(name: string, port: () => LiveMockupProvider, extra: Partial<Provider>): Provider {
  return {
    name,
    capability: "mockup.live",
    version: LIVE_VERSION,
    params: mockupLiveParamsSchema,
    ...extra,
    async run(input, ctx: ProviderContext): Promise<StepOutput> {
      const p: MockupLiveParams = mockupLiveParamsSchema.parse(input.params);
      const lib = await libraryInputs(p.model, p.views, p.size);
      const area = p.placement.area ?? lib.info.printAreas[0]?.name ?? "front";
      const out: LiveMockupResult = await port().render({
        shop: ctx.shop,
        model: p.model,
        assets: ctx.assets,
        printAreas: lib.info.printAreas,
        color: p.color,
        design: { key: p.designKey, png: await ctx.assets.get(p.designKey) },
        placement: { ...p.placement, area },
        views: lib.passes,
        decal: lib.decal,
        area,
        size: p.size,
        format: p.format === "webp" ? "jpeg" : p.format,
        meta: { source: "job", model: p.model },
        signal: ctx.signal,
      });
      // the local provider may answer the GLB as template + texture (joined when fetched): a job's output is one file
      const glb = "key" in out.glb ? out.glb.key : await ctx.assets.put(await joinedGlb(ctx, out.glb), { kind: "glb", mediaType: "model/gltf-binary", meta: { model: p.model } });
      const assets: Record<string, string> = { glb };
      for (const m of out.mockups) assets[mockupLiveAsset(m.view)] = m.key;
      const data: JsonObject = { views: out.mockups.map((m) => m.view), glbBytes: out.glb.bytes, provider: name };
      return { assets, data };
    },
  };
}

export const LIVE_PROVIDERS_DEFAULTS = {
  /** the registry's deadline for one local live-preview step */
  localTimeoutMs: 60_000,
  /** the registry's deadline for one VirtualThreads.io step: a task's wait plus a few HTTP exchanges */
  stepTimeoutMs: 90_000,
} as const;

/** Defaults: LIVE_PROVIDERS_DEFAULTS and TaskWaitOptions' own. */
export interface LiveProvidersOptions extends TaskWaitOptions {
  /** the VirtualThreads.io step's deadline, ms (default LIVE_PROVIDERS_DEFAULTS.stepTimeoutMs) */
  stepTimeoutMs?: number;
}

export function liveProviders(kitSource: KitSource, opts: LiveProvidersOptions = {}): Provider[] {
  const local = localLiveProvider();
  const vendor = virtualThreadsLiveProvider(kitSource, opts);
  return [
    liveJobProvider("local", () => local, { timeoutMs: LIVE_PROVIDERS_DEFAULTS.localTimeoutMs }),
    liveJobProvider(PROVIDER, () => vendor, {
      ownsResilience: true,
      timeoutMs: opts.stepTimeoutMs ?? LIVE_PROVIDERS_DEFAULTS.stepTimeoutMs,
      isAvailable: (shop) => isConfigured(resolveKit(kitSource), shop, "virtualthreads"),
    }),
  ];
}
