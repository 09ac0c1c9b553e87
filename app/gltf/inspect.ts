/** `asset inspect`: what a model file holds, after the same hostile-input checks as an import. */
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { KHRMaterialsVariants } from "@gltf-transform/extensions";
import { importFile } from "./import";
import { readModelInfo } from "./model-info";
import { writeGlb } from "./optimise";
import { countTriangles, textureStats, type TextureStat } from "./stats";
import { validateGlb, type ValidationSummary } from "./validate";
import type { ModelInfo } from "../contracts/model-info";

export interface InspectReport {
  file: string;
  format: string;
  bytes: number;
  triangles: number;
  meshes: number;
  materials: string[];
  textures: TextureStat[];
  extensions: string[];
  variants: string[];
  info?: ModelInfo;
  /** the validator on the file itself for GLB; on its GLB conversion for other formats */
  validator: ValidationSummary;
}

export async function inspectFile(file: string): Promise<InspectReport> {
  const { size } = await stat(file);
  const { doc, format } = await importFile(file);
  const root = doc.getRoot();
  const glb = format === "glb" ? new Uint8Array(await readFile(file)) : await writeGlb(doc, { compress: false });
  const variantsExt = root.listExtensionsUsed().find((e) => e.extensionName === KHRMaterialsVariants.EXTENSION_NAME) as KHRMaterialsVariants | undefined;
  return {
    file: path.basename(file),
    format,
    bytes: size,
    triangles: countTriangles(doc),
    meshes: root.listMeshes().length,
    materials: root.listMaterials().map((m) => m.getName()),
    textures: await textureStats(doc),
    extensions: root.listExtensionsUsed().map((e) => e.extensionName).sort(),
    variants: variantsExt?.listVariants().map((v) => v.getName()) ?? [],
    info: readModelInfo(doc),
    validator: await validateGlb(glb, path.basename(file)),
  };
}
