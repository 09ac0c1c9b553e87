/**
 * Asset garbage collection (docs/decisions/014-asset-gc.md).
 *
 * An Asset row (shop, key) is kept when the key is mentioned by that shop's StepCache outputs, JobStep
 * params or outputs, Job input or output, a Design (and its previews), PublishedMedia, a kept PublishVersion
 * (a rollback needs its assets) or a LibraryEntry (an imported model's GLB), or when it was stored (or stored
 * again) less than `graceMs` ago: a provider may
 * have put it and not yet returned its step output.
 * A blob is deleted when no Asset row of any shop refers to it and it is older than `graceMs`.
 * Keys are found by scanning the JSON text for sha256 hex strings: over-approximate, never under.
 */
import { stat } from "node:fs/promises";
import type { Db } from "../../db/client.server";
import type { BlobStore } from "./types";

export const GC_DEFAULTS = {
  /** rows and blobs younger than this are never collected, ms */
  graceMs: 24 * 60 * 60 * 1000,
  /** rows read per query */
  pageSize: 500,
} as const;

export interface GcOptions {
  /** rows and blobs younger than this are never collected, ms (default GC_DEFAULTS.graceMs: 24 h) */
  graceMs?: number;
  /** only report what would be deleted (default false) */
  dryRun?: boolean;
  /** clock for tests (default now) */
  now?: Date;
  /** rows read per query (default GC_DEFAULTS.pageSize) */
  pageSize?: number;
}

export interface GcReport {
  rowsDeleted: number;
  blobsDeleted: number;
  bytesFreed: number;
  tempFilesSwept: number;
}

const KEY_RE = /[0-9a-f]{64}/g;

export async function collectGarbage(db: Db, blobs: BlobStore, opts: GcOptions = {}): Promise<GcReport> {
  const graceMs = opts.graceMs ?? GC_DEFAULTS.graceMs;
  const now = opts.now ?? new Date();
  const cutoff = new Date(now.getTime() - graceMs);
  const page = opts.pageSize ?? GC_DEFAULTS.pageSize;
  const report: GcReport = { rowsDeleted: 0, blobsDeleted: 0, bytesFreed: 0, tempFilesSwept: 0 };

  // 1. rows: only old ones are candidates, so references are looked up for those shops only
  const candidates = await db.asset.findMany({ where: { createdAt: { lt: cutoff } }, select: { shop: true, key: true, bytes: true } });
  const byShop = new Map<string, typeof candidates>();
  for (const c of candidates) byShop.set(c.shop, [...(byShop.get(c.shop) ?? []), c]);
  for (const [shop, rows] of byShop) {
    const refs = await referencedKeys(db, shop, page);
    const dead = rows.filter((r) => !refs.has(r.key));
    if (!dead.length || opts.dryRun) {
      report.rowsDeleted += dead.length;
      continue;
    }
    for (let i = 0; i < dead.length; i += page) {
      const keys = dead.slice(i, i + page).map((d) => d.key);
      // re-check the age in the DELETE: a put since the scan refreshed createdAt and saves the row
      const r = await db.asset.deleteMany({ where: { shop, key: { in: keys }, createdAt: { lt: cutoff } } });
      report.rowsDeleted += r.count;
    }
  }

  // 2. blobs without any row
  const batch: string[] = [];
  const flush = async () => {
    const rows = await db.asset.findMany({ where: { key: { in: batch } }, select: { key: true } });
    const live = new Set(rows.map((r) => r.key));
    for (const key of batch) {
      if (live.has(key)) continue;
      const m = blobs.modifiedAt ? await blobs.modifiedAt(key) : null;
      // without a modification time only an explicit zero grace may delete
      if (m ? m > cutoff : graceMs > 0) continue;
      if (!opts.dryRun) {
        const size = blobs.pathOf ? await fileSize(blobs.pathOf(key)) : blobs.size ? await blobs.size(key) : 0;
        await blobs.delete(key);
        report.bytesFreed += size;
      }
      report.blobsDeleted++;
    }
    batch.length = 0;
  };
  for await (const key of blobs.list()) {
    batch.push(key);
    if (batch.length >= page) await flush();
  }
  if (batch.length) await flush();

  // 3. temp files left by processes killed mid-put
  const sweeper = blobs as BlobStore & { sweepTemp?(olderThanMs: number): Promise<number> };
  if (sweeper.sweepTemp && !opts.dryRun) report.tempFilesSwept = await sweeper.sweepTemp(Math.min(graceMs, 60 * 60 * 1000));
  return report;
}

/** Every sha256-looking string in the shop's records that can point at assets. */
async function referencedKeys(db: Db, shop: string, page: number): Promise<Set<string>> {
  const refs = new Set<string>();
  const scan = (text: string | null | undefined) => {
    if (text) for (const m of text.matchAll(KEY_RE)) refs.add(m[0]);
  };
  for (let skip = 0; ; skip += page) {
    const rows = await db.stepCache.findMany({ where: { shop }, select: { output: true }, orderBy: { key: "asc" }, skip, take: page });
    rows.forEach((r) => scan(r.output));
    if (rows.length < page) break;
  }
  for (let skip = 0; ; skip += page) {
    const rows = await db.jobStep.findMany({ where: { shop }, select: { output: true, params: true }, orderBy: { id: "asc" }, skip, take: page });
    rows.forEach((r) => (scan(r.output), scan(r.params)));
    if (rows.length < page) break;
  }
  for (let skip = 0; ; skip += page) {
    const rows = await db.job.findMany({ where: { shop }, select: { output: true, input: true }, orderBy: { id: "asc" }, skip, take: page });
    rows.forEach((r) => (scan(r.output), scan(r.input)));
    if (rows.length < page) break;
  }
  // a shopper design's previews (mockups, design GLB) are listed in its JSON column
  (await db.design.findMany({ where: { shop }, select: { assetKey: true, previews: true } })).forEach((d) => {
    refs.add(d.assetKey);
    for (const k of d.previews.match(KEY_RE) ?? []) refs.add(k);
  });
  (await db.publishedMedia.findMany({ where: { shop }, select: { assetKey: true } })).forEach((p) => refs.add(p.assetKey));
  // an imported model's converted GLB is the library entry itself (app/connectors/cgtrader/library.server.ts)
  (await db.libraryEntry.findMany({ where: { shop, glbKey: { not: null } }, select: { glbKey: true } })).forEach((e) => refs.add(e.glbKey!));
  for (let skip = 0; ; skip += page) {
    const rows = await db.publishVersion.findMany({ where: { shop, kept: true }, select: { plan: true }, orderBy: { id: "asc" }, skip, take: page });
    rows.forEach((r) => scan(r.plan));
    if (rows.length < page) break;
  }
  return refs;
}

async function fileSize(p: string): Promise<number> {
  return (await stat(p).catch(() => null))?.size ?? 0;
}
