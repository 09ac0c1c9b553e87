/**
 * Asset storage port: content-addressed blobs (key = sha256 hex of the bytes). Local disk is the
 * default adapter (local-disk.ts); S3-compatible storage is the other (s3.ts), chosen by MOCKUP_STORAGE
 * (from-env.ts). tests/assets-store/blob-store-contract.test.ts runs the same contract on both.
 */
import type { Readable } from "node:stream";

export interface AssetInfo {
  /** e.g. "model/gltf-binary", "image/png" */
  mediaType: string;
  /** what the asset is for: "glb", "design", "mockup", "pass.uv", "pass.shading", "pass.mask", "render", ... */
  kind: string;
  width?: number;
  height?: number;
  triangles?: number;
  meta?: Record<string, unknown>;
}

export interface PutResult {
  key: string;
  bytes: number;
  /**
   * true when this call wrote the bytes; false when the store already held them and nothing was written. A store
   * that cannot tell without a round trip may write identical bytes again under the same key and say true
   * (S3BlobStore's small puts on a server that ignores If-None-Match); the key and content are the same either way.
   */
  created: boolean;
}

/** What a blob store may record beside the bytes (S3 serves it as Content-Type). */
export interface PutOptions {
  mediaType?: string;
}

export interface BlobStore {
  /** stores bytes atomically (temp file + rename); storing existing content is a no-op */
  put(data: Buffer | Uint8Array, opts?: PutOptions): Promise<PutResult>;
  /** stores a file's bytes without reading it all into memory */
  putFile(path: string, opts?: PutOptions): Promise<PutResult>;
  /** stores a stream's bytes without holding them in memory (uploads) */
  putStream?(source: AsyncIterable<Buffer | Uint8Array>, opts?: PutOptions): Promise<PutResult>;
  get(key: string): Promise<Buffer>;
  stream(key: string): Readable;
  has(key: string): Promise<boolean>;
  delete(key: string): Promise<void>;
  /** local path when the adapter has one (Blender and sharp read files directly) */
  pathOf?(key: string): string;
  /** a remote adapter's local copy of the blob, downloaded on first use */
  materialise?(key: string): Promise<string>;
  /** bytes `start`..`end` inclusive (HTTP Range) */
  getRange?(key: string, start: number, end: number): Promise<Buffer>;
  /** stored size in bytes (0 when absent) */
  size?(key: string): Promise<number>;
  /** a URL an outside fetcher (storefront, Shopify) can read: public (CDN) or short-lived signed */
  url?(key: string, o: { visibility: "public" | "private"; expiresInSeconds?: number }): Promise<string>;
  list(): AsyncIterable<string>;
  /** when the blob was last stored; lets GC spare blobs whose row may still be being written */
  modifiedAt?(key: string): Promise<Date | null>;
  /** cheap liveness check for /healthz */
  check(): Promise<void>;
}

/** Blobs plus their per-shop description in the database. Everything is scoped to one shop. */
export interface AssetStore {
  readonly shop: string;
  put(data: Buffer | Uint8Array, info: AssetInfo): Promise<string>;
  putFile(path: string, info: AssetInfo): Promise<string>;
  get(key: string): Promise<Buffer>;
  /** a readable local file path for the asset (materialised if the blob store is remote) */
  path(key: string): Promise<string>;
  has(key: string): Promise<boolean>;
  info(key: string): Promise<(AssetInfo & { key: string; bytes: number }) | null>;
}
