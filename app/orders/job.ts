/**
 * Job type `order`: the print files of one Shopify order, one `order.printfile` step per line that carries a
 * design (lines run independently: one bad line fails alone). The dedupKey is the order id, so a re-delivered or
 * duplicated orders/create webhook finds the job already created.
 */
import { z } from "zod";
import { MAX_ORDER_LINES } from "../contracts/order-line";
import { printFileParamsSchema } from "../contracts/printfile";
import type { JobSpec, JsonObject } from "../pipeline/types";

export const orderJobInputSchema = z.object({
  shop: z.string().min(1),
  orderId: z.string().regex(/^\d{1,20}$/),
  lines: z.array(printFileParamsSchema).min(1).max(MAX_ORDER_LINES),
});
export type OrderJobInput = z.input<typeof orderJobInputSchema>;

export const orderDedupKey = (orderId: string) => `order:${orderId}`;
export const lineStepName = (lineId: string) => `line:${lineId}`;

export function orderJobSpec(raw: OrderJobInput): JobSpec {
  const input = orderJobInputSchema.parse(raw);
  return {
    shop: input.shop,
    type: "order",
    // a merchant waits for these before printing; ahead of catalog batches
    priority: "merchant",
    input: { orderId: input.orderId, lines: input.lines.map((l) => l.lineId) },
    dedupKey: orderDedupKey(input.orderId),
    steps: input.lines.map((line) => ({
      name: lineStepName(line.lineId),
      capability: "order.printfile",
      params: line as unknown as JsonObject,
    })),
  };
}
