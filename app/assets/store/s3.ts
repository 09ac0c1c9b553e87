/**
 * S3-compatible blob store (AWS S3, MinIO, R2, s3rver in tests). Keys are the same content hashes as on
 * local disk, stored under `<prefix><sha256>`; since a key names its bytes forever, every object is written
 * with an immutable Cache-Control and a re-put of existing content is a cheap HEAD.
 *
 * Why a spool file: the key is the SHA-256 of the bytes, and S3 wants the key before the upload starts.
 * A stream of unknown content is hashed into a temp file first (memory stays flat), then uploaded from it
 * with lib-storage's multipart Upload (parts of `partSizeBytes`, `queueSize` in flight).
 *
 * The AWS SDK is imported on first use, not at module load: every process builds its blob store at start
 * (blobStoreFromEnv), and `mockup jobs` on local disk should not pay for loading the SDK.
 */
import { createHash, randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { S3Client, S3ClientConfig } from "@aws-sdk/client-s3";
import { assertKey, sha256 } from "./local-disk";
import type { BlobStore, PutOptions, PutResult } from "./types";

export interface S3BlobStoreOptions {
  /** bucket name (must exist) */
  bucket: string;
  /** key prefix inside the bucket, e.g. "assets/"; see DEFAULTS.prefix */
  prefix?: string;
  /** an S3Client, or the config to build one (region, endpoint, forcePathStyle, credentials) */
  client: S3Client | S3ClientConfig;
  /** folder for spooled uploads and materialised local copies; see DEFAULTS.cacheDir */
  cacheDir?: string;
  /** multipart part size; S3's minimum is 5 MiB; see DEFAULTS.partSizeBytes */
  partSizeBytes?: number;
  /** parts uploaded at once; see DEFAULTS.queueSize */
  queueSize?: number;
  /** Cache-Control written on every object (content-hash keys never change); see DEFAULTS.cacheControl */
  cacheControl?: string;
  /** public base URL (bucket website or CDN) for public assets; none → presigned URLs only */
  publicBaseUrl?: string;
  /** buffers up to this size are written with one conditional PUT, larger ones HEAD first; see DEFAULTS.singlePutMaxBytes */
  singlePutMaxBytes?: number;
}

type GetOut = import("@aws-sdk/client-s3").GetObjectCommandOutput;

export const DEFAULTS = {
  prefix: "assets/",
  cacheDir: path.join(os.tmpdir(), "mockup-s3-cache"),
  partSizeBytes: 8 * 1024 * 1024,
  queueSize: 4,
  /** a buffer this small costs less to send again than a HEAD costs to skip it (one round trip either way) */
  singlePutMaxBytes: 1024 * 1024,
  cacheControl: "public, max-age=31536000, immutable",
  /** how long a signed URL for a private asset lives */
  signedUrlSeconds: 300,
} as const;

type Sdk = typeof import("@aws-sdk/client-s3") & {
  Upload: typeof import("@aws-sdk/lib-storage").Upload;
  getSignedUrl: typeof import("@aws-sdk/s3-request-presigner").getSignedUrl;
};
let sdkP: Promise<Sdk> | undefined;
/**
 * The SDK's modules, loaded once per process. Memoised because every operation asks for it: an `import()` per call
 * runs the module loader's resolve hooks each time, and the spread copies the client module's several hundred
 * exports; both together were a fifth of a bench:scale worker's CPU (decision 159).
 */
const sdk = (): Promise<Sdk> =>
  (sdkP ??= Promise.all([import("@aws-sdk/client-s3"), import("@aws-sdk/lib-storage"), import("@aws-sdk/s3-request-presigner")]).then(
    ([s3, storage, presigner]) => ({ ...s3, Upload: storage.Upload, getSignedUrl: presigner.getSignedUrl }),
  ));

export class S3BlobStore implements BlobStore {
  private clientP?: Promise<S3Client>;
  private readonly clientOption: S3Client | S3ClientConfig;
  readonly bucket: string;
  private readonly prefix: string;
  private readonly cacheDir: string;
  private readonly partSize: number;
  private readonly queueSize: number;
  private readonly cacheControl: string;
  private readonly publicBaseUrl?: string;
  private readonly singlePutMax: number;

  constructor(o: S3BlobStoreOptions) {
    this.clientOption = o.client;
    this.bucket = o.bucket;
    this.prefix = o.prefix ?? DEFAULTS.prefix;
    this.cacheDir = path.resolve(o.cacheDir ?? DEFAULTS.cacheDir);
    this.partSize = Math.max(5 * 1024 * 1024, o.partSizeBytes ?? DEFAULTS.partSizeBytes);
    this.queueSize = o.queueSize ?? DEFAULTS.queueSize;
    this.cacheControl = o.cacheControl ?? DEFAULTS.cacheControl;
    this.publicBaseUrl = o.publicBaseUrl?.replace(/\/+$/, "");
    this.singlePutMax = o.singlePutMaxBytes ?? DEFAULTS.singlePutMaxBytes;
  }

  /** the S3 client (built on first use from the config given) */
  client(): Promise<S3Client> {
    return (this.clientP ??= sdk().then((m) =>
      this.clientOption instanceof m.S3Client ? this.clientOption : new m.S3Client(this.clientOption as S3ClientConfig),
    ));
  }

  /** sends one command built from the SDK module (loaded lazily) */
  private async send<T>(build: (m: Awaited<ReturnType<typeof sdk>>) => { input: unknown }): Promise<T> {
    const [m, client] = await Promise.all([sdk(), this.client()]);
    return (await client.send(build(m) as never)) as T;
  }

  objectKey(key: string): string {
    assertKey(key);
    return this.prefix + key;
  }

  async put(data: Buffer | Uint8Array, opts?: PutOptions): Promise<PutResult> {
    const key = sha256(data);
    const body = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    if (body.byteLength <= this.singlePutMax) return { key, bytes: body.byteLength, created: await this.putIfAbsent(key, body, opts) };
    if (await this.has(key)) return { key, bytes: data.byteLength, created: false };
    await this.upload(key, body, opts);
    return { key, bytes: data.byteLength, created: true };
  }

  /**
   * A small body in one conditional PUT (If-None-Match: *) instead of a HEAD and then a PUT: one request, and no
   * 404 to raise and catch for every new asset. S3, MinIO and R2 answer 412 when the key exists (nothing written:
   * false); a store that ignores the condition overwrites the key with the same bytes, since the key is their
   * hash, and the answer is true (bytes were written).
   */
  private async putIfAbsent(key: string, body: Buffer, opts?: PutOptions): Promise<boolean> {
    const put = (ifNoneMatch?: string) =>
      this.send((m) =>
        new m.PutObjectCommand({
          Bucket: this.bucket,
          Key: this.objectKey(key),
          Body: body,
          ContentType: opts?.mediaType ?? "application/octet-stream",
          CacheControl: this.cacheControl,
          IfNoneMatch: ifNoneMatch,
        }),
      );
    try {
      await put("*");
      return true;
    } catch (err) {
      const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (status === 412) return false;
      // 409: a conditional write of the same key is in flight elsewhere (S3 asks for a retry); same bytes, so plain
      if (status === 409) {
        await put();
        return true;
      }
      throw err;
    }
  }

  async putFile(file: string, opts?: PutOptions): Promise<PutResult> {
    const hash = createHash("sha256");
    for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
    const key = hash.digest("hex");
    const { size } = await stat(file);
    if (await this.has(key)) return { key, bytes: size, created: false };
    await this.upload(key, createReadStream(file), opts);
    return { key, bytes: size, created: true };
  }

  /** Hashes a stream into a spool file (bounded memory), then uploads it; the spool is always removed. */
  async putStream(source: AsyncIterable<Buffer | Uint8Array>, opts?: PutOptions): Promise<PutResult> {
    const spool = await this.tempPath();
    const hash = createHash("sha256");
    let bytes = 0;
    try {
      async function* hashing() {
        for await (const chunk of source) {
          hash.update(chunk);
          bytes += chunk.length;
          yield chunk;
        }
      }
      await pipeline(Readable.from(hashing()), createWriteStream(spool, { flags: "wx" }));
      const key = hash.digest("hex");
      if (await this.has(key)) return { key, bytes, created: false };
      await this.upload(key, createReadStream(spool), opts);
      return { key, bytes, created: true };
    } finally {
      await rm(spool, { force: true });
    }
  }

  async get(key: string): Promise<Buffer> {
    const r = await this.send<GetOut>((m) => new m.GetObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
    return Buffer.from(await r.Body!.transformToByteArray());
  }

  /** Bytes `start`..`end` inclusive (HTTP Range semantics), without fetching the rest. */
  async getRange(key: string, start: number, end: number): Promise<Buffer> {
    const r = await this.send<GetOut>(
      (m) => new m.GetObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key), Range: `bytes=${start}-${end}` }),
    );
    return Buffer.from(await r.Body!.transformToByteArray());
  }

  stream(key: string): Readable {
    // the interface is synchronous; the request starts when the stream is first read
    const input = { Bucket: this.bucket, Key: this.objectKey(key) };
    const get = () => this.send<GetOut>((m) => new m.GetObjectCommand(input));
    return Readable.from(
      (async function* () {
        const r = await get();
        yield* r.Body as unknown as Readable;
      })(),
    );
  }

  async has(key: string): Promise<boolean> {
    return (await this.head(key)) !== null;
  }

  async delete(key: string): Promise<void> {
    await this.send((m) => new m.DeleteObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
    await rm(this.cachePath(key), { force: true });
  }

  async *list(): AsyncIterable<string> {
    let token: string | undefined;
    do {
      const page = await this.send<import("@aws-sdk/client-s3").ListObjectsV2CommandOutput>(
        (m) => new m.ListObjectsV2Command({ Bucket: this.bucket, Prefix: this.prefix, ContinuationToken: token }),
      );
      for (const o of page.Contents ?? []) {
        const k = o.Key?.slice(this.prefix.length);
        if (k && /^[0-9a-f]{64}$/.test(k)) yield k;
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async modifiedAt(key: string): Promise<Date | null> {
    return (await this.head(key))?.LastModified ?? null;
  }

  async size(key: string): Promise<number> {
    return (await this.head(key))?.ContentLength ?? 0;
  }

  /** A local copy (Blender and sharp read files): downloaded once into the cache folder, atomically. */
  async materialise(key: string): Promise<string> {
    const dest = this.cachePath(key);
    if (await stat(dest).then(() => true, () => false)) return dest;
    const tmp = await this.tempPath();
    try {
      const r = await this.send<GetOut>((m) => new m.GetObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
      await pipeline(r.Body as unknown as Readable, createWriteStream(tmp, { flags: "wx" }));
      await mkdir(path.dirname(dest), { recursive: true });
      await rename(tmp, dest);
    } finally {
      await rm(tmp, { force: true });
    }
    return dest;
  }

  /**
   * A URL the storefront or Shopify can fetch. Public assets: the public base (CDN) when configured; private
   * ones (shopper designs, print files) and stores without a public base: a presigned GET that expires.
   * Callers check the shop owns the key first (ShopAssetStore.url does).
   */
  async url(key: string, o: { visibility: "public" | "private"; expiresInSeconds?: number }): Promise<string> {
    if (o.visibility === "public" && this.publicBaseUrl) return `${this.publicBaseUrl}/${this.objectKey(key)}`;
    const [m, client] = await Promise.all([sdk(), this.client()]);
    return m.getSignedUrl(client, new m.GetObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }), {
      expiresIn: o.expiresInSeconds ?? DEFAULTS.signedUrlSeconds,
    });
  }

  async check(): Promise<void> {
    await this.send((m) => new m.HeadBucketCommand({ Bucket: this.bucket }));
  }

  private async upload(key: string, body: Buffer | Readable, opts?: PutOptions): Promise<void> {
    const [m, client] = await Promise.all([sdk(), this.client()]);
    const upload = new m.Upload({
      client,
      params: {
        Bucket: this.bucket,
        Key: this.objectKey(key),
        Body: body,
        ContentType: opts?.mediaType ?? "application/octet-stream",
        CacheControl: this.cacheControl,
      },
      partSize: this.partSize,
      queueSize: this.queueSize,
      leavePartsOnError: false, // a failed multipart upload is aborted, so no orphan parts are billed
    });
    await upload.done();
  }

  private async head(key: string) {
    try {
      return await this.send<import("@aws-sdk/client-s3").HeadObjectCommandOutput>(
        (m) => new m.HeadObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }),
      );
    } catch (err) {
      const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
      if (e.name === "NotFound" || e.$metadata?.httpStatusCode === 404) return null;
      throw err;
    }
  }

  private cachePath(key: string): string {
    assertKey(key);
    return path.join(this.cacheDir, key.slice(0, 2), key);
  }

  private async tempPath(): Promise<string> {
    const dir = path.join(this.cacheDir, "tmp");
    await mkdir(dir, { recursive: true });
    return path.join(dir, `${process.pid}-${randomUUID()}.part`);
  }
}
