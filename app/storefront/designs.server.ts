/**
 * Shopper designs through the app proxy: `POST /apps/mockup/designs` → `/proxy/designs`, and the files it
 * hands out (`GET /proxy/designs/{id}/…`). The route has verified Shopify's signature, so `shop`,
 * `logged_in_customer_id` and `path_prefix` are Shopify's word; the signature covers the query only, so the
 * body is untrusted: its size is limited before and while reading, and design intake (the same limits as the
 * admin) sniffs, sanitises and re-encodes it before anything is stored. The answer comes once every mockup and
 * the design GLB are stored, so its URLs always resolve.
 */
import { z } from "zod";
import type { AssetStore } from "../assets/store/types";
import type { Db } from "../db/client.server";
import { DesignRejectedError, intakeDesign, storeIntake, type IntakeResult } from "../designs/intake";
import { findArea } from "../contracts/print-area";
import { placementSchema } from "../contracts/placement";
import { viewSchema, type View as ViewName } from "../contracts/view";
import { isVisible } from "../pipeline/pipelines/product";
import { logger } from "../monitoring/logger.server";
import { localLiveProvider, type LiveMockupProvider } from "./live-provider";
import { findLiveProduct, liveDecalTemplate, livePasses } from "./live-product.server";
import { shopperLocale, shopperMessage, type ShopperLocale, type StorefrontErrorCode } from "./messages";
import { clientKey, rateLimitFromEnv, type RateLimiter } from "./rate-limit";

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
  limiter: RateLimiter;
  trustedHops: number;
  provider?: LiveMockupProvider;
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

export class StorefrontError extends Error {
  constructor(
    readonly code: StorefrontErrorCode,
    readonly status: number,
    readonly detail?: string,
    readonly retryAfterSec?: number,
  ) {
    super(detail ?? code);
  }
}

function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", ...headers },
  });
}

export function errorResponse(err: StorefrontError, locale: ShopperLocale): Response {
  const headers: Record<string, string> = { "Content-Language": locale };
  if (err.retryAfterSec) headers["Retry-After"] = String(err.retryAfterSec);
  return json({ error: err.code, message: shopperMessage(err.code, locale), ...(err.detail ? { detail: err.detail } : {}) }, err.status, headers);
}

const INTAKE_STATUS: Partial<Record<string, number>> = { too_large: 413, unknown_type: 415, polyglot: 415 };

/** The body, at most `max` bytes: refused from Content-Length before reading, and while reading if it lies. */
export async function readLimited(request: Request, max: number): Promise<Buffer> {
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > max) throw new StorefrontError("too_large", 413, `declared ${declared} bytes; the limit is ${max}`);
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel().catch(() => {});
      throw new StorefrontError("too_large", 413, `more than ${max} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total);
}

/** the proxy prefix as Shopify sent it, if it has the shape Shopify allows; else ours */
function safePrefix(p: string): string {
  return /^\/(apps|a|community|tools)\/[A-Za-z0-9_-]{1,30}$/.test(p) ? p : "/apps/mockup";
}

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
  const locale = shopperLocale(url.searchParams.get("locale"), request.headers.get("accept-language"));
  try {
    return json(await createDesign(request, url, ctx));
  } catch (err) {
    if (err instanceof StorefrontError) return errorResponse(err, locale);
    if (err instanceof DesignRejectedError) return errorResponse(new StorefrontError(err.code, INTAKE_STATUS[err.code] ?? 422, err.message), locale);
    logger.error({ err, shop: ctx.shop }, "storefront design failed");
    return errorResponse(new StorefrontError("unavailable", 503), locale);
  }
}

async function createDesign(request: Request, url: URL, ctx: DesignsContext): Promise<DesignAnswer> {
  // 1. the rate limit, before anything is read
  const rate = ctx.limiter.take(clientKey(ctx.shop, ctx.customerId, request.headers.get("x-forwarded-for"), ctx.trustedHops));
  if (!rate.ok) throw new StorefrontError("rate_limited", 429, undefined, rate.retryAfterSec);
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
  const body = await readLimited(request, maxBytes);
  const intake: IntakeResult = await intakeDesign(body, { maxBytes, printArea: findArea(product.info.printAreas, area.name), placement });

  // 4. store the design, render, store the previews; then the row that makes them findable
  const stored = await storeIntake(ctx.assets, intake, { uploadedBy: "shopper" });
  const [passes, decal] = await Promise.all([
    Promise.all(views.map(async (view) => ({ view, passes: await livePasses(ctx.db, ctx.shop, product, view, DEFAULTS.mockupSize) }))),
    liveDecalTemplate(ctx.db, ctx.assets, ctx.shop, product),
  ]);
  const provider = ctx.provider ?? defaultProvider;
  const out = await provider.render({
    assets: ctx.assets,
    printAreas: product.info.printAreas,
    color,
    design: { key: stored.key, png: intake.png },
    placement,
    views: passes,
    decal,
    area: area.name,
    size: DEFAULTS.mockupSize,
    meta: { source: "storefront", product: product.productId },
  });
  const hex = color.hex.slice(1).toLowerCase();
  const previews = { glb: out.glb.key, mockups: { [hex]: Object.fromEntries(out.mockups.map((m) => [m.view, m.key])) } };
  const row = await ctx.db.design.create({
    data: {
      shop: ctx.shop,
      assetKey: stored.key,
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
  const base = `${safePrefix(ctx.pathPrefix)}/designs/${row.id}`;
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

const defaultProvider = localLiveProvider();

const FILE_RE = /^([0-9a-f]{6})-(front|back|three_quarter|flat_lay)\.jpg$/;

/** GET /proxy/designs/{id}/{hex}-{view}.jpg | design.glb — only the signed shop's own designs (else 404). */
export async function getDesignFile(db: Db, assets: AssetStore, shop: string, id: string, file: string): Promise<Response> {
  const notFound = () => json({ error: "not_found" }, 404);
  if (!/^[a-z0-9]{10,40}$/.test(id)) return notFound();
  const row = await db.design.findFirst({ where: { id, shop, source: "shopper" }, select: { previews: true } });
  if (!row) return notFound();
  let previews: { glb?: string; mockups?: Record<string, Record<string, string>> };
  try {
    previews = JSON.parse(row.previews);
  } catch {
    return notFound();
  }
  let key: string | undefined;
  let type = "image/jpeg";
  const m = FILE_RE.exec(file);
  if (file === "design.glb") {
    key = previews.glb;
    type = "model/gltf-binary";
  } else if (m) {
    key = previews.mockups?.[m[1]]?.[m[2]];
  }
  if (!key) return notFound();
  const bytes = await assets.get(key).catch(() => null);
  if (!bytes) return notFound();
  // the bytes behind a URL never change (a design id is never reused), so caches may keep them
  return new Response(new Uint8Array(bytes), {
    status: 200,
    headers: { "Content-Type": type, "Content-Length": String(bytes.length), "Cache-Control": "public, max-age=31536000, immutable", "X-Content-Type-Options": "nosniff" },
  });
}

/** One limiter per process (MOCKUP_LIVE_RATE, MOCKUP_PROXY_TRUSTED_HOPS); tests and the benchmark make their own. */
export function processRateLimit(): { limiter: RateLimiter; trustedHops: number } {
  globalThis.__mockupLiveRate ??= rateLimitFromEnv();
  return globalThis.__mockupLiveRate;
}

declare global {
  var __mockupLiveRate: { limiter: RateLimiter; trustedHops: number } | undefined;
}
