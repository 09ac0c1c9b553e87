/**
 * model.fetch from CGTrader: an import job's step (params.source = {vendor: "cgtrader", id, fileId?}). It reads the
 * model's details, refuses a licence without commercial use, downloads the chosen file through its signed URL,
 * converts it with the asset processor (convert.ts) and stores the GLB in the shop's asset store. The library entry
 * takes the result from the job (app/library/imported.server.ts). Built-in and already imported models are the local
 * provider's (`serves`), so product jobs never call CGTrader.
 */
import { modelFetchParamsSchema } from "../../contracts/model-fetch";
import type { JsonObject, Provider } from "../../pipeline/types";
import { AssetError } from "../../gltf/errors";
import { ConnectorFault } from "../shared/faults";
import { allowsCommercialUse, pickFile } from "./api";
import { CgtraderClient, PROVIDER, type CgtraderClientOptions, type CgtraderCredentials } from "./client";
import { convertModel } from "./convert";

export const DEFAULTS = {
  /** the whole step: details, download (up to 60 s) and conversion */
  timeoutMs: 180_000,
} as const;

/** A model whose licence does not allow commercial use: shown in search, never imported. */
export class LicenceRefusedError extends Error {
  readonly nonRetryable = true;
  constructor(readonly licence: string) {
    super(`cgtrader: the model's licence "${licence}" does not allow commercial use`);
    this.name = "LicenceRefusedError";
  }
}

export interface CgtraderProviderDeps {
  /** the shop's base URL, client id and secret; null when the merchant has not connected CGTrader */
  credentials(shop: string): Promise<CgtraderCredentials | null>;
  /** client options per shop: the policy runner, the URL guard (tests: allowLoopback) */
  clientOptions?(shop: string, signal?: AbortSignal): CgtraderClientOptions | Promise<CgtraderClientOptions>;
  /** per-attempt deadline of the whole step (default 180 000 ms) */
  timeoutMs?: number;
}

export function cgtraderProvider(deps: CgtraderProviderDeps): Provider {
  return {
    name: PROVIDER,
    capability: "model.fetch",
    version: "1",
    params: modelFetchParamsSchema,
    timeoutMs: deps.timeoutMs ?? DEFAULTS.timeoutMs,
    // retries and breakers are the connector policy's (shared across processes); the registry only times it out
    ownsResilience: true,
    serves: (params) => (params.source as { vendor?: unknown } | undefined)?.vendor === "cgtrader",
    async run(input, ctx) {
      const p = modelFetchParamsSchema.parse(input.params);
      const source = p.source!;
      const creds = await deps.credentials(ctx.shop);
      if (!creds) throw new ConnectorFault("not_configured", "cgtrader: not connected for this shop (base URL, client id and secret in Settings)", { provider: PROVIDER });
      const client = new CgtraderClient(creds, await deps.clientOptions?.(ctx.shop, ctx.signal));
      // details and download are one exchange for the policy: the breaker judges the import as a whole
      const { details, file, dl } = await client.exchange(async (api) => {
        const details = await api.details(source.id);
        // the server refuses, whatever the page showed: the licence is read again from CGTrader at import time
        if (!allowsCommercialUse(details.license)) throw new LicenceRefusedError(details.license);
        const file = source.fileId ? details.files.find((f) => f.id === source.fileId) : pickFile(details.files);
        if (!file) throw new AssetError("unsupported_format", `cgtrader: model ${source.id} has no file we can import (GLB, glTF, OBJ, STL or FBX)`);
        ctx.progress(0.15);
        return { details, file, dl: await api.download(source.id, file.id) };
      }, ctx.signal);
      ctx.progress(0.6);
      const converted = await convertModel(new Uint8Array(dl.bytes), {
        fileName: file.name,
        info: { name: p.model, title: details.title.slice(0, 200), licence: details.license, author: details.author_name.slice(0, 200) },
      });
      ctx.progress(0.9);
      const key = await ctx.assets.put(converted.glb, {
        kind: "glb",
        mediaType: "model/gltf-binary",
        triangles: converted.triangles,
        meta: { source: `cgtrader:${source.id}`, checksum: dl.sha256 },
      });
      return {
        assets: { glb: key },
        data: {
          info: converted.info as unknown as JsonObject,
          source: {
            vendor: "cgtrader",
            id: source.id,
            fileId: file.id,
            fileName: file.name,
            checksum: dl.sha256,
            bytes: dl.bytes.length,
            triangles: converted.triangles,
            simplified: converted.simplified,
            author: details.author_name,
            licence: details.license,
            validatorWarnings: converted.validator.warnings,
          },
        },
      };
    },
  };
}
