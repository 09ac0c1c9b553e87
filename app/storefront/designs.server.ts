/**
 * Shopper designs through the app proxy: `POST /apps/mockup/designs` → `/proxy/designs`, and the files it
 * hands out (`GET /proxy/designs/{id}/…`). The route has verified Shopify's signature, so `shop`,
 * `logged_in_customer_id` and `path_prefix` are Shopify's word; the signature covers the query only, so the
 * body is untrusted: its size is limited before and while reading, and design intake (the same limits as the
 * admin) sniffs, sanitises and re-encodes it before anything is stored. The answer comes once every mockup and
 * the design GLB are stored, so its URLs always resolve.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { AssetStore } from "../assets/store/types";
import type { Db } from "../db/client.server";
import { DesignRejectedError, intakeDesign, storeIntake, type IntakeResult } from "../designs/intake";
import { findArea } from "../contracts/print-area";
import { placementSchema } from "../contracts/placement";
import { isVisible, viewSchema, type View as ViewName } from "../contracts/view";
import { logger } from "../monitoring/logger.server";
import { withDecalImage } from "./decal-glb";
import type { DecalGlb, LiveMockupProvider, StoredGlb } from "./live-provider";
import { liveChain } from "./live-chain.server";
import { defaultConnectorKit } from "../connectors/shared/default-kit.server";
import { findLiveProduct, liveDecalTemplate, livePasses, Memo, recently } from "./live-product.server";
import { errorResponse, intakeError, json, limitRate, proxyPrefix, readLimited, requestLocale, StorefrontError } from "./proxy-http.server";

const MB = 1024 * 1024;

export interface DesignsContext {
  db: Db;
  /** the signed shop's asset store */
  assets: AssetStore;
  shop: string;
  /** Shopify's logged_in_customer_id ("" or absent: a guest) */
  customerId: string | null;
  /** Shopify's path_prefix, e.g. /apps/mockup (merchants can change it) */
  pathPrefix: string;
  provider?: LiveMockupProvider;
  /** the vendor connectors' kit (tests; default: the process's) */
  connectorKit?: import("../connectors/shared/connector").ConnectorKit;
  /** largest upload; default 25 MB (design intake's default, as in the admin) */
  maxBytes?: number;
}

export const DEFAULTS = { maxBytes: 25 * MB, mockupSize: 1024 as const };

const querySchema = z.object({
  product: z.string().regex(/^\d{1,20}$/),
  variant: z.string().regex(/^\d{1,20}$/).optional(),
  color: z.string().trim().max(64).optional(),
  views: z
    .string()
    .max(100)
    .optional()
    .transform((s, ctx) => {
      if (!s) return undefined;
      const r = z.array(viewSchema).max(4).safeParse(s.split(",").filter(Boolean));
      if (r.success) return r.data;
      ctx.addIssue({ code: "custom", message: "unknown view" });
      return z.NEVER;
    }),
  placement: z
    .string()
    .max(1000)
    .optional()
    .transform((s, ctx) => {
      try {
        return placementSchema.parse(s ? JSON.parse(s) : {});
      } catch {
        ctx.addIssue({ code: "custom", message: "bad placement" });
        return z.NEVER;
      }
    }),
});

export interface DesignAnswer {
  designId: string;
  product: string;
  /** the colour's name (= its material variant in the GLB) */
  color: string;
  mockups: { view: ViewName; url: string; width: number; height: number }[];
  glb: string;
  dpi: number | null;
  lowDpi: boolean;
}

/** POST /proxy/designs */
export async function postDesign(request: Request, ctx: DesignsContext): Promise<Response> {
  const url = new URL(request.url);
  const locale = requestLocale(request);
  try {
    const timing: Record<string, number> = {};
    const answer = await createDesign(request, url, ctx, timing);
    return json(answer, 200, { "Server-Timing": serverTiming(timing) });
  } catch (err) {
    if (err instanceof StorefrontError) return errorResponse(err, locale);
    if (err instanceof DesignRejectedError) return errorResponse(intakeError(err, ctx.maxBytes ?? DEFAULTS.maxBytes), locale);
    logger.error({ err, shop: ctx.shop }, "storefront design failed");
    return errorResponse(new StorefrontError("unavailable", 503), locale);
  }
}

