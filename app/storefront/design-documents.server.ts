/**
 * The editor's server path through the app proxy (the signature names the shop; bodies are untrusted):
 *  - `uploadShopperImage`: design intake (sniff, limits, SVG rules, re-encode), stored in the shop's asset store;
 *    the editor draws the intake PNG it gets back, so browser and server draw the same pixels;
 *  - `saveDesignDocument`: the document checked against the product's model and the merchant's policy, rendered
 *    (atlas → mockups per view, design GLB), everything stored before the answer (never a lazy URL), and recorded
 *    as a shopper Design row like an upload (so the cart's `_design_id` resolves in orders/create the same way);
 *  - `shopperAsset`: those files back, for this shop only.
 */
import type { AssetStore } from "../assets/store/types";
import type { EditorPolicy } from "../contracts/editor-policy";
import type { PrintArea } from "../contracts/print-area";
import type { View } from "../contracts/view";
import type { Db } from "../db/client.server";
import { DesignDocumentError } from "../designs/document/errors";
import { prepareDocument, renderAtlas, type DocumentImage, type DocumentWarning } from "../designs/document/render.server";
import { DesignRejectedError, intakeDesign, storeIntake } from "../designs/intake";
import { composeAndStore } from "../mockups/providers/compose-store";
import type { DecalTransform } from "./decal-glb";
import { liveDecalTemplate, livePasses, type LiveProduct } from "./live-product.server";
import { storeTemplate, type DecalGlb } from "./live-provider";
import { intakeError, StorefrontError } from "./proxy-http.server";

export const DEFAULTS = {
  /** a shopper's image upload, bytes (the admin allows 25 MB; a phone photo is 2–8 MB) */
  maxImageBytes: 15 * 1024 * 1024,
  /** a design document body, bytes (outlines of 8 layers × 8 areas fit in a fraction of this) */
  maxDocumentBytes: 1024 * 1024,
  /** mockup size answered to the storefront */
  mockupSize: 1024 as const,
  /** views rendered for a design: front and back show every print area of a garment */
  views: ["front", "back"] as View[],
};

/** The whole UV square as one print area: the atlas holds every area where the model's UVs put it. */
const ATLAS_AREA: PrintArea = { name: "atlas", uv: { u0: 0, v0: 0, u1: 1, v1: 1 }, widthCm: 100, heightCm: 100 };
/** …so the atlas maps onto the decal layer unchanged */
const WHOLE_UV: DecalTransform = { offset: [0, 0], scale: [1, 1] };

/** Asset kinds the shopper's side may read back. */
const READABLE = new Set(["design", "design_atlas", "design_mockup", "design_glb"]);

/** An image for the editor: design intake, stored for this shop; refusals as StorefrontError (the shopper's language). */
export async function uploadShopperImage(store: AssetStore, bytes: Buffer, proxy: string) {
  const maxMb = DEFAULTS.maxImageBytes / (1024 * 1024);
  if (bytes.length > DEFAULTS.maxImageBytes) throw new StorefrontError("too_large", 413, `${bytes.length} bytes; the limit is ${DEFAULTS.maxImageBytes}`, undefined, { maxMb });
  let r;
  try {
    r = await intakeDesign(bytes, { maxBytes: DEFAULTS.maxImageBytes });
  } catch (e) {
    if (e instanceof DesignRejectedError) throw intakeError(e, DEFAULTS.maxImageBytes);
    throw e;
  }
  const { key } = await storeIntake(store, r, { uploadedBy: "shopper" });
  return { image: key, width: r.width, height: r.height, url: `${proxy}/design-assets/${key}` };
}

/** The bytes and media type of one of this shop's shopper assets, or null (unknown here: 404, whoever owns it). */
export async function shopperAsset(store: AssetStore, key: string, o: { bytes?: boolean } = {}): Promise<{ bytes: Buffer | null; mediaType: string } | null> {
  if (!/^[0-9a-f]{64}$/.test(key)) return null;
  const info = await store.info(key);
  if (!info || !READABLE.has(info.kind)) return null;
  return { bytes: o.bytes === false ? null : await store.get(key), mediaType: info.mediaType };
}

// the merchant's editor rules: their own light module (read by the admin and /proxy/editor-config)
export { readEditorPolicy, saveEditorPolicy } from "./editor-policy-store.server";

export interface SavedDesignAnswer {
  /** the Design row's id: what the cart line carries (`_design_id`) and orders/create resolves (app/orders) */
  designId: string;
  color: string;
  /** stable app-proxy URLs (`{proxy}/designs/{id}/{hex}-{view}.jpg`, app/contracts/order-line.ts) */
  mockups: Array<{ view: View; url: string; width: number; height: number }>;
  glb: string;
  atlas: string;
  warnings: DocumentWarning[];
}

/** What a saved document becomes in the Design table: the same row model as an uploaded design (#13). */
export interface ShopperDesignRow {
  /** the flattened design (the atlas PNG): what the admin shows, what redaction starts from */
  assetKey: string;
  width: number;
  height: number;
  mediaType: string;
  /** the checked document (JSON) the print file is made from */
  document: string;
  /** `{"glb", "atlas", "document", "images": [...], "mockups": {"<hex>": {"<view>": key}}}` (asset GC reads every key) */
  previews: string;
}

