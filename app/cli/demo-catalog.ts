/**
 * The demo's sample catalog — our first customer's merino tee, hoodie and a mug in Forest Green, Beige and Black —
 * its design, and the product job of each product (what `mockup demo` and `mockup demo --vendors local` run).
 */
import type { Color } from "../contracts/colour";
import { storeDesign } from "../designs/intake";
import { productJobSpec, type ProductJobInput } from "../pipeline/pipelines/product";
import type { JobSpec } from "../pipeline/types";
import type { Runtime } from "../runtime.server";
import { demoDesignPng } from "./demo-design";

export const MERINO: Color[] = [
  // the store's own colours (brief): renders and mockups must show these, not darker stand-ins
  { name: "Forest Green", hex: "#2E8B57" },
  { name: "Beige", hex: "#F5DEB3" },
  { name: "Black", hex: "#000000" },
];

export interface DemoProduct {
  productId: string;
  model: string;
  colors: Color[];
  views: ProductJobInput["views"];
  hero: boolean;
  /** a small neck print on the back as well as the chest print */
  backPrint?: boolean;
  /** the chest print's width as a share of the print area (default 0.7) */
  scale?: number;
}

export const CATALOG: DemoProduct[] = [
  { productId: "merino-tee", model: "tee", colors: MERINO, views: ["front", "back", "three_quarter"], hero: true, backPrint: true },
  { productId: "merino-hoodie", model: "hoodie", colors: MERINO, views: ["front"], hero: true },
  { productId: "trail-mug", model: "mug", colors: [{ name: "White", hex: "#F2F2F0" }, MERINO[2]], views: ["front"], hero: false },
];

/** Stores the demo design in the shop (and its Design row); answers its asset key. */
export async function storeDemoDesign(rt: Runtime, shop: string): Promise<string> {
  const design = await storeDesign(rt.assetsFor(shop), await demoDesignPng(), { filename: "merino-trail.png" });
  const id = `demo-${design.key.slice(0, 16)}`;
  await rt.db.design.upsert({
    where: { id },
    create: { id, shop, assetKey: design.key, name: "Merino Trail (demo)", width: design.width, height: design.height, mediaType: design.mediaType },
    update: {},
  });
  return design.key;
}

/** A product's job: chest print (and the back print), mockups per view × colour, heroes when asked. */
export function demoProductSpec(shop: string, product: DemoProduct, designKey: string, opts: { size: 1024 | 2048; hero: boolean }): JobSpec {
  return productJobSpec({
    shop,
    productId: product.productId,
    model: product.model,
    colors: product.colors,
    views: product.views,
    designs: [
      { key: designKey, placement: { area: "front", scale: product.scale ?? 0.7 } },
      ...(product.backPrint ? [{ key: designKey, placement: { area: "back", scale: 0.3, offsetY: -0.3 } }] : []),
    ],
    mockupSize: opts.size,
    format: "jpeg",
    heroes: product.hero && opts.hero ? { views: ["front"], colors: ["Forest Green"], size: 512, samples: 16, transparent: true } : undefined,
  });
}
