/**
 * The Designs page: the shop's merchant designs with where each is used, upload through design intake (a
 * refused file says why, by its intake code, and stores nothing), and delete, refused while a product's setup
 * uses the design (naming the products). Another shop's design id is "not found".
 */
import type { BlobStore } from "../assets/store/types";
import { ShopAssetStore } from "../assets/store/asset-store.server";
import type { Db } from "../db/client.server";
import { toSetupView } from "./product-setup.server";

export const MAX_UPLOAD_BYTES = 25 * 1024 * 1024;

export interface DesignRow {
  id: string;
  name: string;
  width: number;
  height: number;
  assetKey: string;
  createdAt: string;
  usedBy: { productId: string; title: string }[];
}

/** Which products' setups place each design (placements per view, or the legacy designId). */
async function usage(db: Db, shop: string): Promise<Map<string, { productId: string; title: string }[]>> {
  const out = new Map<string, { productId: string; title: string }[]>();
  for (const row of await db.productSetup.findMany({ where: { shop } })) {
    const s = toSetupView(row);
    const ids = new Set([...s.placements.map((p) => p.designId), ...(s.designId ? [s.designId] : [])]);
    for (const id of ids) out.set(id, [...(out.get(id) ?? []), { productId: s.productId, title: s.title || s.productId }]);
  }
  return out;
}

export async function listDesigns(db: Db, shop: string): Promise<DesignRow[]> {
  const [rows, used] = await Promise.all([db.design.findMany({ where: { shop, source: "merchant" }, orderBy: { createdAt: "desc" }, take: 200 }), usage(db, shop)]);
  return rows.map((d) => ({ id: d.id, name: d.name, width: d.width, height: d.height, assetKey: d.assetKey, createdAt: d.createdAt.toISOString(), usedBy: used.get(d.id) ?? [] }));
}

export type DesignActionResult =
  | { status: 200 | 201; body: { ok: true; id?: string; lowDpi?: boolean } }
  | { status: 400 | 404 | 409 | 413; body: { ok: false; code: string; message: string; usedBy?: string[] } };

/** A design name from the file name: no path, no extension, printable, short. */
export function designName(filename: string): string {
  const base = filename.split(/[\\/]/).pop() ?? "";
  return base.replace(/\.[A-Za-z0-9]{1,5}$/, "").replace(/[<>]/g, "").replace(/\p{Cc}/gu, "").trim().slice(0, 80) || "design";
}

export async function uploadDesign(db: Db, blobs: BlobStore, shop: string, file: { bytes: Buffer; filename: string }): Promise<DesignActionResult> {
  if (file.bytes.length === 0) return { status: 400, body: { ok: false, code: "empty", message: "no file" } };
  // the intake (sharp) is loaded by the first upload, not when the web server loads this route
  const { DesignRejectedError, storeDesign } = await import("../designs/intake");
  try {
    const stored = await storeDesign(new ShopAssetStore(shop, db, blobs), file.bytes, { filename: file.filename, uploadedBy: "merchant" });
    const row = await db.design.create({
      data: { shop, assetKey: stored.key, name: designName(file.filename), source: "merchant", width: stored.width, height: stored.height, mediaType: stored.mediaType },
    });
    return { status: 201, body: { ok: true, id: row.id, lowDpi: stored.lowDpi } };
  } catch (err) {
    if (err instanceof DesignRejectedError) return { status: err.code === "too_large" ? 413 : 400, body: { ok: false, code: err.code, message: err.message } };
    throw err;
  }
}

export async function deleteDesign(db: Db, shop: string, id: string): Promise<DesignActionResult> {
  const row = typeof id === "string" && id.length <= 64 ? await db.design.findFirst({ where: { shop, id, source: "merchant" } }) : null;
  if (!row) return { status: 404, body: { ok: false, code: "not_found", message: "design not found" } };
  const usedBy = (await usage(db, shop)).get(row.id) ?? [];
  if (usedBy.length) return { status: 409, body: { ok: false, code: "in_use", message: "design in use", usedBy: usedBy.map((u) => u.title) } };
  // the asset row stays until GC finds nothing referring to it (jobs and published versions may)
  await db.design.delete({ where: { id: row.id } });
  return { status: 200, body: { ok: true } };
}
