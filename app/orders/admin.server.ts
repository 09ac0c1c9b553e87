/**
 * The Orders page's server side: orders with custom designs, per line its design, mockup, print files, DPI flag and
 * job state; approve/reject (with the merchant's reason) before printing; files and one ZIP per order; data
 * exports. Everything is read with the session's shop in the query: another shop's order, line or file is 404.
 */
import { zipSync } from "fflate";
import { z } from "zod";
import { reviewReasonSchema, type LineState, type ReviewState } from "../contracts/order-line";
import { printFileDataSchema, type PrintFileEntry } from "../contracts/printfile";
import type { AssetStore } from "../assets/store/types";
import type { Db } from "../db/client.server";
import { lineStepName } from "./job";

export interface OrderLineView {
  id: string;
  lineId: string;
  designId: string;
  designName: string | null;
  state: LineState;
  review: ReviewState;
  reviewReason: string | null;
  reviewedAt: string | null;
  /** the print file step of this line */
  step: { status: string; error: string | null } | null;
  files: PrintFileEntry[];
  mockupKey: string | null;
  lowDpi: boolean;
}

export interface OrderView {
  id: string;
  orderId: string;
  name: string;
  createdAt: string;
  job: { id: string; status: string; progress: number } | null;
  lines: OrderLineView[];
}

export async function listOrders(db: Db, shop: string, opts: { take?: number } = {}): Promise<OrderView[]> {
  const orders = await db.designOrder.findMany({ where: { shop }, orderBy: { createdAt: "desc" }, take: opts.take ?? 50, include: { lines: { orderBy: { lineId: "asc" } } } });
  const jobIds = orders.flatMap((o) => (o.jobId ? [o.jobId] : []));
  const [jobs, steps, designs] = await Promise.all([
    db.job.findMany({ where: { shop, id: { in: jobIds } }, select: { id: true, status: true, progress: true } }),
    db.jobStep.findMany({ where: { shop, jobId: { in: jobIds } }, select: { jobId: true, name: true, status: true, error: true, output: true } }),
    db.design.findMany({ where: { shop, id: { in: orders.flatMap((o) => o.lines.map((l) => l.designId)) } }, select: { id: true, name: true } }),
  ]);
  return orders.map((o) => ({
    id: o.id,
    orderId: o.orderId,
    name: o.name,
    createdAt: o.createdAt.toISOString(),
    job: jobs.find((j) => j.id === o.jobId) ?? null,
    lines: o.lines.map((l) => {
      const step = steps.find((s) => s.jobId === o.jobId && s.name === lineStepName(l.lineId));
      const data = step?.output ? printFileDataSchema.safeParse(safeJson<{ data?: unknown }>(step.output)?.data) : null;
      const out = data?.success ? data.data : null;
      return {
        id: l.id,
        lineId: l.lineId,
        designId: l.designId,
        designName: designs.find((d) => d.id === l.designId)?.name ?? null,
        state: l.state as LineState,
        review: l.review as ReviewState,
        reviewReason: l.reviewReason,
        reviewedAt: l.reviewedAt?.toISOString() ?? null,
        step: step ? { status: step.status, error: step.error } : null,
        files: out?.files ?? [],
        mockupKey: out?.mockupKey ?? null,
        lowDpi: out?.lowDpi ?? false,
      };
    }),
  }));
}

function safeJson<T>(text: string): T | null {
  try {
    return JSON.parse(text) as T;
  } catch {
    return null;
  }
}

export class OrderInputError extends Error {
  constructor(
    readonly code: "not_found" | "reason_required" | "bad_request" | "not_printable",
    readonly status: number,
  ) {
    super(code);
    this.name = "OrderInputError";
  }
}

const reviewSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("approve"), lineId: z.string().min(1).max(40) }),
  z.object({ intent: z.literal("reject"), lineId: z.string().min(1).max(40), reason: z.string().max(2000).default("") }),
]);

