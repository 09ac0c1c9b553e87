/**
 * The storefront metafield: the one JSON document the publish step writes on a product and the storefront block
 * (theme app extension), the design editor and the server mockup read. It is public (storefront PUBLIC_READ), so it
 * carries only what a shopper's browser may see: URLs, names, sizes. Never a token, a shop secret or an asset key
 * of another product.
 *
 * Where it lives: namespace `$app` (the app's reserved namespace; the only one `shopify.app.toml` can declare),
 * key `mockup_viewer`, type `json`. Shopify stores `$app` as `app--{appId}` and Liquid must name that resolved form:
 *   {{ product.metafields['app--123456'].mockup_viewer.value }}
 * The publish step reads the resolved namespace back from Shopify (metafieldsSet answers it) and records it, so
 * nobody has to guess the app id; `resolveAppNamespace` is the same rule for tests and tooling.
 *
 * Versioning: `schemaVersion` is bumped only for a change a reader cannot ignore (a field removed or its meaning
 * changed). Additive fields keep the version; readers must ignore fields they do not know (the schema is not strict).
 */
import { z } from "zod";
import { colorSchema } from "./colour";
import { printAreaSchema } from "./print-area";
import { VIEWS, viewSchema } from "./view";

/**
 * Bumped only on a breaking change; readers refuse a document whose version they do not know.
 * 2: the tee and hoodie were re-cut to a size chart (docs/decisions/130): their print areas' UV rectangles moved,
 * so documents written for the old garments must be re-published with the new GLB and rectangles.
 * 3: the hoodie was re-cut with a three-panel hood and re-draped (docs/decisions/133): its print areas' UV
 * rectangles moved again; documents written with version 2 must be re-published.
 * 4: the hoodie's hood was re-cut (centre strip to the neck seam, graded to the chart's hood height,
 * docs/decisions/135): the UV layout's scale changed, so its print areas' rectangles moved; re-publish.
 */
export const STOREFRONT_METAFIELD_SCHEMA_VERSION = 4;

/** The namespace as written through the Admin API (`$app` = this app's reserved namespace). */
export const STOREFRONT_METAFIELD_NAMESPACE = "$app";
/** The key, as declared in shopify.app.toml (`[product.metafields.app.mockup_viewer]`). */
export const STOREFRONT_METAFIELD_KEY = "mockup_viewer";
export const STOREFRONT_METAFIELD_TYPE = "json";

/** Views a poster may be published for: the shared view contract (app/contracts/view.ts). */
export const POSTER_VIEWS = VIEWS;
export const posterViewSchema = viewSchema;
export type PosterView = z.infer<typeof posterViewSchema>;

