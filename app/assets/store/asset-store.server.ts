/**
 * Per-shop asset store: a blob store for bytes plus a row per (shop, key) describing the asset.
 * A shop can only read assets it has a row for, so keys never leak across tenants.
 */
import type { Db } from "../../db/client.server";
import { Sql } from "../../pipeline/sql";
import type { AssetInfo, AssetStore, BlobStore } from "./types";
import { assertKey } from "./local-disk";

const RECORD_SQL =
  'INSERT INTO {Asset} ("shop", "key", "kind", "mediaType", "bytes", "width", "height", "triangles", "meta", "createdAt") ' +
  'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT ("shop", "key") DO UPDATE SET "createdAt" = excluded."createdAt"';

/** One statement helper per client (a store is made per request). */
const sqls = new WeakMap<Db, Sql>();
function sqlFor(db: Db): Sql {
  let sql = sqls.get(db);
  if (!sql) sqls.set(db, (sql = new Sql(db)));
  return sql;
}

export class ShopAssetStore implements AssetStore {
  constructor(
    readonly shop: string,
    private readonly db: Db,
    private readonly blobs: BlobStore,
    /**
     * asyncCommit: the Asset row is committed without waiting for the WAL flush (Sql.execAsyncCommit). Only for a
     * worker's stores, where the step result that names the asset is committed synchronously afterwards; never
     * where a response promises the asset (an upload route), since a database crash could lose the row.
     */
    private readonly opts: { asyncCommit?: boolean } = {},
  ) {}

  async put(data: Buffer | Uint8Array, info: AssetInfo): Promise<string> {
    const { key, bytes } = await this.blobs.put(data, { mediaType: info.mediaType });
    await this.record(key, bytes, info);
    return key;
  }

  async putFile(file: string, info: AssetInfo): Promise<string> {
    const { key, bytes } = await this.blobs.putFile(file, { mediaType: info.mediaType });
    await this.record(key, bytes, info);
    return key;
  }

  /** Stores a stream (uploads) without holding it in memory; needs a blob store with putStream. */
  async putStream(source: AsyncIterable<Buffer | Uint8Array>, info: AssetInfo): Promise<string> {
    if (!this.blobs.putStream) throw new Error("this blob store cannot store streams");
    const { key, bytes } = await this.blobs.putStream(source, { mediaType: info.mediaType });
    await this.record(key, bytes, info);
    return key;
  }

  async get(key: string): Promise<Buffer> {
    await this.assertOwned(key);
    return this.blobs.get(key);
  }

  async path(key: string): Promise<string> {
    await this.assertOwned(key);
    if (this.blobs.pathOf) return this.blobs.pathOf(key);
    if (this.blobs.materialise) return this.blobs.materialise(key);
    throw new Error("this blob store has no local paths");
  }

  /**
   * A URL for an outside fetcher, only for an asset this shop owns (another shop's key is "not found").
   * Null when the blob store has no URLs of its own (local disk: the app serves the bytes itself).
   */
  async url(key: string, visibility: "public" | "private", expiresInSeconds?: number): Promise<string | null> {
    await this.assertOwned(key);
    return this.blobs.url ? this.blobs.url(key, { visibility, expiresInSeconds }) : null;
  }

  async has(key: string): Promise<boolean> {
    assertKey(key);
    const row = await this.db.asset.findUnique({ where: { shop_key: { shop: this.shop, key } } });
    return row !== null && (await this.blobs.has(key));
  }

  async info(key: string) {
    assertKey(key);
    const row = await this.db.asset.findUnique({ where: { shop_key: { shop: this.shop, key } } });
    if (!row) return null;
    return {
      key: row.key,
      bytes: row.bytes,
      kind: row.kind,
      mediaType: row.mediaType,
      width: row.width ?? undefined,
      height: row.height ?? undefined,
      triangles: row.triangles ?? undefined,
      meta: JSON.parse(row.meta) as Record<string, unknown>,
    };
  }

  /**
   * One row per (shop, key), race-safe on SQLite and Postgres: one INSERT … ON CONFLICT statement (both dialects
   * accept it), so concurrent puts of the same content end with one row; a re-put only refreshes createdAt (the GC
   * grace period counts from the last put) and the first put's description is kept. Raw SQL because this runs on
   * every put, and a model query costs a WebAssembly compile each (two of them before: ~4 ms of CPU per put).
   */
  private async record(key: string, bytes: number, info: AssetInfo): Promise<void> {
    const sql = sqlFor(this.db);
    await (this.opts.asyncCommit ? sql.execAsyncCommit.bind(sql) : sql.exec.bind(sql))(
      RECORD_SQL,
      this.shop,
      key,
      info.kind,
      info.mediaType,
      bytes,
      info.width ?? null,
      info.height ?? null,
      info.triangles ?? null,
      JSON.stringify(info.meta ?? {}),
      new Date(),
    );
  }

  private async assertOwned(key: string): Promise<void> {
    assertKey(key);
    const row = await this.db.asset.findUnique({ where: { shop_key: { shop: this.shop, key } }, select: { key: true } });
    if (!row) throw new AssetNotFoundError(key);
  }
}

export class AssetNotFoundError extends Error {
  constructor(key: string) {
    super(`asset ${key.slice(0, 12)}… not found for this shop`);
    this.name = "AssetNotFoundError";
  }
}
