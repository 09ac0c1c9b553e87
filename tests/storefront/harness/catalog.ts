/**
 * The harness store's product: a merino tee in Forest Green, Beige and Black with a merchant design, as the
 * pipeline would publish it — the colour-variant GLB, a poster per colour and view from the fast compositor,
 * and the storefront metafield built through its contract (app/contracts/storefront-metafield.ts).
 * `buildCatalog({ designs: false })`: the same tee published without any merchant design, its GLB made by the
 * pipeline's own `asset.decal` step with no designs (the empty decal layer, decision 115) and blank posters.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { storefrontMetafieldSchema, type StorefrontMetafield } from "../../../app/contracts/storefront-metafield";
import { importModel } from "../../../app/gltf/import";
import { createHash } from "node:crypto";
import { decalProvider } from "../../../app/decal/provider";
import type { ProviderContext } from "../../../app/pipeline/types";
import { buildDecalTemplate } from "../../../app/storefront/decal-glb";
import { writeGlb } from "../../../app/gltf/optimise";
import { processModel } from "../../../app/gltf/process";
import { addColorVariants } from "../../../app/gltf/variants";
import { loadModel } from "../../../app/library/index";
import { composeMockup } from "../../../app/mockups/compose/mockup";
import { rasteriseGlb } from "../../../app/mockups/passes/rasterise";
import type { ModelInfo } from "../../../app/contracts/model-info";
import type { View as ViewName } from "../../../app/contracts/view";

export const PRODUCT_ID = "8012345678901";
export const COLORS = [
  { name: "Forest Green", hex: "#2E8B57", variant: "44012345678901" },
  { name: "Beige", hex: "#F5DEB3", variant: "44012345678902" },
  { name: "Black", hex: "#000000", variant: "44012345678903" },
];
export const VIEWS: ViewName[] = ["front", "back"];
const POSTER_SIZE = 1024;

export interface Catalog {
  glb: Uint8Array;
  info: ModelInfo;
  /** poster file name → JPEG */
  posters: Map<string, Buffer>;
}

/** The merchant's own design on the published posters: mountains and a sun. */
export async function merchantDesign(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1000" height="800"><circle cx="650" cy="250" r="120" fill="#E8A33D"/><path d="M40 760 L330 250 L470 480 L600 330 L960 760 Z" fill="#F4F1EA"/><path d="M330 250 L400 373 L360 360 L300 400 Z" fill="#FFFFFF"/></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

export const posterName = (color: string, view: ViewName) => `tee-${color.toLowerCase().replace(/\s+/g, "-")}-${view}.jpg`;

/** The product GLB as the pipeline publishes a product without designs: `asset.decal` with none (its empty layer). */
async function publishedWithoutDesigns(variantsGlb: Uint8Array, info: ModelInfo): Promise<Uint8Array> {
  const blobs = new Map<string, Buffer>();
  const assets = {
    shop: "harness.myshopify.com",
    async get(key: string) {
      return blobs.get(key)!;
    },
    async put(bytes: Buffer | Uint8Array) {
      const key = createHash("sha256").update(bytes).digest("hex");
      blobs.set(key, Buffer.from(bytes));
      return key;
    },
  };
  const variants = await assets.put(variantsGlb);
  const inputs = { variants: { assets: { glb: variants }, data: { variants: COLORS.map((c) => c.name) } }, model: { assets: {}, data: { info } } };
  const out = await decalProvider.run({ params: { designs: [] }, inputs } as never, { assets, stepName: "decal" } as unknown as ProviderContext);
  return new Uint8Array(blobs.get(out.assets.glb)!);
}

export interface CatalogOptions {
  /** the merchant placed a design (default): posters show it; false: blank posters, GLB from asset.decal without designs */
  designs?: boolean;
}

export async function buildCatalog(o: CatalogOptions = {}): Promise<Catalog> {
  const withDesigns = o.designs ?? true;
  const { glb: raw, info } = await loadModel("tee");
  const processed = await processModel(raw, { fileName: "tee.glb", productType: info.productType });
  const { doc } = await importModel(processed.glb, { fileName: "tee.glb" });
  await addColorVariants(doc, { colors: COLORS, tintMaterials: info.tintMaterials });
  const variantsGlb = await writeGlb(doc);
  // with designs: the decal layer (the editor paints its texture); without: what asset.decal publishes then
  const glb = withDesigns ? (await buildDecalTemplate(variantsGlb, info.printAreas, { tintMaterials: info.tintMaterials })).glb : await publishedWithoutDesigns(variantsGlb, info);
  const design = withDesigns ? await merchantDesign() : null;
  const posters = new Map<string, Buffer>();
  for (const view of VIEWS) {
    const { passes } = await rasteriseGlb(raw, { view, size: POSTER_SIZE, tintMaterials: info.tintMaterials });
    for (const c of COLORS) {
      const m = await composeMockup({
        passes,
        printAreas: info.printAreas,
        color: c.hex,
        // the merchant's design is on the front only
        design: view === "front" && design ? { bytes: design, key: "merchant-design" } : null,
        format: "jpeg",
        size: POSTER_SIZE,
        backdrop: "#F3F3F3",
      });
      posters.set(posterName(c.name, view), m.bytes);
    }
  }
  return { glb, info, posters };
}

/** The metafield document, with URLs on the harness origin, through the contract's schema. */
export function metafieldDoc(cat: Catalog, cdn: string): StorefrontMetafield {
  const sample = JSON.parse(readFileSync(path.resolve("tests/contracts/fixtures/storefront-metafield.json"), "utf8"));
  return storefrontMetafieldSchema.parse({
    ...sample,
    productId: `gid://shopify/Product/${PRODUCT_ID}`,
    model: { url: `${cdn}/3d/tee.glb`, source: "shopify", usdzUrl: `${cdn}/3d/tee.usdz`, bytes: cat.glb.length },
    views: VIEWS,
    variants: Object.fromEntries(
      COLORS.map((c) => [
        c.variant,
        {
          gid: `gid://shopify/ProductVariant/${c.variant}`,
          materialVariant: c.name,
          color: { name: c.name, hex: c.hex },
          posters: Object.fromEntries(VIEWS.map((v) => [v, { url: `${cdn}/shop/files/${posterName(c.name, v)}?v=1764624600`, width: POSTER_SIZE, height: POSTER_SIZE }])),
        },
      ]),
    ),
    printAreas: cat.info.printAreas,
  });
}

/** The Liquid `product` object for the page, with the selected variant. */
export function liquidProduct(cat: Catalog, cdn: string, variantId?: string | null) {
  const doc = metafieldDoc(cat, cdn);
  const variants = COLORS.map((c) => ({
    id: Number(c.variant),
    title: c.name,
    option1: c.name,
    available: true,
    price: 3900,
    featured_media: { src: `${cdn}/shop/files/${posterName(c.name, "front")}` },
  }));
  const selected = variants.find((v) => String(v.id) === variantId) ?? variants[0];
  return {
    id: Number(PRODUCT_ID),
    title: "Merino Tee",
    handle: "merino-tee",
    vendor: "Alpine Merino",
    variants,
    selected_or_first_available_variant: selected,
    featured_media: selected.featured_media,
    metafields: { $app: { mockup_viewer: { value: doc } } },
  };
}
