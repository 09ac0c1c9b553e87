/**
 * What the storefront path needs about a shop's product to render a shopper's design fast: the merchant's setup
 * (model, colours, views), the compositing passes per view and the decal template GLB. The pipeline already made
 * passes and the variant GLB; they are found through the step cache's stale keys (the last good result per
 * subject). A product whose pipeline has not run yet still gets a preview: passes from the built-in rasteriser
 * and the GLB from the library, built once per process and kept in memory (derived data, nothing stored).
 */
import type { AssetStore } from "../assets/store/types";
import type { Db } from "../db/client.server";
import { importModel } from "../gltf/import";
import { writeGlb } from "../gltf/optimise";
import { processModel } from "../gltf/process";
import { addColorVariants } from "../gltf/variants";
import { loadModel } from "../library/index";
import { isImportedName, loadShopModel, shopModelInfo } from "../library/imported.server";
import type { PassKeys } from "../mockups/passes/cache";
import { decodePasses, type Passes } from "../mockups/passes/format";
import { rasteriseGlb } from "../mockups/passes/rasterise";
import { colorSchema, type Color } from "../contracts/colour";
import type { ModelInfo } from "../contracts/model-info";
import { DEFAULTS as VIEW_DEFAULTS, viewSchema, type View as ViewName } from "../contracts/view";
import { lookupStale } from "../pipeline/step-cache";
import { buildDecalTemplate, type DecalTemplate } from "./decal-glb";

export interface LiveProduct {
  /** numeric Shopify product id */
  productId: string;
  /** what ProductSetup stores (gid or numeric) — the pipeline's staleKeys use it */
  setupProductId: string;
  model: string;
  info: ModelInfo;
  colors: Color[];
  views: ViewName[];
}

/**
 * How long an upload may reuse what the last one read about the product (its setup, the pipeline's passes and
 * GLB): three queries and a model copy less per upload; a merchant's change or a new pipeline run shows within it.
 */
export const DEFAULTS = { recentMs: 10_000 } as const;

const recent = new Map<string, { at: number; value: Promise<unknown> }>();

/**
 * `build()`'s answer for `key`, shared for `recentMs` (failures are not kept; null answers only with `keepNull`).
 * The upload path reads the product, the pipeline's outputs and the shop's provider order through it.
 */
export function recently<T>(key: string, build: () => Promise<T>, opts: { keepNull?: boolean } = {}): Promise<T> {
  const hit = recent.get(key);
  if (hit && Date.now() - hit.at < DEFAULTS.recentMs) return hit.value as Promise<T>;
  const value = build();
  recent.set(key, { at: Date.now(), value });
  value.then((v) => v === null && !opts.keepNull && recent.delete(key), () => recent.delete(key));
  if (recent.size > 5000) for (const [k, e] of recent) if (Date.now() - e.at >= DEFAULTS.recentMs) recent.delete(k);
  return value;
}

/** The merchant's enabled setup for this product in this shop, or null (unknown, disabled, or another shop's). */
export async function findLiveProduct(db: Db, shop: string, productId: string): Promise<LiveProduct | null> {
  if (!/^\d{1,20}$/.test(productId)) return null;
  return recently(`product|${shop}|${productId}`, () => readLiveProduct(db, shop, productId));
}

async function readLiveProduct(db: Db, shop: string, productId: string): Promise<LiveProduct | null> {
  const gid = `gid://shopify/Product/${productId}`;
  const setup = await db.productSetup.findFirst({ where: { shop, productId: { in: [gid, productId] }, enabled: true } });
  if (!setup) return null;
  const colors = parseJson(setup.colors, []).flatMap((c) => {
    const r = colorSchema.safeParse(c);
    return r.success ? [r.data] : [];
  });
  const views = parseJson(setup.views, VIEW_DEFAULTS.views).filter((v): v is ViewName => viewSchema.safeParse(v).success);
  const info = await shopModelInfo(db, shop, setup.modelName);
  return { productId, setupProductId: setup.productId, model: setup.modelName, info, colors, views: views.length ? views : [...VIEW_DEFAULTS.views] };
}

