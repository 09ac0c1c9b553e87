/**
 * orders/create: find the lines that carry a shopper's design (`_design_id`, app/contracts/order-line.ts), resolve
 * each design in this shop only, record the order (id, name, lines) and enqueue one `order` job that makes the
 * print files. Nothing is rendered here (the webhook must answer within seconds); nothing of another shop is read.
 * A line whose design is unknown, invalid, redacted or on a product without a setup is recorded with that state
 * (the Orders page shows it) and gets no print file; the others still do.
 */
import { z } from "zod";
import { designIdSchema, lineDesignId, orderPayloadSchema, type LineState, type OrderPayload } from "../contracts/order-line";
import type { PrintFileParamsInput } from "../contracts/printfile";
import type { Db } from "../db/client.server";
import { isUniqueViolation } from "../db/errors";
import { createJob } from "../pipeline/jobs";
import type { HandlerResult } from "../shopify/webhook-deliveries.server";
import { WebhookPayloadError } from "../shopify/webhook-deliveries.server";
import { msg } from "../i18n/message";
import { storedText } from "../i18n/stored.server";
import { orderJobSpec } from "./job";
import { designLayers, firstMockupKey, productPrintAreas } from "./resolve.server";

export function parseOrderPayload(payload: unknown): OrderPayload {
  const parsed = orderPayloadSchema.safeParse(payload);
  if (!parsed.success) throw new WebhookPayloadError(`invalid order payload: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

interface ResolvedLine {
  lineId: string;
  designId: string;
  state: LineState;
  params?: PrintFileParamsInput;
}

/** Reads shared by the lines of one order (an order of 500 lines may carry few designs and products). */
interface OrderReads {
  design(id: string): Promise<Awaited<ReturnType<Db["design"]["findFirst"]>>>;
  areas(productId: string | null | undefined): ReturnType<typeof productPrintAreas>;
}

function orderReads(db: Db, shop: string): OrderReads {
  const designs = new Map<string, ReturnType<OrderReads["design"]>>();
  const areas = new Map<string, ReturnType<OrderReads["areas"]>>();
  const once = <V>(m: Map<string, V>, k: string, f: () => V): V => m.get(k) ?? (m.set(k, f()), m.get(k)!);
  return {
    // shop in the where clause: another shop's design is "unknown" here, and never read
    design: (id) => once(designs, id, () => db.design.findFirst({ where: { id, shop } })),
    areas: (productId) => once(areas, productId ?? "", () => productPrintAreas(db, shop, productId)),
  };
}

async function resolveLine(reads: OrderReads, line: OrderPayload["line_items"][number], designId: string): Promise<ResolvedLine> {
  const base = { lineId: line.id, designId };
  if (!designIdSchema.safeParse(designId).success) return { ...base, state: "invalid" };
  const design = await reads.design(designId);
  if (!design) return { ...base, state: "unknown" };
  const areas = await reads.areas(line.product_id);
  if (!areas) return { ...base, state: "no_setup" };
  const layers = designLayers(design, areas);
  if (layers.length === 0) return { ...base, state: "no_setup" };
  return { ...base, state: "ok", params: { designId, lineId: line.id, areas: layers, sourceKey: /^[0-9a-f]{64}$/.test(design.assetKey) ? design.assetKey : null, mockupKey: firstMockupKey(design.previews) } };
}

export async function handleOrderCreated(db: Db, meta: { shop: string; webhookId: string }, order: OrderPayload): Promise<HandlerResult> {
  const { shop } = meta;
  // the HMAC proves Shopify sent it; an app that is not (or no longer) installed there makes nothing
  const installed = await db.shop.findFirst({ where: { domain: shop, uninstalledAt: null }, select: { domain: true } });
  if (!installed) return { outcome: "shop-not-installed" };
  const carrying = order.line_items.flatMap((line) => {
    const designId = lineDesignId(line.properties);
    return designId === null ? [] : [{ line, designId }];
  });
  if (carrying.length === 0) return { outcome: "no-designs" };

  // a second subscription or a replay with a new webhook id: the order is already recorded, its job already made
  const existing = await db.designOrder.findUnique({ where: { shop_orderId: { shop, orderId: order.id } } });
  if (existing) return { outcome: "order-known", jobId: existing.jobId ?? undefined };

  const lines: ResolvedLine[] = [];
  const reads = orderReads(db, shop);
  for (const { line, designId } of carrying) lines.push(await resolveLine(reads, line, designId));
  let row;
  try {
    row = await db.designOrder.create({
      data: {
        shop,
        orderId: order.id,
        name: order.name.slice(0, 100),
        lines: { create: lines.map((l) => ({ shop, lineId: l.lineId, designId: l.designId.slice(0, 64), state: l.state })) },
      },
    });
  } catch (err) {
    // two deliveries racing: the other one recorded it
    if (!isUniqueViolation(err)) throw err;
    const other = await db.designOrder.findUnique({ where: { shop_orderId: { shop, orderId: order.id } } });
    return { outcome: "order-known", jobId: other?.jobId ?? undefined };
  }
  const printable = lines.flatMap((l) => (l.params ? [l.params] : []));
  let jobId: string | undefined;
  if (printable.length > 0) {
    try {
      jobId = (await createJob(db, orderJobSpec({ shop, orderId: order.id, lines: printable }))).id;
      await db.designOrder.update({ where: { id: row.id }, data: { jobId } });
    } catch (err) {
      // no order row without its job: the delivery fails as a whole and Shopify's retry starts over
      await db.designOrder.delete({ where: { id: row.id } }).catch(() => {});
      throw err;
    }
  }
  const bad = lines.filter((l) => l.state !== "ok");
  if (bad.length > 0) {
    await db.notification.create({
      data: {
        shop,
        level: "warning",
        ...storedText(
          msg("msg.orders.unprintable", {
            order: order.name || order.id,
            count: bad.length,
            lines: bad.map((b) => msg("msg.orders.line", { line: b.lineId, state: msg(`msg.orders.state.${b.state}`) })),
          }),
          1000,
        ),
      },
    });
  }
  return { outcome: `order:${printable.length}/${lines.length}`, jobId };
}
