/**
 * The shared body of the compositing providers (`mockup.compose` local, `render.hero` compositor): load the
 * passes through the per-process pass cache, read the design (and backdrop image), compose, store the result.
 */
import type { AssetStore } from "../../assets/store/types";
import type { PrintArea } from "../../contracts/print-area";
import type { JsonObject } from "../../pipeline/types";
import { composeMockup, type ComposedMockup, type MockupFormat } from "../compose/mockup";
import type { PlacementInput } from "../../contracts/placement";
import type { PassKeys } from "../passes/cache";
import type { Passes } from "../passes/format";
import { sharedPassCache } from "../shared-caches";

export interface ComposeAndStoreOptions {
  assets: AssetStore;
  /** pass asset keys (loaded and decoded through the shared pass cache) or passes already decoded */
  passes: PassKeys | Passes;
  printAreas: PrintArea[];
  /** fabric colour #RRGGBB */
  color: string;
  /** design asset key; none: a blank product */
  designKey?: string | null;
  /** the design's bytes when the caller holds them already (skips reading them back from the store) */
  designBytes?: Buffer | Uint8Array;
  /** …and its decoded pixels (skips decoding them again) */
  designPixels?: { data: Uint8Array; width: number; height: number };
  placement?: PlacementInput;
  format: MockupFormat;
  /** output size (square) */
  size: number;
  /** #RRGGBB, "transparent", or the asset key of a backdrop image; default white */
  backdrop?: string;
  /** asset kind of the stored image */
  kind: "mockup" | "render" | "design_mockup";
  /** asset metadata */
  meta: JsonObject;
  signal?: AbortSignal;
}

export interface ComposedAndStored {
  /** asset key of the stored image */
  image: string;
  mockup: ComposedMockup;
}

export async function composeAndStore(o: ComposeAndStoreOptions): Promise<ComposedAndStored> {
  const { assets } = o;
  let passes: Passes;
  if ("u" in o.passes) {
    passes = o.passes;
  } else {
    const keys: PassKeys = { uv: o.passes.uv, shading: o.passes.shading, mask: o.passes.mask };
    passes = await sharedPassCache().get(keys, o.size, async () => ({
      uv: await assets.get(keys.uv),
      shading: await assets.get(keys.shading),
      mask: await assets.get(keys.mask),
    }));
  }
  o.signal?.throwIfAborted();
  const design = o.designKey ? { key: o.designKey, bytes: o.designBytes ?? (await assets.get(o.designKey)), pixels: o.designBytes ? o.designPixels : undefined } : null;
  let backdrop: string | Buffer | undefined = o.backdrop;
  if (backdrop && /^[0-9a-f]{64}$/.test(backdrop)) backdrop = await assets.get(backdrop);
  const m = await composeMockup({
    passes,
    printAreas: o.printAreas,
    color: o.color,
    design,
    placement: o.placement,
    format: o.format,
    size: o.size,
    backdrop,
  });
  const image = await assets.put(m.bytes, { kind: o.kind, mediaType: m.mediaType, width: m.width, height: m.height, meta: o.meta });
  return { image, mockup: m };
}
