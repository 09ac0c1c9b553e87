/**
 * What routes need from the process: the database (the same client the Shopify session storage uses)
 * and the blob store, at the same place app/runtime.server.ts puts it (dataDir()/assets). Tests inject
 * theirs through globalThis.__mockupDb / __mockupBlobs.
 */
import path from "node:path";
import { LocalDiskBlobStore } from "../assets/store/local-disk";
import type { BlobStore } from "../assets/store/types";
import { getDb, type Db } from "../db/client.server";
import { dataDir } from "../db/url";
import { queueFromEnv } from "../pipeline/queue/from-env";
import type { JobQueue } from "../pipeline/queue/types";

declare global {
  var __mockupBlobs: BlobStore | undefined;
}

export function routeDb(): Db {
  return getDb();
}

export function routeBlobs(): BlobStore {
  globalThis.__mockupBlobs ??= new LocalDiskBlobStore(path.join(dataDir(), "assets"));
  return globalThis.__mockupBlobs;
}

/** The queue routes send hints to: the same MOCKUP_QUEUE choice as the runtime and createJob's default. */
export function routeQueue(): Promise<JobQueue> {
  return queueFromEnv();
}
