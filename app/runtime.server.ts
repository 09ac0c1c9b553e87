/**
 * Shared runtime setup for the CLI, routes and worker processes: database client, blob store under
 * `dataDir()/assets`, the provider registry and workers. One function so every entry point is wired alike.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import { ShopAssetStore } from "./assets/store/asset-store.server";
import { collectGarbage } from "./assets/store/gc";
import { expireUnorderedDesigns } from "./orders/retention.server";
import { pruneStaged } from "./blender/staging";
import { blobStoreFromEnv } from "./assets/store/from-env";
import type { AssetStore, BlobStore } from "./assets/store/types";
import { createDb, getDb, type Db } from "./db/client.server";
import { dbTarget, type DbTarget } from "./db/url";
import { queueFromEnv } from "./pipeline/queue/from-env";
import type { JobQueue } from "./pipeline/queue/types";
import type { ProviderRegistry } from "./pipeline/registry";
import { Worker, type WorkerOptions } from "./pipeline/worker";
import { matchesCapability, parseCapabilities, unmatchedPatterns } from "./pipeline/roles";
import { drainInbox, INBOX_DEFAULTS } from "./shopify/webhook-inbox.server";
import { providerOrder } from "./shopify/settings.server";

export interface Runtime {
  db: Db;
  target: DbTarget;
  blobs: BlobStore;
  queue: JobQueue;
  /** built lazily on first use (providers may be costly to set up) */
  registry(): Promise<ProviderRegistry>;
  assetsFor(shop: string): AssetStore;
  /** a worker wired to this runtime (not started) */
  createWorker(opts?: Partial<Omit<WorkerOptions, "db" | "registry" | "assetsFor" | "queue">>): Promise<Worker>;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  /** environment to read (default process.env) */
  env?: Record<string, string | undefined>;
  /** use this client instead of creating one (tests) */
  db?: Db;
  blobs?: BlobStore;
}

/**
 * Creates a runtime. SQLite connections open in WAL with synchronous=NORMAL wherever they are created
 * (app/db/adapter.ts), so the web process's getDb() and a worker's runtime behave alike.
 * MOCKUP_REGISTRY_MODULE (a path to a module exporting createRegistry) replaces app/providers.server.ts:
 * tests and special-purpose workers use it to run with their own providers.
 */
export async function createRuntime(opts: RuntimeOptions = {}): Promise<Runtime> {
  const env = (opts.env ?? process.env) as NodeJS.ProcessEnv;
  const target = dbTarget(env);
  const db = opts.db ?? createDb(target);
  const blobs = opts.blobs ?? blobStoreFromEnv(env);
  let registry: Promise<ProviderRegistry> | undefined;
  const rt: Runtime = {
    db,
    target,
    blobs,
    // MOCKUP_QUEUE: the same choice routes get through createJob/cancelJob/retryJob's default queue
    queue: await queueFromEnv(env),
    registry: () => (registry ??= loadRegistry(env)),
    assetsFor: (shop) => new ShopAssetStore(shop, db, blobs),
    async createWorker(wopts = {}) {
      const reg = await rt.registry();
      // MOCKUP_WORKER_CAPABILITIES: the in-process worker's roles (and a `mockup worker` given no --capabilities)
      const capabilities = wopts.capabilities ?? parseCapabilities(env.MOCKUP_WORKER_CAPABILITIES?.trim() || undefined, "MOCKUP_WORKER_CAPABILITIES");
      const unknown = unmatchedPatterns(capabilities, reg.capabilities());
      if (unknown.length) {
        throw new Error(`capability pattern ${unknown.map((p) => `"${p}"`).join(", ")} matches no capability this worker has a provider for (${reg.capabilities().join(", ")})`);
      }
      return new Worker({
        db,
        registry: reg,
        capabilities,
        // a step's result is committed after its assets: their rows need not wait for the WAL flush
        assetsFor: (shop) => new ShopAssetStore(shop, db, blobs, { asyncCommit: true }),
        queue: rt.queue,
        // the merchant's provider settings (admin → Services) decide order and switches per shop
        providerOrder: (shop, capability) => providerOrder(db, shop, capability),
        // hourly asset GC + temp-file sweep + Blender staging pruned (MOCKUP_GC_EVERY_MIN, 0 = off); several workers doing it is safe
        gcEveryMs: gcEveryMinutes(env) * 60_000,
        // expired shopper designs first, so the same round frees their assets
        collectGarbage: async () => {
          const designsExpired = (await expireUnorderedDesigns(db)).total;
          return { ...(await collectGarbage(db, blobs)), staged: await pruneStaged(), designsExpired };
        },
        // products/* webhooks recorded by the web process (decision 153): workers that take every capability or
        // shopify.* handle them; render and Blender workers leave them to those
        ...(matchesCapability(capabilities, "shopify.webhook")
          ? {
              inbox: {
                batch: INBOX_DEFAULTS.batch,
                async drain() {
                  const { productInboxHandlers } = await import("./shopify/product-webhook.server");
                  return drainInbox(db, productInboxHandlers(db));
                },
              },
            }
          : {}),
        ...wopts,
      });
    },
    async close() {
      if (!opts.db) await db.$disconnect();
    },
  };
  return rt;
}

declare global {
  var __mockupRuntime: Promise<Runtime> | undefined;
}

/** The process-wide runtime (routes, the in-process worker). */
export function getRuntime(): Promise<Runtime> {
  // share the routes' client (getDb) so one process holds one connection pool
  globalThis.__mockupRuntime ??= createRuntime({ db: getDb() });
  return globalThis.__mockupRuntime;
}

/** MOCKUP_GC_EVERY_MIN: minutes between a worker's GC rounds (default 60, 0 = off). */
export function gcEveryMinutes(env: Record<string, string | undefined>): number {
  const raw = env.MOCKUP_GC_EVERY_MIN?.trim();
  if (!raw) return 60;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0 || n > 7 * 24 * 60) throw new Error(`MOCKUP_GC_EVERY_MIN must be minutes from 0 (off) to 10080 (got "${raw.slice(0, 40)}")`);
  return n;
}

async function loadRegistry(env: NodeJS.ProcessEnv): Promise<ProviderRegistry> {
  const mod = env.MOCKUP_REGISTRY_MODULE?.trim();
  // loaded on first use: the providers pull in Blender, sharp and glTF-Transform, which jobs/job/retry never need
  if (!mod) return (await import("./providers.server")).createRegistry({ env });
  const m = (await import(pathToFileURL(path.resolve(mod)).href)) as { createRegistry?: (o: { env: NodeJS.ProcessEnv }) => ProviderRegistry | Promise<ProviderRegistry> };
  if (typeof m.createRegistry !== "function") throw new Error(`MOCKUP_REGISTRY_MODULE ${mod} exports no createRegistry()`);
  return m.createRegistry({ env });
}

declare global {
  var __mockupWorker: Promise<Worker> | undefined;
}

/**
 * Starts this process's in-process worker once (web process on one machine). Idempotent across Remix
 * dev-server reloads. Set MOCKUP_IN_PROCESS_WORKER=0 where separate `mockup worker` processes run the jobs.
 */
export function ensureInProcessWorker(opts: Partial<Omit<WorkerOptions, "db" | "registry" | "assetsFor" | "queue">> = {}): Promise<Worker> | null {
  if (process.env.MOCKUP_IN_PROCESS_WORKER === "0") return null;
  globalThis.__mockupWorker ??= getRuntime().then(async (rt) => (await rt.createWorker(opts)).start());
  return globalThis.__mockupWorker;
}
