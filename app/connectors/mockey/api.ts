/**
 * Mockey.ai's HTTP API — ASSUMED CONTRACT. Mockey publishes no API we could find (../shared/docs/connectors.md),
 * so this is the asynchronous task pattern real mockup APIs use (Printful's mockup generator, Dynamic Mockups):
 * list templates (the health check), create a task from a design + template + colour, poll it until done or
 * failed, download the short-lived result URL. Every path and field name lives in this file and nowhere else:
 * when the real API is known, this file (and the double, tests/doubles/mockey/) is what changes.
 *
 *   GET  {base}/templates                      → { data: [{ id, name, product, view, print_area: {x,y,width,height} }] }
 *   POST {base}/mockups                        { template_id, color, design?: { data, media_type }, size, format }
 *                                              → { id, status }
 *   GET  {base}/mockups/{id}                   → { id, status: queued|processing|done|failed, result?, error? }
 *   POST {base}/background-removals            { image: { data, media_type } } → { id, status }
 *   GET  {base}/background-removals/{id}       → same task shape; result is a PNG with alpha
 *   result.url                                 → the image (signed, expires at result.expires_at; no API key sent)
 * Auth: `Authorization: Bearer <API key>`.
 */
import { z } from "zod";

export const ASSUMED_CONTRACT = true;

export const paths = {
  templates: "/templates",
  mockups: "/mockups",
  mockup: (id: string) => `/mockups/${encodeURIComponent(id)}`,
  cutouts: "/background-removals",
  cutout: (id: string) => `/background-removals/${encodeURIComponent(id)}`,
} as const;

export function authHeaders(apiKey: string): Record<string, string> {
  return { authorization: `Bearer ${apiKey}` };
}

const fraction = z.number().min(0).max(1);

export const templateSchema = z.object({
  id: z.string().min(1).max(200),
  name: z.string().max(200),
  /** the garment the template shows: matched against our model names ("tee", "hoodie") */
  product: z.string().max(100),
  view: z.string().max(40),
  print_area: z.object({ x: fraction, y: fraction, width: fraction, height: fraction }).optional(),
});
export type Template = z.infer<typeof templateSchema>;

export const templateListSchema = z.object({ data: z.array(templateSchema).max(5000) });

export const taskStatusSchema = z.enum(["queued", "processing", "done", "failed"]);

export const taskSchema = z.object({
  id: z.string().min(1).max(200),
  status: taskStatusSchema,
  result: z
    .object({
      url: z.string().url().max(4000),
      expires_at: z.string().max(40).optional(),
      width: z.number().int().positive().optional(),
      height: z.number().int().positive().optional(),
      media_type: z.string().max(100).optional(),
    })
    .optional(),
  error: z.object({ code: z.string().max(100).optional(), message: z.string().max(1000).optional() }).optional(),
});
export type Task = z.infer<typeof taskSchema>;

export interface CreateMockupBody {
  template_id: string;
  color: string;
  design?: { data: string; media_type: string };
  size: number;
  format: "png" | "jpeg" | "webp";
}

export function mockupBody(templateId: string, color: string, design: Buffer | null, size: number, format: "png" | "jpeg" | "webp"): CreateMockupBody {
  return { template_id: templateId, color, ...(design ? { design: { data: design.toString("base64"), media_type: "image/png" } } : {}), size, format };
}

export function cutoutBody(image: Buffer, mediaType: string) {
  return { image: { data: image.toString("base64"), media_type: mediaType } };
}
