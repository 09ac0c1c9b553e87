/**
 * The double's catalogue: real sample models from the shared test data (../shared/samples/models, see its
 * SOURCES.md for where each came from), each given a CGTrader-shaped listing. Licences follow the files' real
 * terms where they allow commercial use (CC0, MIT, CC-BY → "royalty_free"); one model is listed as "editorial" so
 * the refusal path has a real file behind it.
 */
import { existsSync } from "node:fs";
import path from "node:path";

export interface DoubleModel {
  id: number;
  title: string;
  author: string;
  license: string;
  categoryId: number;
  price: number;
  /** the sample file served as the download (a file name in the samples folder) */
  file: string;
  fileType: string;
  description: string;
}

export const CATEGORIES = [
  { id: 10, name: "Household" },
  { id: 20, name: "Fashion & Accessories" },
  { id: 30, name: "Industrial" },
] as const;

export const MODELS: readonly DoubleModel[] = [
  { id: 4101, title: "Coffee mug (low poly)", author: "Kenney", license: "royalty_free", categoryId: 10, price: 0, file: "mug_kenney.glb", fileType: "glb", description: "CC0 mug from Kenney's assets." },
  { id: 4102, title: "Ceramic mug, scanned look", author: "PrintView Studio", license: "royalty_free", categoryId: 10, price: 4.99, file: "mug_trellis.glb", fileType: "glb", description: "Textured mug, MIT." },
  { id: 4103, title: "Paper shopping bag", author: "Kenney", license: "royalty_free", categoryId: 20, price: 0, file: "bag_kenney.glb", fileType: "glb", description: "CC0 paper bag." },
  { id: 4104, title: "Wooden barrel PBR", author: "webgltf sample models", license: "royalty_free", categoryId: 30, price: 12, file: "barrel_pbr.glb", fileType: "glb", description: "CC-BY 4.0 barrel with 2048² PBR textures." },
  { id: 4105, title: "Mug (editorial use only)", author: "Poly by Google", license: "editorial", categoryId: 10, price: 2, file: "mug_polygoogle.glb", fileType: "glb", description: "Listed as editorial: may not be used commercially." },
  { id: 4106, title: "Textured box", author: "Cesium", license: "royalty_free", categoryId: 30, price: 1, file: "BoxTextured.glb", fileType: "glb", description: "Khronos sample box, CC-BY 4.0." },
];

/** The catalogue entries whose sample file is present in `samplesDir`. */
export function availableModels(samplesDir: string): DoubleModel[] {
  return MODELS.filter((m) => existsSync(path.join(samplesDir, m.file)));
}