/** Stores a shopper design row and answers its id; the route writes it through Prisma (createShopperDesign). */
export type RecordDesign = (row: ShopperDesignRow) => Promise<string>;

/** The Design row of a saved document, for this shop, this (signed) customer or a guest, on this product. */
export function createShopperDesign(db: Db, o: { shop: string; customerId: string | null; productId: string }): RecordDesign {
  const productId = o.productId.replace(/^gid:\/\/shopify\/Product\//, "");
  return async (row) =>
    (await db.design.create({ data: { ...row, shop: o.shop, name: "Editor design", source: "shopper", customerId: o.customerId || null, productId }, select: { id: true } })).id;
}

/** Renders and stores a shopper's design document; the answer names only stored files and a stored Design row. */
export async function saveDesignDocument(o: {
  db: Db;
  store: AssetStore;
  /** the product as the upload path sees it (findLiveProduct): model, print areas, colours */
  product: LiveProduct;
  policy: EditorPolicy;
  document: unknown;
  color: string;
  proxy: string;
  /** makes the Design row (the one design id model of uploads and editor documents) */
  record: RecordDesign;
  views?: View[];
  mockupSize?: number;
}): Promise<SavedDesignAnswer> {
  // the images a document may use: this shop's uploads only (another shop's key is simply unknown)
  const refs = new Set<string>();
  const areas = (o.document as { areas?: Array<{ layers?: Array<{ kind?: string; image?: unknown }> }> })?.areas;
  if (Array.isArray(areas)) for (const a of areas) for (const l of a?.layers ?? []) if (l?.kind === "image" && typeof l.image === "string") refs.add(l.image);
  const images = new Map<string, DocumentImage>();
  for (const key of refs) {
    if (!/^[0-9a-f]{64}$/.test(key)) continue;
    const info = await o.store.info(key);
    if (!info || info.kind !== "design" || !info.width || !info.height) continue;
    images.set(key, { png: await o.store.get(key), width: info.width, height: info.height });
  }
  const printAreas = o.product.info.printAreas;
  const { doc, warnings } = prepareDocument(o.document, printAreas, o.policy, images);
  if (!doc.areas.some((a) => a.layers.length)) throw new DesignDocumentError("invalid", { detail: "the design is empty" });
  const docJson = JSON.stringify(doc);
  const docKey = await o.store.put(Buffer.from(docJson), { kind: "design_document", mediaType: "application/json", meta: { model: o.product.model, color: o.color } });
  const atlasSize = 2048;
  const atlas = await renderAtlas(doc, printAreas, images, atlasSize);
  // derived from the document (meta names its key): customers/redact follows it
  const atlasKey = await o.store.put(atlas, { kind: "design_atlas", mediaType: "image/png", width: atlasSize, height: atlasSize, meta: { document: docKey } });
  // the same passes and decal template as a shopper's upload (app/storefront/live-product.server.ts), so editor
  // and upload mockups look alike: the pipeline's (Blender) passes when it ran, the rasteriser's otherwise
  const size = o.mockupSize ?? DEFAULTS.mockupSize;
  const [rendered, glb] = await Promise.all([
    Promise.all(
      (o.views ?? DEFAULTS.views).map(async (view) => {
        const { image, mockup } = await composeAndStore({
          assets: o.store,
          passes: await livePasses(o.db, o.store.shop, o.product, view, size),
          printAreas: [ATLAS_AREA],
          color: o.color,
          designKey: atlasKey,
          designBytes: atlas,
          placement: { area: ATLAS_AREA.name, scale: 1 },
          format: "jpeg",
          size,
          kind: "design_mockup",
          meta: { document: docKey, view },
        });
        return [view, { key: image, width: mockup.width, height: mockup.height }] as const;
      }),
    ),
    // the design GLB: the product's decal template (stored once) with the atlas as its texture, joined on fetch
    (async (): Promise<DecalGlb> => {
      const template = await liveDecalTemplate(o.db, o.store, o.store.shop, o.product);
      return { template: await storeTemplate(o.store, template), texture: atlasKey, transform: WHOLE_UV, bytes: template.glb.length + atlas.length };
    })(),
  ]);
  const byView: Partial<Record<View, { key: string; width: number; height: number }>> = Object.fromEntries(rendered);
  const hex = o.color.slice(1).toLowerCase();
  const previews = {
    glb,
    atlas: atlasKey,
    document: docKey,
    images: [...images.keys()],
    mockups: { [hex]: Object.fromEntries(Object.entries(byView).map(([v, m]) => [v, m.key])) },
  };
  const designId = await o.record({ assetKey: atlasKey, width: atlasSize, height: atlasSize, mediaType: "image/png", document: docJson, previews: JSON.stringify(previews) });
  const base = `${o.proxy}/designs/${designId}`;
  const mockups = Object.entries(byView).map(([view, m]) => ({ view: view as View, url: `${base}/${hex}-${view}.jpg`, width: m.width, height: m.height }));
  return { designId, color: o.color, mockups, glb: `${base}/design.glb`, atlas: `${o.proxy}/design-assets/${atlasKey}`, warnings };
}
