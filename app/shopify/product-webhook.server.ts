/**
 * products/create and products/update: decide which product job to start, if any.
 * A ProductSetup saved by the merchant wins; otherwise the library model is inferred from the product
 * type/title and the colours from its Color/Colour/Farbe option. The job's dedupKey (product id + a hash
 * of the job inputs) makes a retried or duplicated delivery, or an unrelated edit, return the job already created.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import type { Db } from "../db/client.server";
import { zodIssueMsg } from "../i18n/issues.server";
import { msg, type Msg } from "../i18n/message";
import { storedText } from "../i18n/stored.server";
import { colorSchema, DEFAULTS as COLOUR_DEFAULTS, type Color } from "../contracts/colour";
import { DEFAULTS as VIEW_DEFAULTS, viewsSchema, type View } from "../contracts/view";
import { productJobSpec } from "../pipeline/pipelines/product";
import { createJob } from "../pipeline/jobs";
import { matchesAutomation, getPreferences } from "./preferences.server";
import { setupJobInputs, toSetupView } from "./product-setup.server";
import { colorHex, isColorOptionName } from "./color-names";
import type { HandlerResult } from "./webhook-deliveries.server";
import type { InboxHandler } from "./webhook-inbox.server";
import { WebhookPayloadError } from "./webhook-deliveries.server";

const idSchema = z.union([z.number().int().positive(), z.string().regex(/^\d{1,20}$/)]).transform(String);

/** The REST-shaped product payload Shopify sends; only the fields we use, the rest passes through. */
export const productPayloadSchema = z.object({
  id: idSchema,
  admin_graphql_api_id: z.string().startsWith("gid://shopify/Product/").optional(),
  title: z.string().max(512).default(""),
  product_type: z.string().max(255).nullish(),
  vendor: z.string().max(255).nullish(),
  /** REST payloads carry tags as one comma-separated string */
  tags: z
    .union([z.string().max(10_000), z.array(z.string().max(255)).max(250)])
    .nullish()
    .transform((t) => (Array.isArray(t) ? t : (t ?? "").split(",")).map((x) => x.trim()).filter(Boolean)),
  updated_at: z.string().max(64).nullish(),
  options: z
    .array(z.object({ name: z.string().max(255), values: z.array(z.string().max(255)).max(250).default([]) }))
    .max(10)
    .default([]),
});
export type ProductPayload = z.infer<typeof productPayloadSchema>;

