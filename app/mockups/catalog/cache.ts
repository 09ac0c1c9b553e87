/**
 * Where finished mockups are remembered by key, so a re-run of a catalog computes nothing new. Two adapters:
 * the database's StepCache table (the orchestrator's step cache, per shop) and a directory of small files
 * (the CLI, which runs without a database).
 */
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { randomUUID } from "node:crypto";
import type { Db } from "../../db/client.server";

export interface MockupCache {
  /** the stored output (asset key + size) for a mockup key, if known */
  get(key: string): Promise<CachedMockup | undefined>;
  set(key: string, value: CachedMockup): Promise<void>;
}

export interface CachedMockup {
  image: string;
  width: number;
  height: number;
  mediaType: string;
}

export class StepCacheMockupCache implements MockupCache {
  constructor(
    private readonly db: Db,
    private readonly shop: string,
    private readonly provider = "local",
  ) {}

  async get(key: string): Promise<CachedMockup | undefined> {
    const row = await this.db.stepCache.findUnique({ where: { shop_key: { shop: this.shop, key } } });
    if (!row) return undefined;
    const out = JSON.parse(row.output) as { assets?: { image?: string }; data?: Partial<CachedMockup> };
    if (!out.assets?.image) return undefined;
    return { image: out.assets.image, width: out.data?.width ?? 0, height: out.data?.height ?? 0, mediaType: out.data?.mediaType ?? "" };
  }

  async set(key: string, v: CachedMockup): Promise<void> {
    const output = JSON.stringify({ assets: { image: v.image }, data: { width: v.width, height: v.height, mediaType: v.mediaType } });
    await this.db.stepCache.upsert({
      where: { shop_key: { shop: this.shop, key } },
      create: { shop: this.shop, key, capability: "mockup.compose", provider: this.provider, output },
      update: { output },
    });
  }
}

export class DirMockupCache implements MockupCache {
  constructor(private readonly dir: string) {}

  private file(key: string): string {
    if (!/^[0-9a-f]{64}$/.test(key)) throw new Error("invalid mockup cache key");
    return path.join(this.dir, key.slice(0, 2), `${key}.json`);
  }

  async get(key: string): Promise<CachedMockup | undefined> {
    try {
      return JSON.parse(await readFile(this.file(key), "utf8")) as CachedMockup;
    } catch {
      return undefined;
    }
  }

  async set(key: string, v: CachedMockup): Promise<void> {
    const f = this.file(key);
    await mkdir(path.dirname(f), { recursive: true });
    const tmp = `${f}.${randomUUID()}.tmp`;
    await writeFile(tmp, JSON.stringify(v));
    await rename(tmp, f);
  }
}

export class MemoryMockupCache implements MockupCache {
  readonly map = new Map<string, CachedMockup>();
  async get(key: string) {
    return this.map.get(key);
  }
  async set(key: string, v: CachedMockup) {
    this.map.set(key, v);
  }
}
