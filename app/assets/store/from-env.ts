/**
 * The blob store every process uses, from one set of variables (web, workers and the CLI must agree, or a
 * worker would write assets the web process cannot serve):
 *   MOCKUP_STORAGE        local (default) | s3
 *   MOCKUP_S3_BUCKET      bucket (required for s3)
 *   MOCKUP_S3_PREFIX      key prefix inside the bucket (default "assets/")
 *   MOCKUP_S3_ENDPOINT    endpoint for S3-compatible servers (MinIO, R2, s3rver); empty → AWS
 *   MOCKUP_S3_PATH_STYLE  1 → path-style addressing (most S3-compatible servers need it)
 *   MOCKUP_S3_PUBLIC_URL  public base (bucket website / CDN) for public assets; empty → signed URLs only
 *   AWS_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, … the AWS SDK's usual credential chain
 */
import path from "node:path";
import { dataDir } from "../../db/url";
import { LocalDiskBlobStore } from "./local-disk";
import { S3BlobStore } from "./s3";
import type { BlobStore } from "./types";

export class StorageConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StorageConfigError";
  }
}

export function blobStoreFromEnv(env: Record<string, string | undefined> = process.env): BlobStore {
  const kind = (env.MOCKUP_STORAGE ?? "local").trim() || "local";
  if (kind === "local") return new LocalDiskBlobStore(path.join(dataDir(env as NodeJS.ProcessEnv), "assets"));
  if (kind !== "s3") throw new StorageConfigError(`MOCKUP_STORAGE must be "local" or "s3", not "${kind}"`);
  const bucket = env.MOCKUP_S3_BUCKET?.trim();
  if (!bucket) throw new StorageConfigError("MOCKUP_STORAGE=s3 needs MOCKUP_S3_BUCKET");
  const endpoint = env.MOCKUP_S3_ENDPOINT?.trim() || undefined;
  return new S3BlobStore({
    bucket,
    prefix: env.MOCKUP_S3_PREFIX ?? undefined,
    publicBaseUrl: env.MOCKUP_S3_PUBLIC_URL?.trim() || undefined,
    cacheDir: path.join(dataDir(env as NodeJS.ProcessEnv), "s3-cache"),
    client: {
      region: env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? "us-east-1",
      endpoint,
      // from the env given (tests, child processes); otherwise the SDK's own chain (env, profile, IMDS…)
      credentials:
        env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
          ? { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, sessionToken: env.AWS_SESSION_TOKEN }
          : undefined,
      forcePathStyle: env.MOCKUP_S3_PATH_STYLE === "1" || env.MOCKUP_S3_PATH_STYLE === "true",
      // only what the request needs: S3-compatible servers (and s3rver) reject the newer default checksums
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
    },
  });
}
