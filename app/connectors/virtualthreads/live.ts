/**
 * VirtualThreads.io behind the storefront's `mockup.live` port (app/storefront/live-provider.ts): the same request,
 * the same answer as the local provider (a stored mockup per view in the requested size as JPEG, and a stored
 * design GLB), so the storefront cannot tell who answered. Faults are ConnectorFaults: the chain
 * (app/storefront/live-chain.server.ts) falls back to the local provider.
 */
import type { LiveMockupProvider, LiveMockupRequest, LiveMockupResult } from "../../storefront/live-provider";
import { DEFAULTS as LIVE_DEFAULTS } from "../../storefront/live-provider";
import { resolveKit, type KitSource } from "../shared/default-kit.server";
import { ConnectorFault } from "../shared/faults";
import type { CallReport } from "../shared/policy";
import type { TaskWaitOptions } from "../shared/task";
import { PROVIDER, VirtualThreadsClient } from "./client";

export function virtualThreadsLiveProvider(kitSource: KitSource, opts: TaskWaitOptions = {}): LiveMockupProvider & { lastReport?: CallReport } {
  let client: VirtualThreadsClient | undefined;
  const provider: LiveMockupProvider & { lastReport?: CallReport } = {
    name: PROVIDER,
    capability: "mockup.live",
    async render(req: LiveMockupRequest): Promise<LiveMockupResult> {
      if (!req.shop || !req.model) throw new ConnectorFault("client_error", `${PROVIDER}: the request names no shop or model`, { provider: PROVIDER });
      client ??= new VirtualThreadsClient(resolveKit(kitSource), opts);
      const size = req.size ?? LIVE_DEFAULTS.size;
      const t0 = performance.now();
      const report: CallReport = { attempts: 0, faults: [], delays: [] };
      provider.lastReport = report;
      const res = await client.render(
        { shop: req.shop, signal: req.signal },
        { garment: req.model, color: req.color.hex, views: req.views.map((v) => v.view), design: req.design.png, placement: { area: req.area, ...req.placement }, size, format: "jpeg" },
        report,
      );
      const composeMs = performance.now() - t0;
      const { default: sharp } = await import("sharp");
      const mockups = [];
      for (const img of res.images) {
        // the storefront serves these as {hex}-{view}.jpg at the requested size: bring the vendor's image to that
        const jpeg =
          img.width === size && img.height === size && img.contentType.startsWith("image/jpeg")
            ? img.bytes
            : await sharp(img.bytes).resize(size, size, { fit: "contain", background: "#ffffff" }).flatten({ background: "#ffffff" }).jpeg({ quality: 88, mozjpeg: true }).toBuffer();
        const key = await req.assets.put(jpeg, { kind: "mockup", mediaType: "image/jpeg", meta: { ...req.meta, view: img.view, color: req.color.hex, live: true, vendor: PROVIDER } });
        mockups.push({ view: img.view as LiveMockupResult["mockups"][number]["view"], key, width: size, height: size, mediaType: "image/jpeg" });
      }
      const glbKey = await req.assets.put(res.glb, { kind: "glb", mediaType: "model/gltf-binary", meta: { ...req.meta, decal: req.area, vendor: PROVIDER } });
      return { mockups, glb: { key: glbKey, bytes: res.glb.length }, timings: { composeMs, glbMs: performance.now() - t0 - composeMs } };
    },
  };
  return provider;
}