/** Approve or reject a line (by its row id) of this shop; a rejection needs the merchant's reason. */
export async function reviewLine(db: Db, shop: string, input: Record<string, unknown>): Promise<{ review: ReviewState; reason: string | null }> {
  const parsed = reviewSchema.safeParse(input);
  if (!parsed.success) throw new OrderInputError("bad_request", 400);
  const line = await db.designOrderLine.findFirst({ where: { id: parsed.data.lineId, shop } });
  if (!line) throw new OrderInputError("not_found", 404);
  if (line.state !== "ok") throw new OrderInputError("not_printable", 409);
  let reason: string | null = null;
  if (parsed.data.intent === "reject") {
    const r = reviewReasonSchema.safeParse(parsed.data.reason);
    if (!r.success) throw new OrderInputError("reason_required", 400);
    reason = r.data;
  }
  const review: ReviewState = parsed.data.intent === "approve" ? "approved" : "rejected";
  await db.designOrderLine.update({ where: { id: line.id }, data: { review, reviewReason: reason, reviewedAt: new Date() } });
  return { review, reason };
}

/** The keys of this shop's order files (print files and mockups) a merchant may download. */
async function orderFileKeys(db: Db, shop: string, orderRowId?: string): Promise<Map<string, { name: string; order: string }>> {
  const orders = await listOrders(db, shop, { take: orderRowId ? 1_000 : 200 });
  const keys = new Map<string, { name: string; order: string }>();
  for (const o of orders) {
    if (orderRowId && o.id !== orderRowId) continue;
    const base = o.name.replace(/[^A-Za-z0-9_-]/g, "") || o.orderId;
    for (const l of o.lines) {
      for (const f of l.files) keys.set(f.key, { name: `${base}/line-${l.lineId}-${f.area}-${f.dpi}dpi${f.lowDpi ? "-LOW" : ""}.png`, order: o.id });
      if (l.mockupKey) keys.set(l.mockupKey, { name: `${base}/line-${l.lineId}-mockup.jpg`, order: o.id });
    }
  }
  return keys;
}

export interface FileDownload {
  bytes: Uint8Array;
  mediaType: string;
  filename: string;
}

/** One print file or mockup of this shop's orders, by key; anything else is 404. */
export async function orderFile(db: Db, assets: AssetStore, shop: string, key: string): Promise<FileDownload> {
  if (!/^[0-9a-f]{64}$/.test(key)) throw new OrderInputError("not_found", 404);
  const known = (await orderFileKeys(db, shop)).get(key);
  const info = known ? await assets.info(key) : null;
  if (!known || !info) throw new OrderInputError("not_found", 404);
  return { bytes: await assets.get(key), mediaType: info.mediaType, filename: known.name.replace("/", "-") };
}

/** One ZIP of an order's print files and mockups (PNG is already compressed: stored, not deflated again). */
export async function orderZip(db: Db, assets: AssetStore, shop: string, orderRowId: string): Promise<FileDownload> {
  const order = await db.designOrder.findFirst({ where: { id: orderRowId, shop }, select: { id: true, name: true, orderId: true } });
  if (!order) throw new OrderInputError("not_found", 404);
  const files: Record<string, [Uint8Array, { level: 0 }]> = {};
  for (const [key, f] of await orderFileKeys(db, shop, order.id)) {
    if (await assets.info(key)) files[f.name] = [new Uint8Array(await assets.get(key)), { level: 0 }];
  }
  if (Object.keys(files).length === 0) throw new OrderInputError("not_printable", 409);
  const base = order.name.replace(/[^A-Za-z0-9_-]/g, "") || order.orderId;
  return { bytes: zipSync(files), mediaType: "application/zip", filename: `order-${base}-print-files.zip` };
}

export interface ExportView {
  id: string;
  customerId: string;
  designs: number;
  createdAt: string;
}

export async function listExports(db: Db, shop: string): Promise<ExportView[]> {
  const rows = await db.dataExport.findMany({ where: { shop }, orderBy: { createdAt: "desc" }, take: 50 });
  return rows.map((r) => ({ id: r.id, customerId: r.customerId, designs: r.designs, createdAt: r.createdAt.toISOString() }));
}

export async function exportFile(db: Db, assets: AssetStore, shop: string, id: string): Promise<FileDownload> {
  const row = await db.dataExport.findFirst({ where: { id, shop } });
  if (!row || !(await assets.info(row.assetKey))) throw new OrderInputError("not_found", 404);
  return { bytes: await assets.get(row.assetKey), mediaType: "application/json", filename: `customer-${row.customerId}-data.json` };
}

export function downloadResponse(f: FileDownload): Response {
  return new Response(f.bytes as unknown as BodyInit, {
    status: 200,
    headers: {
      "Content-Type": f.mediaType,
      "Content-Length": String(f.bytes.length),
      "Content-Disposition": `attachment; filename="${f.filename.replace(/[^A-Za-z0-9._-]/g, "_")}"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