/** `Server-Timing` (milliseconds per stage): what a slow upload spent its time on, in the browser's network panel. */
function serverTiming(t: Record<string, number>): string {
  return Object.entries(t).map(([k, v]) => `${k};dur=${v.toFixed(1)}`).join(", ");
}

async function createDesign(request: Request, url: URL, ctx: DesignsContext, timing: Record<string, number>): Promise<DesignAnswer> {
  const t0 = performance.now();
  let tLast = t0;
  const lap = (stage: string) => {
    const now = performance.now();
    timing[stage] = now - tLast;
    tLast = now;
  };
  // 1. the rate limit, before anything is read
  await limitRate("designs", request, ctx.shop, ctx.customerId);
  // 2. the signed query
  const q = querySchema.safeParse(Object.fromEntries(url.searchParams));
  if (!q.success) throw new StorefrontError("bad_request", 400, q.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
  const product = await findLiveProduct(ctx.db, ctx.shop, q.data.product);
  if (!product) throw new StorefrontError("product_unknown", 404);
  const color = q.data.color ? product.colors.find((c) => c.name === q.data.color) : product.colors[0];
  if (!color) throw new StorefrontError("color_unknown", 400, `known: ${product.colors.map((c) => c.name).join(", ")}`);
  const placement = q.data.placement;
  const area = product.info.printAreas.find((a) => a.name === placement.area);
  if (!area) throw new StorefrontError("bad_request", 400, `print area "${placement.area}" not on this product`);
  const views = product.views.filter((v) => isVisible(area.name, v) && (!q.data.views || q.data.views.includes(v)));
  if (!views.length) throw new StorefrontError("bad_request", 400, `no view of this product shows the ${area.name}`);

  // 3. the untrusted body: size-limited, then intake; nothing is stored before it passed
  const maxBytes = ctx.maxBytes ?? DEFAULTS.maxBytes;
  lap("check");
  const body = await readLimited(request, maxBytes);
  lap("read");
  const intake: IntakeResult = await intakeDesign(body, { maxBytes, printArea: findArea(product.info.printAreas, area.name), placement, keepPixels: true });
  lap("intake");

  // 4. store the design while the previews are rendered and stored; then the row that makes them findable
  const stored = storeIntake(ctx.assets, { ...intake, pixels: undefined }, { uploadedBy: "shopper" });
  stored.catch(() => {}); // awaited below; a render failure must not leave it unhandled
  const [passes, decal] = await Promise.all([
    Promise.all(views.map(async (view) => ({ view, passes: await livePasses(ctx.db, ctx.shop, product, view, DEFAULTS.mockupSize) }))),
    liveDecalTemplate(ctx.db, ctx.assets, ctx.shop, product),
  ]);
  lap("product");
  // the shop's mockup.live order: local first by default, VirtualThreads.io when the merchant enabled it (read
  // with the product, reused for the same 10 s: two settings reads and a key decryption less per upload)
  const provider =
    ctx.provider ??
    (ctx.connectorKit
      ? await liveChain(ctx.db, ctx.shop, { kit: ctx.connectorKit })
      : await recently(`live-chain|${ctx.shop}`, () => liveChain(ctx.db, ctx.shop, { kit: defaultConnectorKit })));
  const out = await provider.render({
    shop: ctx.shop,
    model: product.model,
    assets: ctx.assets,
    printAreas: product.info.printAreas,
    color,
    // the compositor caches the prepared design by this key for the views of this upload; the pixels are already
    // decoded, so a content hash (1 MB more through SHA-256 on the event loop, the store hashes it anyway) buys nothing
    design: { key: `shopper-upload-${randomUUID()}`, png: intake.png, pixels: intake.pixels },
    placement,
    views: passes,
    decal,
    area: area.name,
    size: DEFAULTS.mockupSize,
    meta: { source: "storefront", product: product.productId },
  });
  timing.compose = out.timings.composeMs;
  timing.decal = out.timings.glbMs;
  lap("render");
  const { key: designKey } = await stored;
  lap("store");
  const hex = color.hex.slice(1).toLowerCase();
  const previews: DesignPreviews = { glb: out.glb, mockups: { [hex]: Object.fromEntries(out.mockups.map((m) => [m.view, m.key])) } };
  const row = await ctx.db.design.create({
    data: {
      shop: ctx.shop,
      assetKey: designKey,
      name: "Storefront upload",
      source: "shopper",
      customerId: ctx.customerId || null,
      width: intake.width,
      height: intake.height,
      mediaType: intake.mediaType,
      productId: product.productId,
      previews: JSON.stringify(previews),
      // what the print file prints if this design is ordered (app/orders/resolve.server.ts)
      document: JSON.stringify(placement),
    },
    select: { id: true },
  });
  lap("db");
  timing.total = performance.now() - t0;
  const base = `${proxyPrefix(ctx.pathPrefix)}/designs/${row.id}`;
  return {
    designId: row.id,
    product: product.productId,
    color: color.name,
    mockups: out.mockups.map((m) => ({ view: m.view, url: `${base}/${hex}-${m.view}.jpg`, width: m.width, height: m.height })),
    glb: `${base}/design.glb`,
    dpi: intake.print?.dpi ?? null,
    lowDpi: intake.lowDpi,
  };
}

/** What a shopper design's `previews` column holds: the design GLB (whole, or template + texture) and mockups per colour. */
export interface DesignPreviews {
  glb?: string | StoredGlb | DecalGlb;
  /** hex colour (lower case, no #) → view → asset key */
  mockups?: Record<string, Record<string, string>>;
}

/** Decal templates by asset key: a few hundred KB each, the same for every design of a product. */
const templateBytes = new Memo<Buffer>(16);

/** The design GLB's bytes: stored whole, or joined from the product's template and the design's texture (~1 ms). */
async function designGlbBytes(assets: AssetStore, glb: DesignPreviews["glb"]): Promise<Uint8Array | null> {
  if (!glb) return null;
  if (typeof glb === "string") return assets.get(glb);
  if ("key" in glb) return assets.get(glb.key);
  await assets.info(glb.template).then((i) => i ?? Promise.reject(new Error("template not in this shop")));
  const [template, texture] = await Promise.all([templateBytes.get(glb.template, () => assets.get(glb.template)), assets.get(glb.texture)]);
  return withDecalImage(template, texture, glb.transform);
}

const FILE_RE = /^([0-9a-f]{6})-(front|back|three_quarter|flat_lay)\.jpg$/;

/** GET /proxy/designs/{id}/{hex}-{view}.jpg | design.glb — only the signed shop's own designs (else 404). */
export async function getDesignFile(db: Db, assets: AssetStore, shop: string, id: string, file: string): Promise<Response> {
  const notFound = () => json({ error: "not_found" }, 404);
  if (!/^[a-z0-9]{10,40}$/.test(id)) return notFound();
  const row = await db.design.findFirst({ where: { id, shop, source: "shopper" }, select: { previews: true } });
  if (!row) return notFound();
  let previews: DesignPreviews;
  try {
    previews = JSON.parse(row.previews);
  } catch {
    return notFound();
  }
  let bytes: Buffer | Uint8Array | null = null;
  let type = "image/jpeg";
  const m = FILE_RE.exec(file);
  if (file === "design.glb") {
    type = "model/gltf-binary";
    bytes = await designGlbBytes(assets, previews.glb).catch(() => null);
  } else if (m) {
    const key = previews.mockups?.[m[1]]?.[m[2]];
    bytes = key ? await assets.get(key).catch(() => null) : null;
  }
  if (!bytes) return notFound();
  // the bytes behind a URL never change (a design id is never reused), so caches may keep them
  return new Response(new Uint8Array(bytes), {
    status: 200,
    headers: { "Content-Type": type, "Content-Length": String(bytes.length), "Cache-Control": "public, max-age=31536000, immutable", "X-Content-Type-Options": "nosniff" },
  });
}
