/** GLB and glTF (embedded or with side files) through glTF-Transform, after the container checks. */
import { GLB_BUFFER, type Document } from "@gltf-transform/core";
import { AssetError } from "../errors";
import { getIO } from "../io";
import type { AssetLimits } from "../limits";
import type { ResourceLoader } from "../resources";
import { checkGltfJson, parseGlbContainer, type GltfJson } from "../sniff";

export async function readGlb(bytes: Uint8Array, limits: AssetLimits, resources: ResourceLoader): Promise<Document> {
  const { json, bin } = parseGlbContainer(bytes, limits);
  const io = await getIO();
  const uris = externalUris(json);
  if (!uris.length) return wrap(() => io.readBinary(bytes));
  // A GLB with side files: they come only through the (confined) resource loader.
  const loaded: Record<string, Uint8Array<ArrayBuffer>> = {};
  for (const uri of uris) loaded[uri] = new Uint8Array(await resources(uri));
  if (bin) loaded[GLB_BUFFER] = new Uint8Array(bin);
  return wrap(() => io.readJSON({ json: json as never, resources: loaded }));
}

export async function readGltf(bytes: Uint8Array, limits: AssetLimits, resources: ResourceLoader): Promise<Document> {
  if (bytes.byteLength > limits.maxJsonBytes) throw new AssetError("too_large", `glTF JSON is ${bytes.byteLength} bytes (limit ${limits.maxJsonBytes})`);
  let json: GltfJson;
  try {
    json = JSON.parse(Buffer.from(bytes).toString("utf8")) as GltfJson;
  } catch (err) {
    throw new AssetError("malformed", `glTF is not valid JSON: ${(err as Error).message}`);
  }
  checkGltfJson(json, limits);
  const loaded: Record<string, Uint8Array<ArrayBuffer>> = {};
  for (const uri of externalUris(json)) loaded[uri] = new Uint8Array(await resources(uri));
  json.buffers?.forEach((b, i) => {
    if (b.uri && !b.uri.startsWith("data:") && loaded[b.uri].byteLength < (b.byteLength ?? 0)) {
      throw new AssetError("malformed", `buffer ${i} declares ${b.byteLength} bytes but "${b.uri}" holds ${loaded[b.uri].byteLength}`);
    }
  });
  const io = await getIO();
  return wrap(() => io.readJSON({ json: json as never, resources: loaded }));
}

function externalUris(json: GltfJson): string[] {
  const uris = [...(json.buffers ?? []), ...(json.images ?? [])]
    .map((r) => r?.uri)
    .filter((u): u is string => typeof u === "string" && !u.startsWith("data:"));
  return [...new Set(uris)];
}

async function wrap(read: () => Promise<Document>): Promise<Document> {
  try {
    return await read();
  } catch (err) {
    if (err instanceof AssetError) throw err;
    throw new AssetError("malformed", `the model could not be read: ${(err as Error).message}`);
  }
}
