/**
 * S3BlobStore's small puts: one conditional PUT (If-None-Match: *) instead of HEAD then PUT. s3rver ignores the
 * condition on PUT, so this runs against a local server that answers as AWS S3 documents it: 412 PreconditionFailed
 * when the key exists, 409 ConditionalRequestConflict while another conditional write of the key is in flight.
 */
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { S3BlobStore } from "../../app/assets/store/s3";

interface Seen {
  method: string;
  key: string;
  ifNoneMatch?: string;
  cacheControl?: string;
}

const objects = new Map<string, Buffer>();
let seen: Seen[] = [];
/** keys whose next conditional PUT gets a 409 */
const conflictOnce = new Set<string>();
/** keys whose next request is refused with 403 */
const denied = new Set<string>();
let server: Server;
let endpoint: string;

const xmlError = (code: string, message: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message><RequestId>t</RequestId></Error>`;

async function body(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const key = decodeURIComponent(new URL(req.url!, "http://x").pathname.replace(/^\/bucket\//, ""));
    const ifNoneMatch = req.headers["if-none-match"] as string | undefined;
    seen.push({ method: req.method!, key, ifNoneMatch, cacheControl: req.headers["cache-control"] as string | undefined });
    const data = await body(req);
    const send = (status: number, xml = "") => {
      res.writeHead(status, xml ? { "content-type": "application/xml" } : {});
      res.end(req.method === "HEAD" ? undefined : xml);
    };
    if (denied.delete(key)) return send(403, xmlError("AccessDenied", "Access Denied"));
    if (req.method === "HEAD") return send(objects.has(key) ? 200 : 404);
    if (req.method !== "PUT") return send(405, xmlError("MethodNotAllowed", "no"));
    if (ifNoneMatch === "*" && conflictOnce.delete(key)) return send(409, xmlError("ConditionalRequestConflict", "A conflicting conditional operation is in progress"));
    if (ifNoneMatch === "*" && objects.has(key)) return send(412, xmlError("PreconditionFailed", "At least one of the pre-conditions you specified did not hold"));
    objects.set(key, data);
    res.writeHead(200, { etag: `"${createHash("md5").update(data).digest("hex")}"` });
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => {
  objects.clear();
  seen = [];
});

const store = (singlePutMaxBytes?: number) =>
  new S3BlobStore({
    bucket: "bucket",
    prefix: "",
    singlePutMaxBytes,
    client: {
      endpoint,
      region: "us-east-1",
      forcePathStyle: true,
      maxAttempts: 1,
      credentials: { accessKeyId: "k", secretAccessKey: "s" },
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
    },
  });
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

describe("S3BlobStore small puts", () => {
  it("a new small body is one PUT with If-None-Match: *; the same body again gets 412 and writes nothing", async () => {
    const blobs = store();
    const data = Buffer.from("a small asset");
    expect(await blobs.put(data, { mediaType: "text/plain" })).toEqual({ key: sha(data), bytes: data.length, created: true });
    expect(seen).toEqual([{ method: "PUT", key: sha(data), ifNoneMatch: "*", cacheControl: "public, max-age=31536000, immutable" }]);
    expect(objects.get(sha(data))?.equals(data)).toBe(true);

    seen = [];
    expect(await blobs.put(data)).toEqual({ key: sha(data), bytes: data.length, created: false });
    expect(seen.map((s) => s.method)).toEqual(["PUT"]); // no HEAD first
  });

  it("a 409 (a conditional write of the key in flight elsewhere) is retried once without the condition", async () => {
    const blobs = store();
    const data = Buffer.from("raced");
    conflictOnce.add(sha(data));
    expect(await blobs.put(data)).toMatchObject({ key: sha(data), created: true });
    expect(seen.map((s) => [s.method, s.ifNoneMatch])).toEqual([
      ["PUT", "*"],
      ["PUT", undefined],
    ]);
    expect(objects.get(sha(data))?.equals(data)).toBe(true);
  });

  it("any other refusal is the caller's error, with nothing stored", async () => {
    const blobs = store();
    const data = Buffer.from("not allowed");
    denied.add(sha(data));
    await expect(blobs.put(data)).rejects.toMatchObject({ name: "AccessDenied" });
    expect(objects.size).toBe(0);
  });

  it("a body larger than singlePutMaxBytes asks with HEAD first and skips the upload when the key exists", async () => {
    const blobs = store(16);
    const data = Buffer.alloc(64, 7);
    expect(await blobs.put(data)).toMatchObject({ key: sha(data), created: true });
    expect(seen.map((s) => [s.method, s.ifNoneMatch])).toEqual([
      ["HEAD", undefined],
      ["PUT", undefined],
    ]);
    seen = [];
    expect(await blobs.put(data)).toMatchObject({ key: sha(data), created: false });
    expect(seen.map((s) => s.method)).toEqual(["HEAD"]);
  });
});
