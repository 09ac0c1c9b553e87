/**
 * A request body of at most `max` bytes: refused from Content-Length before anything is read, and while reading
 * when the header lies or is missing (chunked). Used by every route that reads a body from outside before a
 * library does (app-proxy uploads, webhooks), so a huge body costs at most `max` bytes of memory.
 */
export class BodyTooLargeError extends Error {
  constructor(
    readonly max: number,
    detail: string,
  ) {
    super(detail);
    this.name = "BodyTooLargeError";
  }
}

export async function readLimitedBody(request: Request, max: number): Promise<Buffer> {
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > max) throw new BodyTooLargeError(max, `declared ${declared} bytes; the limit is ${max}`);
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel().catch(() => {});
      throw new BodyTooLargeError(max, `more than ${max} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total);
}

/** The same limit for a Node request the web server reads itself (app/server/app.ts's direct webhook route). */
export function readLimitedNodeBody(req: import("node:http").IncomingMessage, max: number): Promise<Buffer> {
  const declared = Number(req.headers["content-length"] ?? NaN);
  if (Number.isFinite(declared) && declared > max) return Promise.reject(new BodyTooLargeError(max, `declared ${declared} bytes; the limit is ${max}`));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const onData = (chunk: Buffer) => {
      total += chunk.length;
      if (total > max) {
        req.off("data", onData);
        req.resume(); // drain the rest unread, so the answer can still be sent on this connection
        reject(new BodyTooLargeError(max, `more than ${max} bytes`));
        return;
      }
      chunks.push(chunk);
    };
    req.on("data", onData);
    req.once("end", () => resolve(Buffer.concat(chunks, total)));
    req.once("error", reject);
  });
}
