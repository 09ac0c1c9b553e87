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

export interface PassCacheOptions {
  /** memory budget for decoded passes in bytes; default 512 MB (a 2048² set is ~36 MB) */
  maxBytes?: number;
}

export class PassCache {
  private readonly entries = new Map<string, { passes: Promise<Passes>; bytes: number }>();
  private readonly maxBytes: number;
  hits = 0;
  misses = 0;

  constructor(opts: PassCacheOptions = {}) {
    this.maxBytes = opts.maxBytes ?? 512 * 1024 * 1024;
  }

  /** Decoded passes at `size` (downsampled from the stored size when smaller). */
  async get(keys: PassKeys, size: number, load: () => Promise<EncodedPasses>): Promise<Passes> {
    const base = `${keys.uv}:${keys.shading}:${keys.mask}`;
    const full = await this.entry(`${base}@full`, () => load().then(decodePasses));
    if (full.width === size) return full;
    return this.entry(`${base}@${size}`, async () => passesAtSize(full, size));
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
    }
  }

  clear(): void {
    this.entries.clear();
  }
}
