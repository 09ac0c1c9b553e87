/**
 * Capability `mockup.live`, provider "local": a shopper's design on the product, while they wait. The fast
 * compositor makes one mockup per view in the selected colour; the design goes onto the GLB's decal layer for the
 * 3D view and AR. Everything is stored before the answer (the URLs handed out always resolve). VirtualThreads.io
 * stands behind the same port (app/connectors/virtualthreads/live.ts) when the merchant enables it.
 *
 * Where the time goes (bench/storefront.bench.ts prints it per stage): the compositor's pixels, then PNG and JPEG
 * encodes, then writes. So the design is handed over decoded (intake's pixels) and as bytes (no read-back), the
 * GLB is not written per design (the product's decal template is stored once, the design's texture beside it,
 * and `design.glb` is put together from the two when fetched), and the writes run side by side.
 */
import type { AssetStore } from "../assets/store/types";
import type { PrintArea } from "../contracts/print-area";
import type { View as ViewName } from "../contracts/view";
import type { Color } from "../contracts/colour";
import type { PlacementInput } from "../contracts/placement";
import type { RgbaPixels } from "../designs/intake";
import { composeAndStore } from "../mockups/providers/compose-store";
import type { MockupFormat } from "../mockups/compose/mockup";
import type { PassKeys } from "../mockups/passes/cache";
import type { Passes } from "../mockups/passes/format";
import { decalTexture, type DecalTemplate, type DecalTransform } from "./decal-glb";

export interface LiveMockupRequest {
  /** the shop asking (vendor providers need its credentials and breakers) */
  shop?: string;
  /** the library model name (vendor providers pick their garment by it) */
  model?: string;
  assets: AssetStore;
  printAreas: PrintArea[];
  color: Color;
  /**
   * the design after intake, which the caller stores (under `key`) while the provider renders: its content key
   * (sha256 of `png`; the compositor caches by it), the PNG, and the decoded pixels when intake kept them
   */
  design: { key: string; png: Buffer; pixels?: RgbaPixels };
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

/** A design GLB stored whole (a vendor's answer). */
export interface StoredGlb {
  key: string;
  bytes: number;
}

/** A design GLB as its parts: the product's decal template and the design's texture, joined by `withDecalImage`. */
export interface DecalGlb {
  template: string;
  texture: string;
  transform: DecalTransform;
  /** size of the joined GLB */
  bytes: number;
}

export interface LiveMockupResult {
  mockups: { view: ViewName; key: string; width: number; height: number; mediaType: string }[];
  glb: StoredGlb | DecalGlb;
  timings: { composeMs: number; glbMs: number };
}

export interface LiveMockupProvider {
  name: string;
  capability: "mockup.live";
  render(req: LiveMockupRequest): Promise<LiveMockupResult>;
}

export const DEFAULTS = { size: 1024, format: "jpeg" as MockupFormat };

/**
 * The template's asset key in a shop, stored once per process and shop (a re-put would hash and touch it on every
 * upload). Forgotten after an hour, well inside the asset GC's grace period (24 h), so a template the GC could
 * have removed meanwhile is stored again.
 */
const storedTemplates = new WeakMap<DecalTemplate, Map<string, { key: Promise<string>; at: number }>>();
const TEMPLATE_TTL_MS = 60 * 60 * 1000;

export function storeTemplate(assets: AssetStore, template: DecalTemplate): Promise<string> {
  let perShop = storedTemplates.get(template);
  if (!perShop) storedTemplates.set(template, (perShop = new Map()));
  const hit = perShop.get(assets.shop);
  if (hit && Date.now() - hit.at < TEMPLATE_TTL_MS) return hit.key;
  const key = assets.put(template.glb, { kind: "glb", mediaType: "model/gltf-binary", meta: { decalTemplate: true } });
  key.catch(() => perShop.delete(assets.shop));
  perShop.set(assets.shop, { key, at: Date.now() });
  return key;
}

export function localLiveProvider(): LiveMockupProvider {
  return {
    name: "local",
    capability: "mockup.live",
    async render(req) {
      const size = req.size ?? DEFAULTS.size;
      const format = req.format ?? DEFAULTS.format;
      const t0 = performance.now();
      // the texture is encoded by sharp's thread pool while the compositor works on this thread
      const glbPromise = (async () => {
        const incompressible = req.design.png.length > 0.5 * (req.design.pixels ? req.design.pixels.data.length : Infinity);
        const tex = await decalTexture(req.design.pixels ?? req.design.png, req.area, req.printAreas, req.placement, { incompressible });
        const [template, texture] = await Promise.all([
          storeTemplate(req.assets, req.decal),
          req.assets.put(tex.png, { kind: "decal_texture", mediaType: "image/png", width: tex.width, height: tex.height, meta: { ...req.meta, decal: req.area } }),
        ]);
        const glb: DecalGlb = { template, texture, transform: tex.transform, bytes: req.decal.glb.length + tex.png.length };
        return { glb, ms: performance.now() - t0 };
      })();
      const mockups = await Promise.all(
        req.views.map(async (v) => {
          req.signal?.throwIfAborted();
          const { image, mockup } = await composeAndStore({
            assets: req.assets,
            passes: v.passes,
            printAreas: req.printAreas,
            color: req.color.hex,
            designKey: req.design.key,
            designBytes: req.design.png,
            designPixels: req.design.pixels,
            placement: req.placement,
            format,
            size,
            kind: "mockup",
            meta: { ...req.meta, view: v.view, color: req.color.hex, live: true },
            signal: req.signal,
          });
          return { view: v.view, key: image, width: mockup.width, height: mockup.height, mediaType: mockup.mediaType };
        }),
      );
      const composeMs = performance.now() - t0;
      const glb = await glbPromise;
      return { mockups, glb: glb.glb, timings: { composeMs, glbMs: glb.ms } };
    },
  };
}
