/**
 * The CLI's workspace (no database, no shop): blobs under <data>/mockup-cli/blobs, pass keys per (model GLB,
 * view, size, renderer) and finished mockups by key in small index files. Passes come from the built-in
 * rasteriser (degraded) so `mockup compose` works without Blender.
 */
import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { randomUUID } from "node:crypto";
import type { AssetInfo, AssetStore } from "../assets/store/types";
import { LocalDiskBlobStore } from "../assets/store/local-disk";
import { dataDir } from "../db/url";
import type { ModelInfo } from "../contracts/model-info";
import type { View } from "../contracts/view";
import { intakeDesign, type IntakeOptions, type IntakeResult } from "../designs/intake";
import { DirMockupCache } from "./catalog/cache";
import type { PassKeys } from "./passes/cache";
import { RASTER_VERSION, RASTERISE_DEFAULTS, rasteriseGlb } from "./passes/rasterise";
import { sharedPassCache } from "./shared-caches";
import type { Passes } from "./passes/format";
import type { ProviderContext } from "../pipeline/types";
import { cliLogger } from "../monitoring/cli-logger";

function localCtx(assets: AssetStore): ProviderContext {
  return {
    shop: assets.shop,
    jobId: "cli",
    stepId: "cli",
    stepName: "passes",
    attempt: 1,
    signal: new AbortController().signal,
    assets,
    log: cliLogger("mockup-cli"),
    progress: () => {},
  };
}

/** An AssetStore over a local blob directory, for single-operator tools. Not shop-scoped: never use it in the app. */
export class LocalAssetStore implements AssetStore {
  readonly shop = "local";
  constructor(readonly blobs: LocalDiskBlobStore) {}
  async put(data: Buffer | Uint8Array, _info: AssetInfo): Promise<string> {
    return (await this.blobs.put(data)).key;
  }
  async putFile(file: string, _info: AssetInfo): Promise<string> {
    return (await this.blobs.putFile(file)).key;
  }
  get(key: string): Promise<Buffer> {
    return this.blobs.get(key);
  }
  async path(key: string): Promise<string> {
    return this.blobs.pathOf(key);
  }
  has(key: string): Promise<boolean> {
    return this.blobs.has(key);
  }
  async info() {
    return null;
  }
}

export class UnknownModelError extends Error {
  constructor(name: string, detail: string) {
    super(`unknown model "${name}": ${detail}`);
    this.name = "UnknownModelError";
  }
}

export type PassRenderer = "auto" | "blender" | "raster";

export class LocalWorkspace {
  private blenderPool?: { close(): Promise<void> };
  readonly root: string;
  readonly assets: LocalAssetStore;
  readonly cache: DirMockupCache;

  constructor(root = path.join(dataDir(), "mockup-cli")) {
    this.root = path.resolve(root);
    this.assets = new LocalAssetStore(new LocalDiskBlobStore(path.join(this.root, "blobs")));
    this.cache = new DirMockupCache(path.join(this.root, "mockups"));
  }

  /** A library model (app/library) by name, with a clear error when it is unknown. */
  async model(name: string): Promise<{ glb: Uint8Array; info: ModelInfo }> {
    const lib = await import("../library");
    if (!lib.modelNames().includes(name)) throw new UnknownModelError(name, `available: ${lib.modelNames().join(", ")}`);
    const m = await lib.loadModel(name);
    return { glb: m.glb, info: m.info };
  }

