/** The built-in models: what each is and how to build it in code. */
import type { Document } from "@gltf-transform/core";
import type { ModelInfo } from "../contracts/model-info";
import { buildCap, capInfo } from "./models/cap";
import { buildPlaceholderGarment, placeholderInfo } from "./models/garment-placeholder";
import { buildMug, mugInfo } from "./models/mug";
import { buildPhonecase, phonecaseInfo } from "./models/phonecase";
import { buildPoster, posterInfo } from "./models/poster";
import { buildTote, toteInfo } from "./models/tote";

export interface CatalogEntry {
  info: ModelInfo;
  /** builds the model in code (for tee/hoodie: the stand-in used when no draped GLB is committed) */
  build(): Document;
  /** garments prefer app/library/garments/NAME.glb + NAME.json when present */
  garment?: boolean;
}

export const CATALOG: CatalogEntry[] = [
  { info: placeholderInfo("tee"), build: () => buildPlaceholderGarment("tee"), garment: true },
  { info: placeholderInfo("hoodie"), build: () => buildPlaceholderGarment("hoodie"), garment: true },
  { info: mugInfo, build: buildMug },
  { info: toteInfo, build: buildTote },
  { info: posterInfo, build: buildPoster },
  { info: capInfo, build: buildCap },
  { info: phonecaseInfo, build: buildPhonecase },
];
