/**
 * The connectors of the fault matrix (tests/connectors/fault-matrix.test.ts): for each, how to reach its local double,
 * what a job for it looks like, which request fails in each shared fault mode, and what "the next provider" is.
 *
 * Mockey.ai and VirtualThreads.io have a next provider (the local compositor / live path). CGTrader answers model.fetch
 * *imports*: nothing else can fetch a model that exists only on CGTrader, so it has none (`fallback: null`): a first
 * import in a fault fails with the fault class on record, and a re-import is finished by the earlier import's result
 * (the step cache, staleKey `import/cgtrader/<id>`), marked degraded. It has no tasks, so `task_failed` does not apply.
 */
import { ShopAssetStore } from "../../app/assets/store/asset-store.server";
import { cgtraderProviderOn } from "../../app/connectors/cgtrader/wiring.server";
import { mockeyProviders } from "../../app/connectors/mockey/providers";
import type { ConnectorKit } from "../../app/connectors/shared/connector";
import { liveProviders } from "../../app/connectors/virtualthreads/providers";
import type { Db } from "../../app/db/client.server";
import { localComposeProvider } from "../../app/mockups/providers/compose-local";
import type { JobSpec, Provider } from "../../app/pipeline/types";
import type { LocalDiskBlobStore } from "../../app/assets/store/local-disk";
import { saveSettings } from "../../app/shopify/settings.server";
import { DEMO_CLIENT, startCgtraderDouble, type CgtraderDouble } from "../doubles/cgtrader/server";
import { startMockeyDouble, type MockeyDouble } from "../doubles/mockey/server";
import type { FaultMode, FaultSettings } from "../doubles/vendor-faults";
import { startVirtualThreadsDouble, type VirtualThreadsDouble } from "../doubles/virtualthreads/server";
import { passesFixtureProvider } from "../helpers/passes-fixture-provider";
import { sharedPath } from "../helpers/shared-data";

/** A connector under test. */
export interface ConnectorCase {
  name: string;
  capability: string;
  provider: string;
  /** the provider after it in the shop's order; null: nothing else can serve the step (a first job fails) */
  fallback: string | null;
  /** every vendor request the double answered (all routes) */
  hits(): number;
  /**
   * The request that fails in `mode`: a counter of its requests, and how many a fault that is not retried costs
   * (1; 2 where the adapter asks once more by design: CGTrader's one token refresh, a fresh result URL once).
   */
  failing(mode: FaultMode): { count(): number; once: number };
  /** the output asset to look at, and its media type prefix */
  output: { asset: string; mediaType: string; size?: number };
  setFault(mode: FaultMode, settings?: FaultSettings): void;
  spec(i: number, opts?: { stale?: boolean }): JobSpec;
}

export interface MatrixConnectors {
  cases: ConnectorCase[];
  /** every provider the cases need, in registration (= fallback) order */
  providers: Provider[];
  close(): Promise<void>;
}

/** The connectors in the matrix's order, and the fault modes with no meaning for each (known before the doubles start). */
export const MATRIX_CONNECTORS = [
  { name: "Mockey.ai mockup.compose", notApplicable: [] as FaultMode[] },
  { name: "VirtualThreads.io mockup.live", notApplicable: [] as FaultMode[] },
  // CGTrader's API has no tasks
  { name: "CGTrader model.fetch", notApplicable: ["task_failed"] as FaultMode[] },
];

/** The smallest sample (Kenney's mug, 232 triangles): conversions stay fast in a matrix of many jobs. */
export const CGTRADER_MODEL_ID = "4101";