const httpsUrl = z
  .string()
  .max(2048)
  .refine((u) => /^https?:\/\//.test(u), "must be an absolute http(s) URL");

/** A published image: its URL (Shopify CDN: append `&width=` for a srcset) and its pixel size. */
export const posterSchema = z.object({
  url: httpsUrl,
  width: z.number().int().positive().max(8192),
  height: z.number().int().positive().max(8192),
  /** Shopify MediaImage id when the image is product media; absent when served from the app */
  mediaId: z.string().optional(),
});
export type Poster = z.infer<typeof posterSchema>;

/** A printable region on the model: the shared print-area contract (UV rectangle, glTF v down; size in cm; safe area). */
export const metafieldPrintAreaSchema = printAreaSchema;
export type MetafieldPrintArea = z.infer<typeof metafieldPrintAreaSchema>;

export const metafieldVariantSchema = z.object({
  /** the variant's GraphQL id (the map key is its numeric id, which Liquid and the theme's form use) */
  gid: z.string().regex(/^gid:\/\/shopify\/ProductVariant\/\d+$/),
  /** KHR_materials_variants name in the GLB to select for this variant (model-viewer `variantName`) */
  materialVariant: z.string().min(1).max(64),
  color: colorSchema.optional(),
  /** the mockup per view for this variant; the block shows `posters[views[0]]` first */
  posters: z.partialRecord(posterViewSchema, posterSchema),
});
export type MetafieldVariant = z.infer<typeof metafieldVariantSchema>;

export const metafieldModelSchema = z.object({
  /** the GLB (KHR_materials_variants inside) */
  url: httpsUrl,
  /**
   * `shopify`: Shopify-hosted Model3d media (url is its GLB source on the CDN; AR Quick Look has `usdzUrl`);
   * `app`: served from our own asset URL, because the shop hit its 3D media limit (or media processing failed)
   */
  source: z.enum(["shopify", "app"]),
  /** Shopify Model3d media id when `source` is `shopify` */
  mediaId: z.string().optional(),
  /** Shopify's USDZ conversion (iOS Quick Look), when it has one; it shows the default material variant */
  usdzUrl: httpsUrl.optional(),
  bytes: z.number().int().positive().optional(),
});
export type MetafieldModel = z.infer<typeof metafieldModelSchema>;

export const storefrontMetafieldSchema = z.object({
  schemaVersion: z.literal(STOREFRONT_METAFIELD_SCHEMA_VERSION),
  productId: z.string().regex(/^gid:\/\/shopify\/Product\/\d+$/),
  /** ISO time of the publish that wrote it */
  publishedAt: z.iso.datetime(),
  /** the model; null when the product has only images (no 3D published) */
  model: metafieldModelSchema.nullable(),
  /** the views published, in display order (the first is the poster) */
  views: z.array(posterViewSchema).min(1).max(POSTER_VIEWS.length),
  /** keyed by the variant's numeric id as a string ("44012345678") */
  variants: z.record(z.string().regex(/^\d+$/), metafieldVariantSchema),
  printAreas: z.array(metafieldPrintAreaSchema).max(16),
});
export type StorefrontMetafield = z.infer<typeof storefrontMetafieldSchema>;

export const DEFAULTS = {
  namespace: STOREFRONT_METAFIELD_NAMESPACE,
  key: STOREFRONT_METAFIELD_KEY,
  type: STOREFRONT_METAFIELD_TYPE,
  schemaVersion: STOREFRONT_METAFIELD_SCHEMA_VERSION,
} as const;

/**
 * `$app` → `app--{appId}`, `$app:design` → `app--{appId}--design` (Shopify's rule for reserved namespaces);
 * anything else is returned unchanged. `appId` is what Shopify puts there (the app's id; read it back from a written
 * metafield's `namespace` rather than assuming which id it is).
 */
export function resolveAppNamespace(appId: string | number, namespace: string = STOREFRONT_METAFIELD_NAMESPACE): string {
  const id = String(appId).trim();
  if (!/^[A-Za-z0-9_-]+$/.test(id)) throw new Error(`app id must be alphanumeric, got "${id}"`);
  if (namespace === "$app") return `app--${id}`;
  if (namespace.startsWith("$app:")) {
    const sub = namespace.slice("$app:".length);
    if (!/^[A-Za-z0-9_-]+$/.test(sub)) throw new Error(`bad app sub-namespace "${sub}"`);
    return `app--${id}--${sub}`;
  }
  return namespace;
}

/** The app id inside a resolved namespace (`app--123456` or `app--123456--design` → "123456"), or null. */
export function appIdFromNamespace(resolved: string): string | null {
  const m = /^app--([A-Za-z0-9_]+)(?:--[A-Za-z0-9_-]+)?$/.exec(resolved);
  return m ? m[1] : null;
}

/** The Liquid expression a theme block uses to read the document (its `.value` is the parsed JSON). */
export function liquidMetafieldPath(resolvedNamespace: string, key: string = STOREFRONT_METAFIELD_KEY): string {
  return `product.metafields['${resolvedNamespace}'].${key}.value`;
}

/** "gid://shopify/ProductVariant/44012345678" → "44012345678" (the metafield's variant key). */
export function numericId(gid: string): string {
  const m = /\/(\d+)$/.exec(gid);
  if (!m) throw new Error(`not a Shopify gid: "${gid}"`);
  return m[1];
}

export type ParseResult = { ok: true; value: StorefrontMetafield } | { ok: false; error: string };

/**
 * Reads a metafield value (JSON text or the already-parsed object Liquid hands to JS). Never throws: a reader
 * shows the product without 3D rather than breaking the page.
 */
export function parseStorefrontMetafield(value: unknown): ParseResult {
  let data = value;
  if (typeof value === "string") {
    try {
      data = JSON.parse(value);
    } catch {
      return { ok: false, error: "metafield is not JSON" };
    }
  }
  const version = (data as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (version !== STOREFRONT_METAFIELD_SCHEMA_VERSION) {
    return { ok: false, error: `unknown schemaVersion ${JSON.stringify(version)} (this reader knows ${STOREFRONT_METAFIELD_SCHEMA_VERSION})` };
  }
  const r = storefrontMetafieldSchema.safeParse(data);
  if (!r.success) return { ok: false, error: r.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ") };
  return { ok: true, value: r.data };
}
