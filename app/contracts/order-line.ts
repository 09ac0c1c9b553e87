/**
 * The cart/order contract: how a shopper's design rides on a cart line and comes back in the order.
 *
 * Cart (the storefront block, `/cart/add.js` or the theme's form): two line item properties on the product's own
 * variant — never a product or a variant per design.
 *   `_design_id`  the Design row's id (hidden: Shopify and themes hide keys starting with "_", the order keeps it)
 *   `Design`      an absolute link to the shopper's mockup through the app proxy
 *                 (https://{shop}/apps/mockup/designs/{id}/{file}); it outlives any short-lived storage URL and is
 *                 what the merchant and the shopper see on the cart, checkout, order and emails.
 * Order (orders/create): the design id is read back from `line_items[].properties`, resolved in that shop only.
 * Stored per order: its id and name; per line: its id, the design id, how it resolved, the merchant's review.
 */
import { z } from "zod";

/** The hidden line item property that carries the design id. */
export const DESIGN_ID_PROPERTY = "_design_id";
/** The visible line item property linking to the mockup the shopper saw. */
export const DESIGN_LINK_PROPERTY = "Design";

/** Design ids are cuids (what Prisma makes for Design.id). */
export const designIdSchema = z.string().regex(/^[a-z0-9]{10,40}$/, "a design id is 10–40 lowercase letters and digits");

/** The app proxy's storefront path (shopify.app.toml [app_proxy]: prefix "apps", subpath "mockup"). */
export const PROXY_PATH = "/apps/mockup";

/** A mockup file of a design as the proxy serves it: `{colour hex}-{view}.jpg` (app/storefront/designs.server.ts). */
export function designMockupPath(designId: string, file: string): string {
  designIdSchema.parse(designId);
  if (!/^[0-9a-f]{6}-[a-z_]{3,20}\.jpg$/.test(file)) throw new Error(`not a design mockup file name: ${file}`);
  return `${PROXY_PATH}/designs/${designId}/${file}`;
}

export const cartPropertiesSchema = z.object({
  [DESIGN_ID_PROPERTY]: designIdSchema,
  [DESIGN_LINK_PROPERTY]: z.string().url().max(500),
});
export type CartProperties = z.infer<typeof cartPropertiesSchema>;

/** The two properties for a design, with the link made absolute against the storefront's origin. */
export function cartProperties(designId: string, mockupUrl: string, origin: string): CartProperties {
  return cartPropertiesSchema.parse({ [DESIGN_ID_PROPERTY]: designId, [DESIGN_LINK_PROPERTY]: new URL(mockupUrl, origin).href });
}

const numericId = z.union([z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER), z.string().regex(/^\d{1,20}$/)]).transform(String);
const gid = (type: string) => z.string().regex(new RegExp(`^gid://shopify/${type}/\\d{1,20}$`)).transform((s) => s.slice(s.lastIndexOf("/") + 1));

/** A property as order webhooks send it; values can be any JSON in the wild. */
const propertySchema = z.object({ name: z.string().max(255), value: z.unknown() });

/**
 * A line's properties as order webhooks send them (`[{name, value}]`). Malformed properties never cost the other
 * lines their print files: an entry of another shape is skipped, and anything but a list reads as no properties
 * (a line whose design id is then missing or not an id is simply not a design line, or an `invalid` one).
 */
const propertiesSchema = z.unknown().transform((v) => {
  if (!Array.isArray(v)) return null;
  return v.flatMap((p) => {
    const r = propertySchema.safeParse(p);
    return r.success ? [r.data] : [];
  });
});

/**
 * The id of an order or line: its `admin_graphql_api_id` when present (a string: exact even where the numeric id
 * would lose digits in JSON.parse), else the numeric `id`.
 */
function exactId(type: string, o: { id: number | string; admin_graphql_api_id?: string }, ctx: z.RefinementCtx): string {
  const id = o.admin_graphql_api_id ?? numericId.safeParse(o.id).data;
  if (id) return id;
  ctx.addIssue({ code: "custom", message: `${type} id must be a positive integer (or admin_graphql_api_id)`, path: ["id"] });
  return z.NEVER;
}

const anyId = z.union([z.number(), z.string()]);

/** Most line items an order may have (Shopify's checkout limit); the order job has a step per design line, so as many. */
export const MAX_ORDER_LINES = 500;

const lineItemSchema = z
  .object({ id: anyId, admin_graphql_api_id: gid("LineItem").optional(), product_id: numericId.nullish(), properties: propertiesSchema })
  .transform((o, ctx) => ({ id: exactId("LineItem", o, ctx), product_id: o.product_id, properties: o.properties }));

/**
 * The fields of the orders/create payload we read — nothing else is parsed or kept (no customer, address, email,
 * price): `id`/`admin_graphql_api_id`, `name`, `line_items[].id`/`admin_graphql_api_id`, `line_items[].product_id`,
 * `line_items[].properties`.
 */
export const orderPayloadSchema = z
  .object({
    id: anyId,
    admin_graphql_api_id: gid("Order").optional(),
    name: z.string().max(100).default(""),
    line_items: z.array(lineItemSchema).max(MAX_ORDER_LINES).default([]),
  })
  .transform((o, ctx) => ({ id: exactId("Order", o, ctx), name: o.name, line_items: o.line_items }))
  .superRefine((o, ctx) => {
    const seen = new Set<string>();
    o.line_items.forEach((l, i) => {
      if (seen.has(l.id)) ctx.addIssue({ code: "custom", message: `line item id ${l.id} appears twice`, path: ["line_items", i, "id"] });
      seen.add(l.id);
    });
  });
export type OrderPayload = z.infer<typeof orderPayloadSchema>;

/** How an ordered line's design resolved in its shop. */
export const LINE_STATES = ["ok", "unknown", "invalid", "redacted", "no_setup"] as const;
export type LineState = (typeof LINE_STATES)[number];
export const REVIEW_STATES = ["pending", "approved", "rejected"] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];

/** The stored order line (DesignOrderLine). */
export const orderLineSchema = z.object({
  lineId: z.string().regex(/^\d{1,20}$/),
  /** as received: it may not be a valid id (state "invalid") */
  designId: z.string().max(64),
  state: z.enum(LINE_STATES),
  review: z.enum(REVIEW_STATES).default("pending"),
  reviewReason: z.string().max(500).nullish(),
});
export type OrderLine = z.infer<typeof orderLineSchema>;

/** The design id a line carries, trimmed; null when the line has none (a plain product line). */
export function lineDesignId(properties: OrderPayload["line_items"][number]["properties"]): string | null {
  const p = properties?.find((x) => x.name === DESIGN_ID_PROPERTY);
  if (!p) return null;
  // a value that is not text is kept as its JSON (the line is then `invalid`, and the admin shows what came)
  const value = typeof p.value === "string" ? p.value : (JSON.stringify(p.value) ?? "");
  return value.trim().slice(0, 64);
}

/** A merchant's rejection reason: required, one paragraph. */
export const reviewReasonSchema = z.string().trim().min(3).max(500);

export const DEFAULTS = {
  idProperty: DESIGN_ID_PROPERTY,
  linkProperty: DESIGN_LINK_PROPERTY,
  proxyPath: PROXY_PATH,
} as const;
