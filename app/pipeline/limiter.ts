/** Per-capability concurrency limits within one process (Blender steps one at a time by default). */

export const DEFAULT_CAPABILITY_LIMITS: Readonly<Record<string, number>> = {
  "garment.drape": 1,
  "render.passes": 1,
  "render.hero": 1,
};

class Semaphore {
  private active = 0;
  private readonly waiters: (() => void)[] = [];
  constructor(readonly limit: number) {}

  async acquire(signal?: AbortSignal): Promise<() => void> {
    if (this.active >= this.limit) {
      await new Promise<void>((resolve, reject) => {
        const wake = () => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        };
        const onAbort = () => {
          const i = this.waiters.indexOf(wake);
          if (i >= 0) this.waiters.splice(i, 1);
          reject(signal!.reason);
        };
        if (signal?.aborted) return reject(signal.reason);
        signal?.addEventListener("abort", onAbort, { once: true });
        this.waiters.push(wake);
      });
    }
    this.active++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active--;
      this.waiters.shift()?.();
    };
  }

  get inUse() {
    return this.active;
  }
}

export class CapabilityLimiter {
  private readonly sems = new Map<string, Semaphore>();
  constructor(
    private readonly limits: Record<string, number> = {},
    /** limit for capabilities not listed (default 4) */
    private readonly fallback = 4,
  ) {}

  acquire(capability: string, signal?: AbortSignal): Promise<() => void> {
    let s = this.sems.get(capability);
    if (!s) {
      const limit = this.limits[capability] ?? DEFAULT_CAPABILITY_LIMITS[capability] ?? this.fallback;
      s = new Semaphore(Math.max(1, limit));
      this.sems.set(capability, s);
    }
    return s.acquire(signal);
  }

  inUse(capability: string): number {
    return this.sems.get(capability)?.inUse ?? 0;
  }
}
