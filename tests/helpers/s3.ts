/**
 * A real S3-compatible server for tests: s3rver on 127.0.0.1 (a free port), its files in a temp folder,
 * one bucket. `env` points blobStoreFromEnv (or a child process) at it.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import S3rver from "s3rver";

export interface TestS3 {
  endpoint: string;
  bucket: string;
  env: Record<string, string>;
  stop(): Promise<void>;
}

export async function startTestS3(bucket = "mockup-test"): Promise<TestS3> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "s3rver-"));
  const server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory: dir, configureBuckets: [{ name: bucket }] });
  const addr = (await server.run()) as { address: string; port: number };
  const endpoint = `http://127.0.0.1:${addr.port}`;
  return {
    endpoint,
    bucket,
    env: {
      MOCKUP_STORAGE: "s3",
      MOCKUP_S3_BUCKET: bucket,
      MOCKUP_S3_ENDPOINT: endpoint,
      MOCKUP_S3_PATH_STYLE: "1",
      AWS_REGION: "us-east-1",
      // s3rver's fixed test credentials
      AWS_ACCESS_KEY_ID: "S3RVER",
      AWS_SECRET_ACCESS_KEY: "S3RVER",
    },
    async stop() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
