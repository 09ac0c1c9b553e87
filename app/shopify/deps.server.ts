/**
 * What routes need from the process: the database (the same client the Shopify session storage uses)
 * and the blob store, chosen as app/runtime.server.ts chooses it (blobStoreFromEnv: local disk or S3). Tests inject
 * theirs through globalThis.__mockupDb / __mockupBlobs.
 */
import { blobStoreFromEnv } from "../assets/store/from-env";
import type { BlobStore } from "../assets/store/types";
import { getDb, type Db } from "../db/client.server";
import { queueFromEnv } from "../pipeline/queue/from-env";
import type { JobQueue } from "../pipeline/queue/types";

declare global {
  var __mockupBlobs: BlobStore | undefined;
}

export function routeDb(): Db {
  return getDb();
}

export function routeBlobs(): BlobStore {
  globalThis.__mockupBlobs ??= blobStoreFromEnv();
  return globalThis.__mockupBlobs;
}

/** The queue routes send hints to: the same MOCKUP_QUEUE choice as the runtime and createJob's default. */
export function routeQueue(): Promise<JobQueue> {
  return queueFromEnv();
}