function parseJson(text: string, fallback: unknown[]): unknown[] {
  try {
    const v = JSON.parse(text);
    return Array.isArray(v) ? v : fallback;
  } catch {
    return fallback;
  }
}

/** A small promise LRU: concurrent callers share one build; failures are not kept. */
export class Memo<T> {
  private readonly map = new Map<string, Promise<T>>();
  constructor(private readonly max: number) {}
  get(key: string, build: () => Promise<T>): Promise<T> {
    let p = this.map.get(key);
    if (p) {
      this.map.delete(key);
      this.map.set(key, p);
      return p;
    }
    p = build();
    p.catch(() => this.map.delete(key));
    this.map.set(key, p);
    while (this.map.size > this.max) this.map.delete(this.map.keys().next().value as string);
    return p;
  }
  clear() {
    this.map.clear();
  }
}

const rasterPasses = new Memo<Passes>(16);
const templates = new Memo<DecalTemplate>(32);
const libraryGlbs = new Memo<Uint8Array>(16);

/**
 * Passes for a view: the pipeline's (Blender when it ran, its raster stand-in otherwise) by their asset keys, so
 * the shared pass cache decodes them once; else rasterised here from the library model.
 */
export async function livePasses(db: Db, shop: string, product: LiveProduct, view: ViewName, size: number): Promise<PassKeys | Passes> {
  // "no pipeline output yet" is kept too: a product set up but not yet run costs no query per upload either
  const stale = await recently(`stale|${shop}|passes/${product.model}/${view}`, () => lookupStale(db, shop, `passes/${product.model}/${view}`), { keepNull: true });
  const a = stale?.output.assets;
  if (a?.uv && a.shading && a.mask) return { uv: a.uv, shading: a.shading, mask: a.mask };
  return rasterPasses.get(`${product.model}|${view}|${size}`, async () => {
    const { glb, info } = await loadModel(product.model);
    const r = await rasteriseGlb(glb, { view, size, tintMaterials: info.tintMaterials });
    return decodePasses(r.encoded, size);
  });
}

/** The decal template for the product's colour-variant GLB (the pipeline's, else built from the library). */
export async function liveDecalTemplate(db: Db, assets: AssetStore, shop: string, product: LiveProduct): Promise<DecalTemplate> {
  const stale = await recently(`stale|${shop}|variants/${product.setupProductId}`, () => lookupStale(db, shop, `variants/${product.setupProductId}`), { keepNull: true });
  const glbKey = stale?.output.assets.glb;
  const colours = product.colors.map((c) => `${c.name}=${c.hex}`).join(",");
  const id = glbKey ? `asset:${shop}:${glbKey}` : `library:${product.model}:${colours}`;
  return templates.get(id, async () => {
    const glb = glbKey ? await assets.get(glbKey) : await libraryVariantGlb(db, assets, shop, product);
    return buildDecalTemplate(glb, product.info.printAreas, { tintMaterials: product.info.tintMaterials });
  });
}

function libraryVariantGlb(db: Db, assets: AssetStore, shop: string, product: LiveProduct): Promise<Uint8Array> {
  const colours = product.colors.map((c) => `${c.name}=${c.hex}`).join(",");
  // an imported model is the shop's own (its GLB is in the shop's asset store): the memo key names the shop
  const owner = isImportedName(product.model) ? `${shop}|` : "";
  return libraryGlbs.get(`${owner}${product.model}|${colours}`, async () => {
    const { glb, info } = await loadShopModel(db, assets, shop, product.model);
    const r = await processModel(glb, { fileName: `${product.model}.glb`, productType: info.productType });
    const { doc } = await importModel(r.glb, { fileName: `${product.model}.glb` });
    if (product.colors.length) await addColorVariants(doc, { colors: product.colors, tintMaterials: info.tintMaterials });
    return writeGlb(doc);
  });
}

/** tests: forget the in-memory builds */
export function clearLiveCaches(): void {
  rasterPasses.clear();
  templates.clear();
  recent.clear();
  libraryGlbs.clear();
}
