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
import { editorPolicySchema, type EditorPolicy } from "../contracts/editor-policy";
import type { PrintArea } from "../contracts/print-area";
import type { View } from "../contracts/view";
import type { Db } from "../db/client.server";
import { readSettingsSection, writeSettingsSection } from "../shopify/settings.server";
import { designGlb } from "../designs/document/decal-glb.server";
import { DesignDocumentError } from "../designs/document/errors";
import { prepareDocument, renderAtlas, renderDesignMockup, type DocumentImage, type DocumentWarning } from "../designs/document/render.server";
import { DesignRejectedError, intakeDesign, storeIntake } from "../designs/intake";
import { loadModel } from "../library";
import type { Passes } from "../mockups/passes/format";
import { rasteriseGlb } from "../mockups/passes/rasterise";

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

/** Asset kinds the shopper's side may read back. */
const READABLE = new Set(["design", "design_atlas", "design_mockup", "design_glb"]);

export class ProxyInputError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code = "invalid",
  ) {
    super(message);
    this.name = "ProxyInputError";
  }
}

const INTAKE_DE: Record<string, string> = {
  too_large: "Die Datei ist zu groß.",
  empty: "Die Datei ist leer.",
  unknown_type: "Bitte lade ein PNG-, JPEG-, WebP- oder SVG-Bild hoch.",
  polyglot: "Die Datei enthält mehr als ein Bild und wird abgelehnt.",
  truncated: "Die Datei ist unvollständig.",
  too_many_pixels: "Das Bild hat zu viele Pixel.",
  bad_dimensions: "Das Bild hat ungültige oder zu große Abmessungen.",
  unsafe_svg: "Diese SVG-Datei enthält Skripte oder externe Verweise und wird abgelehnt.",
  corrupt: "Die Datei ist beschädigt.",
  fully_transparent: "Das Bild ist vollständig transparent.",
};

/** An intake refusal in the shopper's language (intake's own messages are English). */
export function intakeMessage(e: DesignRejectedError, locale: string | undefined): string {
  return locale?.toLowerCase().startsWith("de") ? (INTAKE_DE[e.code] ?? "Dieses Bild kann nicht verwendet werden.") : e.message;
}

export async function uploadShopperImage(store: AssetStore, bytes: Buffer, proxy: string, locale?: string) {
  if (bytes.length > DEFAULTS.maxImageBytes) {
    throw new ProxyInputError(413, locale?.startsWith("de") ? "Die Datei ist zu groß (höchstens 15 MB)." : "The file is too large (at most 15 MB).", "too_large");
  }
  let r;
  try {
    r = await intakeDesign(bytes, { maxBytes: DEFAULTS.maxImageBytes });
  } catch (e) {
    if (e instanceof DesignRejectedError) throw new ProxyInputError(422, intakeMessage(e, locale), e.code);
    throw e;
  }
  const { key } = await storeIntake(store, r, { uploadedBy: "shopper" });
  return { image: key, width: r.width, height: r.height, url: `${proxy}/design-assets/${key}` };
}

/** The bytes and media type of one of this shop's shopper assets, or null (unknown here: 404, whoever owns it). */
export async function shopperAsset(store: AssetStore, key: string): Promise<{ bytes: Buffer; mediaType: string } | null> {
  if (!/^[0-9a-f]{64}$/.test(key)) return null;
  const info = await store.info(key);
  if (!info || !READABLE.has(info.kind)) return null;
  return { bytes: await store.get(key), mediaType: info.mediaType };
}

/** The merchant's policy for the editor: the shop's settings section `editor` (app/shopify/settings.server.ts), defaults when unset. */
export async function readEditorPolicy(db: Db, shop: string): Promise<EditorPolicy> {
  const p = editorPolicySchema.safeParse((await readSettingsSection(db, shop, "editor")) ?? {});
  return p.success ? p.data : editorPolicySchema.parse({});
}

/** Saves the merchant's editor policy, keeping every other setting. */
export async function saveEditorPolicy(db: Db, shop: string, input: unknown): Promise<EditorPolicy> {
  const policy = editorPolicySchema.parse(input);
  await writeSettingsSection(db, shop, "editor", policy);
  return policy;
}

/** The product's model as the storefront sees it: its library GLB, print areas and printable materials. */
export interface DesignModel {
  name: string;
  /** the model the passes are rendered from (no decal layer) */
  glb: Uint8Array;
  /** the GLB the storefront shows (colour variants, maybe a decal layer); default `glb` */
  viewerGlb?: Uint8Array;
  printAreas: PrintArea[];
  tintMaterials: string[];
}