/** Starts the three doubles, stores the shop's settings (keys and secrets encrypted) and builds the cases. */
export async function matrixConnectors(db: Db, blobs: LocalDiskBlobStore, shop: string, kit: ConnectorKit): Promise<MatrixConnectors> {
  const mockey: MockeyDouble = await startMockeyDouble({ processingPolls: 1 });
  const vt: VirtualThreadsDouble = await startVirtualThreadsDouble();
  const cgt: CgtraderDouble = await startCgtraderDouble({ samplesDir: sharedPath("samples/models") });
  await saveSettings(
    db,
    shop,
    {
      services: {
        mockey: { baseUrl: mockey.url, apiKey: mockey.apiKey },
        virtualthreads: { baseUrl: vt.url, apiKey: vt.apiKey },
        cgtrader: { baseUrl: cgt.url, clientId: DEMO_CLIENT.clientId, clientSecret: DEMO_CLIENT.clientSecret },
      },
    },
    { registered: { "mockup.compose": ["local", "mockey"], "mockup.live": ["local", "virtualthreads"] } },
  );
  const designKey = await new ShopAssetStore(shop, db, blobs).put(await designArt(), { kind: "design", mediaType: "image/png" });
  const sum = (h: Record<string, number>) => Object.values(h).reduce((n, v) => n + v, 0);
  const route = (h: Record<string, number>, r: string) => () => h[r] ?? 0;
  // the task pattern: a transport fault hits every API route, so the first request (the template/garment list) is the
  // failing one; the double answers the task itself with "failed" (counted: task creations), and an expired result URL
  // is met by the download and by the fresh URL asked for once (each fetched once)
  const taskFailing = (h: Record<string, number>, list: string, create: string, result: string) => (mode: FaultMode) =>
    mode === "task_failed" ? { count: route(h, create), once: 1 } : mode === "expired_result" ? { count: route(h, result), once: 2 } : { count: route(h, list), once: 1 };
  const cgtCalls = (target: string) => () => cgt.calls.filter((x) => x.target === target).length;

  const cases: ConnectorCase[] = [
    {
      name: "Mockey.ai mockup.compose",
      capability: "mockup.compose",
      provider: "mockey",
      fallback: "local",
      hits: () => sum(mockey.hits),
      failing: taskFailing(mockey.hits, "templates", "create", "result"),
      output: { asset: "image", mediaType: "image/png", size: 1024 },
      setFault: (m, s) => mockey.setFault(m, s),
      spec: (i) => ({
        shop,
        type: "matrix",
        steps: [
          { name: "model", capability: "test.model" },
          // a new colour per job: no step-cache hit hides the vendor; one staleKey: an earlier result can stand in
          { name: "mockup", capability: "mockup.compose", dependsOn: ["model"], staleKey: "tee/front", params: { view: "front", color: { name: `c${i}`, hex: hex(0x203040, i) }, size: 1024, format: "png" } },
        ],
      }),
    },
    {
      name: "VirtualThreads.io mockup.live",
      capability: "mockup.live",
      provider: "virtualthreads",
      fallback: "local",
      hits: () => sum(vt.hits),
      failing: taskFailing(vt.hits, "garments", "render", "file"),
      output: { asset: "image_front", mediaType: "image/jpeg", size: 512 },
      setFault: (m, s) => vt.setFault(m, s),
      spec: (i) => ({
        shop,
        type: "matrix",
        steps: [{ name: "live", capability: "mockup.live", staleKey: "live/tee/front", params: { model: "tee", color: { name: `c${i}`, hex: hex(0x2e8b57, i) }, views: ["front"], designKey, size: 512, format: "jpeg" } }],
      }),
    },
    {
      name: "CGTrader model.fetch",
      capability: "model.fetch",
      provider: "cgtrader",
      fallback: null,
      hits: () => cgt.calls.filter((c) => c.target !== "thumb").length,
      // the token is cached from earlier imports, so an API fault meets the details call first; a 401 gets one token
      // refresh and a second try; the wrong content type and the expired URL are the signed download's
      failing: (mode) =>
        mode === "wrong_content_type" ? { count: cgtCalls("download"), once: 1 } : mode === "expired_result" ? { count: cgtCalls("download"), once: 2 } : { count: cgtCalls("details"), once: mode === "expired_token" ? 2 : 1 },
      output: { asset: "glb", mediaType: "model/gltf-binary" },
      setFault: (m, s) => cgt.setFault(m, s),
      // each job names a new library model for the same CGTrader model, so no step-cache hit hides the vendor
      spec: (i, opts) => ({
        shop,
        type: "library-import",
        steps: [
          {
            name: "fetch",
            capability: "model.fetch",
            params: { model: `cgt-m${i}`, source: { vendor: "cgtrader", id: CGTRADER_MODEL_ID } },
            ...(opts?.stale === false ? {} : { staleKey: `import/cgtrader/${CGTRADER_MODEL_ID}` }),
          },
        ],
      }),
    },
  ];

  return {
    cases,
    providers: [
      passesFixtureProvider(),
      localComposeProvider(),
      // the task timeout is a backstop, far from any healthy render on a loaded machine: no cell depends on it
      ...mockeyProviders(kit, { pollMs: 2, taskTimeoutMs: 60_000, templateCacheMs: 0 }),
      ...liveProviders(kit, { pollMs: 2, taskTimeoutMs: 60_000 }),
      cgtraderProviderOn(() => kit),
    ],
    close: async () => {
      await Promise.all([mockey.close(), vt.close(), cgt.close()]);
    },
  };
}

const hex = (base: number, i: number) => `#${((base + i * 0x010101) & 0xffffff).toString(16).padStart(6, "0")}`;

/** A design in the store's colours (the WOLLE lettering on beige). */
async function designArt(): Promise<Buffer> {
  const { default: sharp } = await import("sharp");
  return sharp({ create: { width: 400, height: 300, channels: 4, background: { r: 245, g: 222, b: 179, alpha: 1 } } })
    .composite([{ input: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300"><text x="30" y="190" font-size="140" font-family="sans-serif" font-weight="bold" fill="#2E8B57">WOLLE</text></svg>') }])
    .png()
    .toBuffer();
}