  /**
   * Pass keys for (model, view) at 2048, rendered once and remembered by the GLB's hash and the renderer.
   * renderer "auto": Blender's passes when Blender is installed (first render per model and view takes a
   * while), else the built-in rasteriser (degraded); "blender" insists; "raster" never starts Blender.
   */
  async passKeys(
    name: string,
    view: View,
    opts: { size?: number; renderer?: PassRenderer; log?: (line: string) => void } = {},
  ): Promise<{ keys: PassKeys; info: ModelInfo; renderer: "blender" | "raster" }> {
    const size = opts.size ?? RASTERISE_DEFAULTS.size; // the passes' size when the caller names none
    const want = opts.renderer ?? "auto";
    const { glb, info } = await this.model(name);
    const glbHash = createHash("sha256").update(glb).digest("hex");
    const indexFor = (tag: string) => path.join(this.root, "passes", `${glbHash.slice(0, 32)}-${view}-${size}-${tag}.json`);
    if (want !== "raster") {
      const { BLENDER_PASSES_VERSION, blenderPassesProvider, sharedBlenderPool } = await import("../blender");
      const index = indexFor(BLENDER_PASSES_VERSION);
      const known = await this.readIndex(index);
      if (known) return { keys: known, info, renderer: "blender" };
      const pool = sharedBlenderPool();
      this.blenderPool = pool;
      if (pool.available) {
        opts.log?.(`rendering ${name}/${view} passes at ${size}² with Blender (a first compose at this size; cached after)…`);
        // a 2048² pass set takes 20-35 s on 2 cores (minutes on a loaded machine): say that it is still working
        const started = Date.now();
        const ticker = opts.log ? setInterval(() => opts.log!(`  … rendering ${name}/${view} passes, ${Math.round((Date.now() - started) / 1000)} s`), 5000) : undefined;
        ticker?.unref();
        try {
          const glbKey = await this.assets.put(glb, { kind: "glb", mediaType: "model/gltf-binary" });
          const out = await blenderPassesProvider(pool).run(
            { params: { view, size }, inputs: { model: { assets: { glb: glbKey }, data: { info: info as never } } } },
            localCtx(this.assets),
          );
          const keys = { uv: out.assets.uv, shading: out.assets.shading, mask: out.assets.mask };
          await this.writeIndex(index, keys);
          opts.log?.(`  passes ready in ${Math.round((Date.now() - started) / 1000)} s`);
          return { keys, info, renderer: "blender" };
        } catch (err) {
          if (want === "blender") throw err;
          opts.log?.(`Blender passes failed (${(err as Error).message.split("\n")[0]}); using the built-in rasteriser (degraded)`);
        } finally {
          clearInterval(ticker);
        }
      } else if (want === "blender") {
        throw new Error("Blender is not installed here (set BLENDER_PATH or install blender)");
      }
    }
    const index = indexFor(RASTER_VERSION);
    const known = await this.readIndex(index);
    if (known) return { keys: known, info, renderer: "raster" };
    const r = await rasteriseGlb(glb, { view, size, tintMaterials: info.tintMaterials });
    const meta = { mediaType: "image/png", width: size, height: size };
    const keys: PassKeys = {
      uv: await this.assets.put(r.encoded.uv, { kind: "pass.uv", ...meta }),
      shading: await this.assets.put(r.encoded.shading, { kind: "pass.shading", ...meta }),
      mask: await this.assets.put(r.encoded.mask, { kind: "pass.mask", ...meta }),
    };
    await this.writeIndex(index, keys);
    return { keys, info, renderer: "raster" };
  }

  private async readIndex(file: string): Promise<PassKeys | undefined> {
    try {
      const keys = JSON.parse(await readFile(file, "utf8")) as PassKeys;
      if ((await this.assets.has(keys.uv)) && (await this.assets.has(keys.shading)) && (await this.assets.has(keys.mask))) return keys;
    } catch {
      // not rendered yet
    }
    return undefined;
  }

  private async writeIndex(file: string, keys: PassKeys): Promise<void> {
    await mkdir(path.dirname(file), { recursive: true });
    const tmp = `${file}.${randomUUID()}.tmp`;
    await writeFile(tmp, JSON.stringify(keys));
    await rename(tmp, file);
  }

  /** Stops Blender processes started for passes (the CLI calls this before exiting). */
  async close(): Promise<void> {
    await this.blenderPool?.close();
  }

  /** Decoded passes at `size` (in this process's LRU). */
  passes(keys: PassKeys, size: number): Promise<Passes> {
    return sharedPassCache().get(keys, size, async () => ({
      uv: await this.assets.get(keys.uv),
      shading: await this.assets.get(keys.shading),
      mask: await this.assets.get(keys.mask),
    }));
  }

  /** Intake a design file's bytes and store the clean PNG. Throws DesignRejectedError for bad files. */
  async design(bytes: Buffer, opts: IntakeOptions = {}): Promise<IntakeResult & { key: string }> {
    const r = await intakeDesign(bytes, opts);
    const key = await this.assets.put(r.png, { kind: "design", mediaType: "image/png", width: r.width, height: r.height });
    return { ...r, key };
  }
}