/** The model a product was set up with (ProductSetup), or null when it has none here or the merchant switched it off (as findLiveProduct). */
export async function productModel(db: Db, shop: string, productId: string): Promise<DesignModel | null> {
  const numeric = productId.replace(/^gid:\/\/shopify\/Product\//, "");
  const setup = await db.productSetup.findFirst({ where: { shop, enabled: true, productId: { in: [numeric, `gid://shopify/Product/${numeric}`] } } });
  if (!setup) return null;
  const m = await loadModel(setup.modelName);
  return { name: setup.modelName, glb: m.glb, printAreas: m.info.printAreas, tintMaterials: m.info.tintMaterials };
}

/** Passes per (model, view, size), rasterised once per process (Blender passes from the pipeline can replace these). */
const passCache = new Map<string, Promise<Passes>>();
export function modelPasses(model: DesignModel, view: View, size: number): Promise<Passes> {
  const id = `${model.name}/${view}/${size}`;
  let p = passCache.get(id);
  if (!p) {
    p = rasteriseGlb(model.glb, { view, size, tintMaterials: model.tintMaterials }).then((r) => r.passes);
    p.catch(() => passCache.delete(id));
    passCache.set(id, p);
    while (passCache.size > 16) passCache.delete(passCache.keys().next().value as string);
  }
  return p;
}

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
  store: AssetStore;
  model: DesignModel;
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
  const { doc, warnings } = prepareDocument(o.document, o.model.printAreas, o.policy, images);
  if (!doc.areas.some((a) => a.layers.length)) throw new DesignDocumentError("invalid", { detail: "the design is empty" });
  const docJson = JSON.stringify(doc);
  const docKey = await o.store.put(Buffer.from(docJson), { kind: "design_document", mediaType: "application/json", meta: { model: o.model.name, color: o.color } });
  const atlasSize = 2048;
  const atlas = await renderAtlas(doc, o.model.printAreas, images, atlasSize);
  // derived from the document (meta names its key): customers/redact follows it
  const atlasKey = await o.store.put(atlas, { kind: "design_atlas", mediaType: "image/png", width: atlasSize, height: atlasSize, meta: { document: docKey } });
  const byView: Partial<Record<View, { key: string; width: number; height: number }>> = {};
  for (const view of o.views ?? DEFAULTS.views) {
    const passes = await modelPasses(o.model, view, o.mockupSize ?? DEFAULTS.mockupSize);
    const m = await renderDesignMockup({ atlasPng: atlas, atlasKey, passes, color: o.color, format: "jpeg" });
    byView[view] = { key: await o.store.put(m.bytes, { kind: "design_mockup", mediaType: m.mediaType, width: m.width, height: m.height, meta: { document: docKey, view } }), width: m.width, height: m.height };
  }
  const glb = await designGlb(o.model.viewerGlb ?? o.model.glb, atlas, { printAreas: o.model.printAreas, printableMaterials: o.model.tintMaterials, color: o.color });
  const glbKey = await o.store.put(glb, { kind: "design_glb", mediaType: "model/gltf-binary", meta: { document: docKey } });
  const hex = o.color.slice(1).toLowerCase();
  const previews = {
    glb: glbKey,
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

/** Reads at most `max` bytes of a request body; refuses by Content-Length first, then while streaming. */
export async function readLimited(request: Request, max: number): Promise<Buffer> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > max) throw new ProxyInputError(413, `the body is larger than ${max} bytes`, "too_large");
  if (!request.body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const c of request.body as unknown as AsyncIterable<Uint8Array>) {
    n += c.length;
    if (n > max) throw new ProxyInputError(413, `the body is larger than ${max} bytes`, "too_large");
    chunks.push(Buffer.from(c));
  }
  return Buffer.concat(chunks);
}

/** The proxy prefix the shopper's browser uses (Shopify forwards it as `path_prefix`), for URLs in answers. */
export function proxyPrefix(url: URL): string {
  const p = url.searchParams.get("path_prefix") ?? "";
  return /^\/(apps|a|community|tools)\/[A-Za-z0-9_-]{1,60}$/.test(p) ? p : "/apps/mockup";
}

export function localeOf(url: URL): string {
  const l = url.searchParams.get("locale") ?? "";
  return /^[a-z]{2}(-[A-Za-z]{2})?$/.test(l) ? l : "en";
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", ...headers } });
}
