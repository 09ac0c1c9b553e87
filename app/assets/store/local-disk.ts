/**
 * Local-disk blob store: <root>/<aa>/<bb>/<sha256>. Writes go to a unique temp file in <root>/tmp and are
 * renamed into place, so a reader never sees half a file and an interrupted put leaves only a temp file
 * that `sweepTemp` removes.
 */
import { createHash, randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, open, type FileHandle, readdir, readFile, rename, rm, stat, unlink, access, utimes } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import type { BlobStore, PutResult } from "./types";

const KEY = /^[0-9a-f]{64}$/;

export function assertKey(key: string): void {
  if (!KEY.test(key)) throw new Error(`invalid asset key "${String(key).slice(0, 80)}"`);
}

export function sha256(data: Buffer | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

export class LocalDiskBlobStore implements BlobStore {
  readonly root: string;
  private readonly tmp: string;

  constructor(root: string) {
    this.root = path.resolve(root);
    this.tmp = path.join(this.root, "tmp");
  }

  pathOf(key: string): string {
    assertKey(key);
    return path.join(this.root, key.slice(0, 2), key.slice(2, 4), key);
  }

  async put(data: Buffer | Uint8Array): Promise<PutResult> {
    const key = sha256(data);
    const dest = this.pathOf(key);
    if (await exists(dest)) {
      await touch(dest); // a re-put counts as fresh for GC's grace period
      return { key, bytes: data.byteLength, created: false };
    }
    const { tmp, fh } = await this.openTemp();
    try {
      try {
        await fh.writeFile(data);
        await fh.sync();
      } finally {
        await fh.close();
      }
      await renameInto(tmp, dest); // atomic; concurrent puts of the same content both end with one file
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
    return { key, bytes: data.byteLength, created: true };
  }

  async putFile(file: string): Promise<PutResult> {
    return this.putStream(createReadStream(file));
  }

  /**
   * Stores a stream's bytes, hashing while writing. If the stream fails (or the process dies) midway,
   * nothing is renamed into place: the temp file is removed here, or by sweepTemp after a crash.
   */
  async putStream(source: AsyncIterable<Buffer | Uint8Array>): Promise<PutResult> {
    const { tmp, fh } = await this.openTemp();
    const hash = createHash("sha256");
    let bytes = 0;
    try {
      try {
        // a plain loop: one write at a time is the backpressure, and no stream close semantics to wait on
        for await (const chunk of source) {
          hash.update(chunk);
          bytes += chunk.length;
          await fh.write(chunk);
        }
        await fh.sync();
      } finally {
        await fh.close();
      }
      const key = hash.digest("hex");
      const dest = this.pathOf(key);
      if (await exists(dest)) {
        await unlink(tmp);
        await touch(dest);
        return { key, bytes, created: false };
      }
      await renameInto(tmp, dest);
      return { key, bytes, created: true };
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
  }

  /** Last time the blob was stored (GC leaves younger unreferenced blobs alone: a put may be under way). */
  async modifiedAt(key: string): Promise<Date | null> {
    const s = await stat(this.pathOf(key)).catch(() => null);
    return s ? s.mtime : null;
  }

  get(key: string): Promise<Buffer> {
    return readFile(this.pathOf(key));
  }

  stream(key: string): Readable {
    return createReadStream(this.pathOf(key));
  }

  has(key: string): Promise<boolean> {
    return exists(this.pathOf(key));
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  async *list(): AsyncIterable<string> {
    for (const a of await safeReaddir(this.root)) {
      if (!/^[0-9a-f]{2}$/.test(a)) continue;
      for (const b of await safeReaddir(path.join(this.root, a))) {
        for (const f of await safeReaddir(path.join(this.root, a, b))) if (KEY.test(f)) yield f;
      }
    }
  }

  /** Removes temp files older than `olderThanMs` (left by a process killed mid-put). */
  async sweepTemp(olderThanMs = 60 * 60 * 1000): Promise<number> {
    let removed = 0;
    for (const f of await safeReaddir(this.tmp)) {
      const p = path.join(this.tmp, f);
      const s = await stat(p).catch(() => null);
      if (s && Date.now() - s.mtimeMs >= olderThanMs) {
        await rm(p, { force: true });
        removed++;
      }
    }
    return removed;
  }

  async check(): Promise<void> {
    await mkdir(this.tmp, { recursive: true });
    const probe = path.join(this.tmp, `healthz-${randomUUID()}`);
    const fh = await open(probe, "wx");
    await fh.close();
    await unlink(probe);
  }

  /**
   * A new temp file, open for writing. The folders are made only when missing (the first put, or after someone
   * removed them): a put is not three filesystem calls longer for folders that exist.
   */
  private async openTemp(): Promise<{ tmp: string; fh: FileHandle }> {
    const tmp = path.join(this.tmp, `${process.pid}-${randomUUID()}.part`);
    try {
      return { tmp, fh: await open(tmp, "wx") };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
      await mkdir(this.tmp, { recursive: true });
      return { tmp, fh: await open(tmp, "wx") };
    }
  }
}

/** rename(2) into the key's folder, made when it is missing. */
async function renameInto(tmp: string, dest: string): Promise<void> {
  try {
    await rename(tmp, dest);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    await mkdir(path.dirname(dest), { recursive: true });
    await rename(tmp, dest);
  }
}

async function touch(p: string): Promise<void> {
  const now = new Date();
  await utimes(p, now, now).catch(() => undefined); // deleted meanwhile: the caller's put will be retried
}

async function exists(p: string): Promise<boolean> {
  try {
    await access(p);
    return true;
  } catch {
    return false;
  }
}

async function safeReaddir(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch {
    return [];
  }
}
