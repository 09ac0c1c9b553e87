/**
 * A stand-in for a product's model and passes steps, for jobs that test what comes after them (the fault matrix,
 * bench:fallback): synthetic UV, shading and mask passes (app/mockups/passes/synthetic.ts) stored once per shop, and
 * a tee's model info with one front print area. A mockup step that depends on it composes as it would after Blender.
 */
import type { AssetStore } from "../../app/assets/store/types";
import { encodePasses, type Passes } from "../../app/mockups/passes/format";
import { syntheticPasses } from "../../app/mockups/passes/synthetic";
import type { Provider } from "../../app/pipeline/types";

export const DEFAULTS = {
  name: "fixture",
  capability: "test.model",
  size: 512,
} as const;

/** Defaults: DEFAULTS. */
export interface PassesFixtureOptions {
  /** provider name (default "fixture") */
  name?: string;
  /** the capability it registers under, which job specs name for their model step (default "test.model") */
  capability?: string;
  /** width and height of the passes in px (default 512) */
  size?: number;
}

/** The print area the fixture's tee carries (UV rectangle and physical size). */
export const FIXTURE_PRINT_AREA = { name: "front", uv: { u0: 0.2, v0: 0.2, u1: 0.8, v1: 0.8 }, widthCm: 30, heightCm: 30 } as const;

export function passesFixtureProvider(opts: PassesFixtureOptions = {}): Provider {
  const size = opts.size ?? DEFAULTS.size;
  // per shop: asset rows belong to a shop, so another shop's job stores its own (the blobs are shared by content)
  const stored = new Map<string, Promise<Record<string, string>>>();
  return {
    name: opts.name ?? DEFAULTS.name,
    capability: opts.capability ?? DEFAULTS.capability,
    version: "1",
    async run(_input, ctx) {
      let keys = stored.get(ctx.shop);
      if (!keys) {
        keys = storePasses(ctx.assets, syntheticPasses({ size }));
        stored.set(ctx.shop, keys);
        keys.catch(() => stored.delete(ctx.shop));
      }
      return { assets: await keys, data: { info: { name: "tee", printAreas: [{ ...FIXTURE_PRINT_AREA, uv: { ...FIXTURE_PRINT_AREA.uv } }] } } };
    },
  };
}

/** Stores passes as the passes step does (PNG per pass) and answers their keys by pass name. */
export async function storePasses(store: Pick<AssetStore, "put">, p: Passes): Promise<Record<"uv" | "shading" | "mask", string>> {
  const enc = await encodePasses(p);
  const meta = { mediaType: "image/png", width: p.width, height: p.height };
  return {
    uv: await store.put(enc.uv, { kind: "pass.uv", ...meta }),
    shading: await store.put(enc.shading, { kind: "pass.shading", ...meta }),
    mask: await store.put(enc.mask, { kind: "pass.mask", ...meta }),
  };
}
