/**
 * What routes need from the process: the database and the blob store. One place, so the lead can point
 * it at the shared runtime (app/runtime.server.ts) and tests can inject theirs via globalThis.
 */
import path from "node:path";
import { LocalDiskBlobStore } from "../assets/store/local-disk";
import type { BlobStore } from "../assets/store/types";
import { getDb, type Db } from "../db/client.server";
import { dataDir } from "../db/url";

declare global {
  var __mockupBlobs: BlobStore | undefined;
}

export function routeDb(): Db {
  return getDb();
}

export function routeBlobs(): BlobStore {
  globalThis.__mockupBlobs ??= new LocalDiskBlobStore(path.join(dataDir(), "blobs"));
  return globalThis.__mockupBlobs;
}
