/**
 * In-memory LRU of decoded passes. Decoding three 16-bit 2048² PNGs costs ~150 ms, more than a whole
 * mockup, so each (pass keys, size) is decoded once per process and kept as typed arrays.
 */
import { decodePasses, passesAtSize, passesBytes, type EncodedPasses, type Passes } from "./format";

export interface PassKeys {
  uv: string;
  shading: string;
  mask: string;
}

export const PASS_CACHE_DEFAULTS = {
  /** memory budget for decoded passes, bytes (a 2048² set is ~36 MB) */
  maxBytes: 512 * 1024 * 1024,
} as const;

export interface PassCacheOptions {
  /** memory budget for decoded passes in bytes; default PASS_CACHE_DEFAULTS.maxBytes (512 MB; a 2048² set is ~36 MB) */
  maxBytes?: number;
}

export class PassCache {
  private readonly entries = new Map<string, { passes: Promise<Passes>; bytes: number }>();
  /** settled entries by id, for synchronous peeks */
  private readonly resolved = new Map<string, Passes>();
  private readonly maxBytes: number;
  hits = 0;
  misses = 0;

  constructor(opts: PassCacheOptions = {}) {
    this.maxBytes = opts.maxBytes ?? PASS_CACHE_DEFAULTS.maxBytes;
  }

  /**
   * Decoded passes at `size` (or the closest size above it, or the stored size if smaller). Only the
   * requested size is kept, reduced while decoding: a 1024² catalog holds ~9 MB per view instead of ~45 MB.
   */
  async get(keys: PassKeys, size: number, load: () => Promise<EncodedPasses>): Promise<Passes> {
    const base = `${keys.uv}:${keys.shading}:${keys.mask}`;
    return this.entry(`${base}@${size}`, async (): Promise<Passes> => {
      let full: Passes | undefined = this.larger(base, size);
      if (!full) full = await decodePasses(await load(), size);
      return full.width <= size ? full : passesAtSize(full, size);
    });
  }

  /** an already decoded larger size of the same passes, to halve from instead of decoding again */
  private larger(base: string, size: number): Passes | undefined {
    for (const [id, p] of this.resolved) if (id.startsWith(`${base}@`) && p.width > size) return p;
    return undefined;
  }

  private entry(id: string, make: () => Promise<Passes>): Promise<Passes> {
    const hit = this.entries.get(id);
    if (hit) {
      this.hits++;
      this.entries.delete(id); // re-insert: Map order is the LRU order
      this.entries.set(id, hit);
      return hit.passes;
    }
    this.misses++;
    const entry = { passes: make(), bytes: 0 };
    this.entries.set(id, entry);
    entry.passes.then(
      (p) => {
        entry.bytes = passesBytes(p);
        if (this.entries.get(id) === entry) this.resolved.set(id, p);
        this.evict();
      },
      () => this.entries.delete(id), // a failed decode is not cached
    );
    return entry.passes;
  }

  private evict(): void {
    let total = 0;
    for (const e of this.entries.values()) total += e.bytes;
    for (const [k, e] of this.entries) {
      if (total <= this.maxBytes || this.entries.size <= 1) break;
      total -= e.bytes;
      this.entries.delete(k);
      this.resolved.delete(k);
    }
  }

  clear(): void {
    this.entries.clear();
    this.resolved.clear();
  }
}
