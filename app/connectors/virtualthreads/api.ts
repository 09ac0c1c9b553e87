/**
 * VirtualThreads.io's HTTP API — ASSUMED CONTRACT. No public API could be found (../shared/docs/connectors.md); this is
 * the task pattern of real-time mockup services, answering what our local `mockup.live` provider answers: one image
 * per view and a GLB with the design on the garment. Every path and field name lives here and nowhere else.
 *
 *   GET  {base}/garments             → { garments: [{ id, name, views: [view…] }] }           (the health check)
 *   POST {base}/renders              { garment, color, views, design: { data, media_type }, placement, size, format }
 *                                    → { id, status }
 *   GET  {base}/renders/{id}         → { id, status: queued|processing|done|failed,
 *                                        outputs?: { images: [{ view, url, width, height }], model: { url, bytes? } }, error? }
 *   outputs.*.url                    → the file (signed, short-lived; no API key sent)
 * Auth: `X-API-Key: <API key>`.
 */
import { z } from "zod";

export const ASSUMED_CONTRACT = true;

export const paths = {
  garments: "/garments",
  renders: "/renders",
  render: (id: string) => `/renders/${encodeURIComponent(id)}`,
} as const;

export const authHeaders = (apiKey: string): Record<string, string> => ({ "x-api-key": apiKey });

export const garmentListSchema = z.object({
  garments: z.array(z.object({ id: z.string().min(1).max(200), name: z.string().max(200), views: z.array(z.string().max(40)).max(20) })).max(5000),
});

export const renderTaskSchema = z.object({
  id: z.string().min(1).max(200),
  status: z.enum(["queued", "processing", "done", "failed"]),
  outputs: z
    .object({
      images: z.array(z.object({ view: z.string().max(40), url: z.string().url().max(4000), width: z.number().int().positive().optional(), height: z.number().int().positive().optional() })).max(8),
      model: z.object({ url: z.string().url().max(4000), bytes: z.number().int().positive().optional() }),
    })
    .optional(),
  error: z.object({ code: z.string().max(100).optional(), message: z.string().max(1000).optional() }).optional(),
});
export type RenderTask = z.infer<typeof renderTaskSchema>;

export function renderBody(garment: string, color: string, views: string[], design: Buffer, placement: unknown, size: number, format: string) {
  return { garment, color, views, design: { data: design.toString("base64"), media_type: "image/png" }, placement, size, format };
}
