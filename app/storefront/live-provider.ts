/**
 * Capability `mockup.live`, provider "local": a shopper's design on the product, while they wait. The fast
 * compositor makes one mockup per view in the selected colour; the design goes onto the GLB's decal layer for the
 * 3D view and AR. Everything is stored before the answer (the URLs handed out always resolve). A vendor
 * (VirtualThreads.io) can stand behind the same port later.
 */
import type { AssetStore } from "../assets/store/types";
import type { PrintArea } from "../contracts/print-area";
import type { View as ViewName } from "../contracts/view";
import type { Color } from "../contracts/colour";
import type { PlacementInput } from "../contracts/placement";
import { composeAndStore } from "../mockups/providers/compose-store";
import type { MockupFormat } from "../mockups/compose/mockup";
import type { PassKeys } from "../mockups/passes/cache";
import type { Passes } from "../mockups/passes/format";
import { decalTexture, withDecalImage, type DecalTemplate } from "./decal-glb";
import { findArea } from "../contracts/print-area";

export interface LiveMockupRequest {
  assets: AssetStore;
  printAreas: PrintArea[];
  color: Color;
  /** the design as intake stored it (asset key) and its PNG bytes */
  design: { key: string; png: Buffer };
  placement: PlacementInput;
  views: { view: ViewName; passes: PassKeys | Passes }[];
  decal: DecalTemplate;
  /** the print area the design is placed in */
  area: string;
  /** square mockup size; default 1024 */
  size?: number;
  format?: MockupFormat;
  /** asset metadata for everything stored */
  meta?: Record<string, string | number | boolean | null>;
  signal?: AbortSignal;
}

export interface LiveMockupResult {
  mockups: { view: ViewName; key: string; width: number; height: number; mediaType: string }[];
  glb: { key: string; bytes: number };
  timings: { composeMs: number; glbMs: number };
}

export interface LiveMockupProvider {
  name: string;
  capability: "mockup.live";
  render(req: LiveMockupRequest): Promise<LiveMockupResult>;
}

export const DEFAULTS = { size: 1024, format: "jpeg" as MockupFormat };

export function localLiveProvider(): LiveMockupProvider {
  return {
    name: "local",
    capability: "mockup.live",
    async render(req) {
      const size = req.size ?? DEFAULTS.size;
      const format = req.format ?? DEFAULTS.format;
      const t0 = performance.now();
      // the GLB texture is encoded by sharp's thread pool while the compositor works on this thread
      const glbPromise = (async () => {
        const texture = await decalTexture(req.design.png, req.area, req.printAreas, req.placement);
        const glb = withDecalImage(req.decal.glb, texture, findArea(req.printAreas, req.area));
        const key = await req.assets.put(glb, { kind: "glb", mediaType: "model/gltf-binary", meta: { ...req.meta, decal: req.area } });
        return { key, bytes: glb.length, ms: performance.now() - t0 };
      })();
      const mockups = [];
      for (const v of req.views) {
        req.signal?.throwIfAborted();
        const { image, mockup } = await composeAndStore({
          assets: req.assets,
          passes: v.passes,
          printAreas: req.printAreas,
          color: req.color.hex,
          designKey: req.design.key,
          placement: req.placement,
          format,
          size,
          kind: "mockup",
          meta: { ...req.meta, view: v.view, color: req.color.hex, live: true },
          signal: req.signal,
        });
        mockups.push({ view: v.view, key: image, width: mockup.width, height: mockup.height, mediaType: mockup.mediaType });
      }
      const composeMs = performance.now() - t0;
      const glb = await glbPromise;
      return { mockups, glb: { key: glb.key, bytes: glb.bytes }, timings: { composeMs, glbMs: glb.ms } };
    },
  };
}
