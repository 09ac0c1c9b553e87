/**
 * The Orders page's server side: orders with custom designs, per line its design, mockup, print files, DPI flag and
 * job state; approve/reject (with the merchant's reason) before printing; files and one ZIP per order; data
 * exports. Everything is read with the session's shop in the query: another shop's order, line or file is 404.
 */
import { Zip, ZipPassThrough } from "fflate";
import { z } from "zod";
import { reviewReasonSchema, type LineState, type ReviewState } from "../contracts/order-line";
import { printFileDataSchema, type PrintFileEntry } from "../contracts/printfile";
import type { AssetStore } from "../assets/store/types";
import type { Db } from "../db/client.server";
import { lineStepName } from "./job";
import type { ReviewNote } from "./shopify-note.server";

export interface OrderLineView {
  id: string;
  lineId: string;
  designId: string;
  designName: string | null;
  /** a shopper's design: how it was made (the page names it in the merchant's language); null otherwise */
  designKind: "upload" | "editor" | null;
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

export const LIST_ORDERS_DEFAULTS = {
  /** orders on one page of the Orders list */
  take: 50,
} as const;

export interface ListOrdersOptions {
  /** newest first, at most this many (default LIST_ORDERS_DEFAULTS.take) */
  take?: number;
  /** only these order rows (of this shop) */
  ids?: string[];
}

export async function listOrders(db: Db, shop: string, opts: ListOrdersOptions = {}): Promise<OrderView[]> {
  const where = opts.ids ? { shop, id: { in: opts.ids } } : { shop };
  const orders = await db.designOrder.findMany({ where, orderBy: { createdAt: "desc" }, take: opts.take ?? LIST_ORDERS_DEFAULTS.take, include: { lines: { orderBy: { lineId: "asc" } } } });
  const jobIds = orders.flatMap((o) => (o.jobId ? [o.jobId] : []));
  const [jobs, steps, designs] = await Promise.all([
    db.job.findMany({ where: { shop, id: { in: jobIds } }, select: { id: true, status: true, progress: true } }),
    db.jobStep.findMany({ where: { shop, jobId: { in: jobIds } }, select: { jobId: true, name: true, status: true, error: true, output: true } }),
    db.design.findMany({ where: { shop, id: { in: orders.flatMap((o) => o.lines.map((l) => l.designId)) } }, select: { id: true, name: true, source: true, previews: true } }),
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
      const design = designs.find((d) => d.id === l.designId);
      return {
        id: l.id,
        lineId: l.lineId,
        designId: l.designId,
        designName: design?.name ?? null,
        designKind: design?.source !== "shopper" ? null : /"document"\s*:/.test(design.previews) ? "editor" : "upload",
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
export async function reviewLine(db: Db, shop: string, input: Record<string, unknown>): Promise<ReviewNote> {
  const parsed = reviewSchema.safeParse(input);
  if (!parsed.success) throw new OrderInputError("bad_request", 400);
  const line = await db.designOrderLine.findFirst({ where: { id: parsed.data.lineId, shop }, include: { order: { select: { orderId: true } } } });
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
  const rejected = await db.designOrderLine.count({ where: { shop, orderRowId: line.orderRowId, review: "rejected" } });
  return { orderId: line.order.orderId, lineId: line.lineId, review, reason, wasRejected: line.review === "rejected", orderRejected: rejected > 0 };
}

/** The name a file of an order line has in downloads and in the order's ZIP. */
function fileName(order: { name: string; orderId: string }, lineId: string, file: PrintFileEntry | "mockup"): string {
  const base = order.name.replace(/[^A-Za-z0-9_-]/g, "") || order.orderId;
  if (file === "mockup") return `${base}/line-${lineId}-mockup.jpg`;
  return `${base}/line-${lineId}-${file.area}-${file.dpi}dpi${file.lowDpi ? "-LOW" : ""}.png`;
}

export interface FileDownload {
  /** the whole file, or a stream (a ZIP is written while it is sent) */
  bytes: Uint8Array | ReadableStream<Uint8Array>;
  mediaType: string;
  filename: string;
}

export type WholeFile = FileDownload & { bytes: Uint8Array };

const KEY_RE = /^[0-9a-f]{64}$/;

/**
 * One print file or mockup of this shop's orders, by key; anything else is 404. The order is found through the
 * step that made the file (its output names the key), so any order is reachable however old, in two queries.
 */
export async function orderFile(db: Db, assets: AssetStore, shop: string, key: string): Promise<WholeFile> {
  if (!KEY_RE.test(key)) throw new OrderInputError("not_found", 404);
  const steps = await db.jobStep.findMany({
    where: { shop, capability: "order.printfile", status: "succeeded", output: { contains: key } },
    select: { jobId: true, name: true, output: true },
    take: 5,
  });
  for (const step of steps) {
    const data = printFileDataSchema.safeParse(safeJson<{ data?: unknown }>(step.output ?? "")?.data);
    if (!data.success) continue;
    const file = data.data.files.find((f) => f.key === key) ?? (data.data.mockupKey === key ? "mockup" : null);
    if (!file) continue;
    const order = await db.designOrder.findFirst({ where: { shop, jobId: step.jobId }, select: { name: true, orderId: true } });
    const info = order ? await assets.info(key) : null;
    if (!order || !info) continue;
    const lineId = step.name.replace(/^line:/, "");
    return { bytes: await assets.get(key), mediaType: info.mediaType, filename: fileName(order, lineId, file).replace("/", "-") };
  }
  throw new OrderInputError("not_found", 404);
}

/**
 * One ZIP of one order's print files and mockups, written while it is sent: one file in memory at a time, PNG and
 * JPEG stored as they are (already compressed: deflating them again costs time and saves nothing).
 */
export async function orderZip(db: Db, assets: AssetStore, shop: string, orderRowId: string): Promise<FileDownload> {
  const [order] = await listOrders(db, shop, { ids: [orderRowId], take: 1 });
  if (!order) throw new OrderInputError("not_found", 404);
  const entries = new Map<string, string>();
  for (const l of order.lines) {
    for (const f of l.files) entries.set(fileName(order, l.lineId, f), f.key);
    if (l.mockupKey) entries.set(fileName(order, l.lineId, "mockup"), l.mockupKey);
  }
  const present: Array<[string, string]> = [];
  for (const [name, key] of entries) if (await assets.info(key)) present.push([name, key]);
  if (present.length === 0) throw new OrderInputError("not_printable", 409);
  const base = order.name.replace(/[^A-Za-z0-9_-]/g, "") || order.orderId;
  return { bytes: zipStream(present, (key) => assets.get(key)), mediaType: "application/zip", filename: `order-${base}-print-files.zip` };
}

/** A stored (not deflated) ZIP as a stream: each entry is read when the reader wants more. */
function zipStream(entries: ReadonlyArray<[name: string, key: string]>, read: (key: string) => Promise<Uint8Array>): ReadableStream<Uint8Array> {
  let next = 0;
  let zip: Zip;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      zip = new Zip((err, chunk, final) => {
        if (err) return controller.error(err);
        controller.enqueue(chunk);
        if (final) controller.close();
      });
    },
    async pull() {
      if (next === entries.length) return void zip.end();
      const [name, key] = entries[next++];
      const entry = new ZipPassThrough(name);
      zip.add(entry);
      entry.push(new Uint8Array(await read(key)), true);
    },
  });
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

export async function exportFile(db: Db, assets: AssetStore, shop: string, id: string): Promise<WholeFile> {
  const row = await db.dataExport.findFirst({ where: { id, shop } });
  if (!row || !(await assets.info(row.assetKey))) throw new OrderInputError("not_found", 404);
  return { bytes: await assets.get(row.assetKey), mediaType: "application/json", filename: `customer-${row.customerId}-data.json` };
}

const EXTENSION: Record<string, string> = { "image/png": "png", "image/jpeg": "jpg", "image/webp": "webp", "image/svg+xml": "svg", "application/json": "json" };

/** The parts of a data export (CustomerExport, app/shopify/privacy.server.ts) that name files. */
const exportFilesSchema = z.object({
  designs: z.array(
    z.object({
      id: z.string(),
      file: z.string(),
      orders: z.array(z.object({ orderName: z.string(), lineId: z.string(), printFiles: z.array(z.object({ area: z.string(), file: z.string() })) })),
    }),
  ),
});

/**
 * A data export with the files it names, as one ZIP: `export.json`, each design's stored image and the print files
 * made from it, so the merchant can send the customer their data itself, not only its description. Only files still
 * stored for this shop; another shop's export is 404.
 */
export async function exportZip(db: Db, assets: AssetStore, shop: string, id: string): Promise<FileDownload> {
  const row = await db.dataExport.findFirst({ where: { id, shop } });
  if (!row || !(await assets.info(row.assetKey))) throw new OrderInputError("not_found", 404);
  const parsed = exportFilesSchema.safeParse(safeJson(Buffer.from(await assets.get(row.assetKey)).toString("utf8")));
  const entries: Array<[string, string]> = [["export.json", row.assetKey]];
  for (const d of parsed.success ? parsed.data.designs : []) {
    const info = KEY_RE.test(d.file) ? await assets.info(d.file) : null;
    if (info) entries.push([`designs/${d.id}.${EXTENSION[info.mediaType] ?? "bin"}`, d.file]);
    for (const o of d.orders) {
      for (const f of o.printFiles) {
        if (!KEY_RE.test(f.file) || !(await assets.info(f.file))) continue;
        const order = o.orderName.replace(/[^A-Za-z0-9_-]/g, "") || "order";
        entries.push([`designs/${d.id}/print-files/${order}-line-${o.lineId}-${f.area.replace(/[^A-Za-z0-9_-]/g, "")}.png`, f.file]);
      }
    }
  }
  return { bytes: zipStream(entries, (key) => assets.get(key)), mediaType: "application/zip", filename: `customer-${row.customerId}-data.zip` };
}

export function downloadResponse(f: FileDownload): Response {
  const length: Record<string, string> = f.bytes instanceof ReadableStream ? {} : { "Content-Length": String(f.bytes.length) };
  return new Response(f.bytes as unknown as BodyInit, {
    status: 200,
    headers: {
      "Content-Type": f.mediaType,
      ...length,
      "Content-Disposition": `attachment; filename="${f.filename.replace(/[^A-Za-z0-9._-]/g, "_")}"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