export function parseProductPayload(payload: unknown): ProductPayload {
  const parsed = productPayloadSchema.safeParse(payload);
  if (!parsed.success) throw new WebhookPayloadError(`invalid product payload: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** Library model for a product, from its type first, then its title; undefined when nothing fits. */
export function inferModel(product: Pick<ProductPayload, "title" | "product_type">): string | undefined {
  for (const text of [product.product_type ?? "", product.title]) {
    if (/hoodie|hoody|kapuzenpullover/i.test(text)) return "hoodie";
    if (/\bt[\s-]?shirts?\b|\btees?\b/i.test(text)) return "tee";
  }
  return undefined;
}

export interface InferredColors {
  colors: Color[];
  unknown: string[];
  /** false when the product has no colour option at all */
  hasOption: boolean;
}

export function inferColors(options: ProductPayload["options"]): InferredColors {
  const option = options.find((o) => isColorOptionName(o.name));
  if (!option) return { colors: [], unknown: [], hasOption: false };
  const colors: Color[] = [];
  const unknown: string[] = [];
  for (const value of option.values) {
    const hex = colorHex(value);
    if (hex && !colors.some((c) => c.name === value.trim())) colors.push({ name: value.trim(), hex });
    else if (!hex) unknown.push(value);
  }
  return { colors: colors.slice(0, 30), unknown, hasOption: true };
}

/** A product without a colour option is made in one colour; white is the neutral base garment. */
const DEFAULT_COLORS: Color[] = [COLOUR_DEFAULTS.color];

const setupColorsSchema = z.array(colorSchema).min(1).max(30);

/** A saved setup's JSON text: unreadable JSON is an issue like any other, never a thrown SyntaxError (→ 500, retries). */
const jsonText = z.string().transform((s, ctx) => {
  try {
    return JSON.parse(s) as unknown;
  } catch {
    ctx.addIssue({ code: "custom", message: "not valid JSON" });
    return z.NEVER;
  }
});

/**
 * The same product with the same job inputs maps to one job, whichever webhook (create, update, a
 * re-delivery) brings it: edits that change nothing we render (price, stock, description) start nothing.
 */
export function jobDedupKey(productId: string, inputs: { model: string; colors: Color[]; views: string[]; designs: { key: string }[] }): string {
  const digest = createHash("sha256").update(JSON.stringify(inputs)).digest("hex").slice(0, 32);
  return `product:${productId}:${digest}`;
}

async function notify(db: Db, shop: string, level: "info" | "warning" | "critical", message: Msg) {
  await db.notification.create({ data: { shop, level, ...storedText(message) } });
}

export async function handleProductWebhook(
  db: Db,
  meta: { shop: string; webhookId: string },
  product: ProductPayload,
): Promise<HandlerResult> {
  const { shop } = meta;
  const gid = product.admin_graphql_api_id ?? `gid://shopify/Product/${product.id}`;
  const setup = await db.productSetup.findFirst({ where: { shop, productId: { in: [gid, product.id] } } });
  if (setup && !setup.enabled) return { outcome: "setup-disabled" };
  // the shop's automation rules: off stops every webhook pipeline; the filters pick products without a
  // setup (a product the merchant set up explicitly has its own switch, checked above)
  const { automation } = await getPreferences(db, shop);
  if (!automation.enabled) return { outcome: "automation-off" };
  if (!setup && !matchesAutomation(automation, { tags: product.tags, productType: product.product_type, vendor: product.vendor })) {
    return { outcome: "automation-filtered" };
  }

  let model: string | undefined;
  let colors: Color[];
  let views: View[] = [...VIEW_DEFAULTS.views];
  let designs: { key: string }[] = [];
  let mockupSize: 1024 | 2048 | undefined;
  let modelRevision: string | undefined;

  if (setup) {
    model = setup.modelName;
    const colorsJson = jsonText.safeParse(setup.colors);
    const viewsJson = jsonText.safeParse(setup.views);
    const unreadable = [!colorsJson.success && "colors", !viewsJson.success && "views"].filter(Boolean);
    if (unreadable.length > 0) {
      await notify(db, shop, "warning", msg("msg.webhook.setupUnreadable", { title: product.title, fields: unreadable.join(", ") }));
      return { outcome: "setup-invalid" };
    }
    const c = setupColorsSchema.safeParse(colorsJson.data);
    const v = viewsSchema.safeParse(viewsJson.data);
    if (!c.success) {
      await notify(db, shop, "warning", msg("msg.webhook.noValidColours", { title: product.title }));
      return { outcome: "setup-invalid" };
    }
    colors = c.data;
    if (v.success) views = v.data;
    // designs placed per view and print area (or the legacy single design), as the admin's Generate does
    const inputs = await setupJobInputs(db, shop, { ...toSetupView(setup), colors, views });
    designs = inputs.designs;
    if (inputs.mockupSize !== 1024) mockupSize = inputs.mockupSize;
    modelRevision = inputs.modelRevision;
  } else {
    model = inferModel(product);
    if (!model) return { outcome: "no-model" }; // not apparel we know: nothing to do, and nothing to nag about
    const inferred = inferColors(product.options);
    if (inferred.unknown.length > 0) {
      const names = inferred.unknown.map((u) => `"${u}"`).join(", ");
      await notify(db, shop, "warning", msg(`msg.webhook.coloursUnknown_${inferred.unknown.length > 1 ? "other" : "one"}`, { title: product.title, names }));
    }
    if (inferred.hasOption && inferred.colors.length === 0) return { outcome: "no-known-colors" };
    colors = inferred.hasOption ? inferred.colors : DEFAULT_COLORS;
  }

  const dedupKey = jobDedupKey(product.id, { model, colors, views, designs, ...(mockupSize ? { mockupSize } : {}), ...(modelRevision ? { modelRevision } : {}) });
  // loop guard: publishing writes media and a metafield, and Shopify answers each write with products/update.
  // Those echoes carry the inputs we just published (our writes change no job input), so they start nothing.
  const published = await db.publishState.findUnique({ where: { shop_productId: { shop, productId: gid } }, select: { inputsKey: true } });
  if (published?.inputsKey === dedupKey) return { outcome: "own-write" };

  let spec: ReturnType<typeof productJobSpec>;
  try {
    spec = productJobSpec({
      shop,
      productId: gid,
      model,
      colors,
      views,
      designs,
      ...(mockupSize ? { mockupSize } : {}),
      ...(modelRevision ? { modelRevision } : {}),
      priority: "batch",
      dedupKey,
    });
  } catch (err) {
    // a saved setup naming a model or colour the job spec refuses: tell the merchant, do not make Shopify retry
    if (!(err instanceof z.ZodError)) throw err;
    const first = err.issues[0];
    const reason = first ? zodIssueMsg(first) : msg("msg.input.invalid");
    await notify(db, shop, "warning", msg("msg.webhook.setupInvalid", { title: product.title, reason }));
    return { outcome: "setup-invalid" };
  }
  const job = await createJob(db, spec);
  return { outcome: "job", jobId: job.id };
}

/** The webhook inbox's handlers for the product topics, as Shopify spells them (the recorded header topic). */
export function productInboxHandlers(db: Db): Record<string, InboxHandler> {
  const handle: InboxHandler = (meta, payload) => handleProductWebhook(db, meta, parseProductPayload(payload));
  return { "products/create": handle, "products/update": handle };
}
