/**
 * An ordered line's design → the print file step's params: which print areas, which layers where. Reads only the
 * given shop's rows (a design id of another shop is simply not found here).
 *  - The print areas are the ordered product's (its ProductSetup's library model): that is what gets printed.
 *  - A design with a design document (app/contracts/design-document.ts) prints its layers in centimetres; a plain
 *    upload prints its image with the placement the shopper chose (or the default placement).
 *  - The mockup is the first one the storefront rendered for it (Design.previews).
 */
import { designDocumentSchema, type DesignDocument } from "../contracts/design-document";
import { placementSchema } from "../contracts/placement";
import type { PrintArea } from "../contracts/print-area";
import type { PrintFileLayer, PrintFileParamsInput } from "../contracts/printfile";
import type { Db } from "../db/client.server";
import { shopModelInfo } from "../library/imported.server";

export interface DesignRow {
  id: string;
  assetKey: string;
  /** JSON: a design document, or a placement, or null */
  document?: string | null;
  previews?: string | null;
}

/** The ordered product's print areas in this shop, or null when the product has no (enabled) setup. */
export async function productPrintAreas(db: Db, shop: string, productId: string | null | undefined): Promise<PrintArea[] | null> {
  if (!productId) return null;
  const setup = await db.productSetup.findFirst({ where: { shop, productId: { in: [productId, `gid://shopify/Product/${productId}`] } } });
  if (!setup) return null;
  try {
    return (await shopModelInfo(db, shop, setup.modelName)).printAreas;
  } catch {
    return null;
  }
}

function parseJson(text: string | null | undefined): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** The first mockup key in Design.previews ({"mockups": {"<hex>": {"<view>": key}}}), front view first. */
export function firstMockupKey(previews: string | null | undefined): string | null {
  const p = parseJson(previews) as { mockups?: Record<string, Record<string, unknown>> } | null;
  for (const byView of Object.values(p?.mockups ?? {})) {
    const key = byView.front ?? Object.values(byView)[0];
    if (typeof key === "string" && /^[0-9a-f]{64}$/.test(key)) return key;
  }
  return null;
}

/** Print areas and layers of a design on those areas; an empty list when none of its areas exist on the product. */
export function designLayers(design: DesignRow, areas: readonly PrintArea[]): PrintFileParamsInput["areas"] {
  const raw = parseJson(design.document);
  const doc = designDocumentSchema.safeParse(raw);
  if (doc.success) return documentLayers(doc.data, areas);
  const placement = placementSchema.safeParse(raw ?? {});
  const p = placement.success ? placement.data : placementSchema.parse({});
  const area = areas.find((a) => a.name === p.area);
  if (!area) return [];
  return [{ area: { name: area.name, widthCm: area.widthCm, heightCm: area.heightCm }, layers: [{ kind: "image", assetKey: design.assetKey, placement: p }] }];
}

function documentLayers(doc: DesignDocument, areas: readonly PrintArea[]): PrintFileParamsInput["areas"] {
  const out: PrintFileParamsInput["areas"] = [];
  for (const ad of doc.areas) {
    const area = areas.find((a) => a.name === ad.area);
    if (!area || ad.layers.length === 0) continue;
    const layers: PrintFileLayer[] = [];
    for (const l of ad.layers) {
      // the document measures the centre from the area's top-left; the placement from its centre
      const placement = placementSchema.parse({
        area: area.name,
        widthCm: Math.min(500, l.widthCm),
        offsetXCm: clamp(l.xCm - area.widthCm / 2, 250),
        offsetYCm: clamp(l.yCm - area.heightCm / 2, 250),
        rotationDeg: ((((l.rotationDeg + 180) % 360) + 360) % 360) - 180,
      });
      if (l.kind === "image") layers.push({ kind: "image", assetKey: l.image, placement });
      else if (l.outline) layers.push({ kind: "text", d: l.outline.d, outlineWidth: l.outline.width, outlineHeight: l.outline.height, color: l.color, placement });
    }
    if (layers.length) out.push({ area: { name: area.name, widthCm: area.widthCm, heightCm: area.heightCm }, layers });
  }
  return out;
}

const clamp = (v: number, m: number) => Math.max(-m, Math.min(m, v));
