/** FBX: no maintained converter installs from npm here (see docs/decisions/031-fbx-import.md). */
import { AssetError } from "../errors";

export function readFbx(): never {
  throw new AssetError(
    "unsupported_format",
    "unsupported format: FBX. Export the model as GLB or glTF (Blender: File > Export > glTF 2.0) and upload that",
  );
}
