/** Loads a model's side files (buffers, textures) from its folder, refusing anything that escapes it. */
import { readFile, realpath, stat } from "node:fs/promises";
import path from "node:path";
import { AssetError } from "./errors";
import { checkUri } from "./sniff";

export type ResourceLoader = (uri: string) => Promise<Uint8Array>;

/** A loader confined to `dir`: URIs are checked, then the real path (after symlinks) must stay inside. */
export function folderResources(dir: string, maxBytes: number): ResourceLoader {
  return async (uri) => {
    checkUri(uri, "resource");
    const root = await realpath(dir);
    const target = path.resolve(root, decodeURIComponent(uri));
    let real: string;
    try {
      real = await realpath(target);
    } catch {
      throw new AssetError("missing_resource", `side file "${uri}" was not found next to the model`);
    }
    if (real !== root && !real.startsWith(root + path.sep)) {
      throw new AssetError("unsafe_uri", `side file "${uri}" resolves outside the model's folder`);
    }
    const st = await stat(real);
    if (!st.isFile()) throw new AssetError("missing_resource", `side file "${uri}" is not a file`);
    if (st.size > maxBytes) throw new AssetError("too_large", `side file "${uri}" is ${st.size} bytes (limit ${maxBytes})`);
    return new Uint8Array(await readFile(real));
  };
}

/** For bytes that arrived alone (an upload): any external reference is a missing resource. */
export const noResources: ResourceLoader = async (uri) => {
  checkUri(uri, "resource");
  throw new AssetError("missing_resource", `the model refers to a side file "${uri.slice(0, 80)}" that was not provided; upload a GLB or a glTF with embedded data`);
};
