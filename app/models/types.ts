/** What the library and the asset processor know about a product model, stored with the model. */

export type ProductType = "tshirt" | "hoodie" | "mug" | "tote" | "poster" | "cap" | "phonecase" | "other";

/** A printable region: a rectangle in glTF UV space (u right, v down, 0..1) with its physical size. */
export interface PrintArea {
  /** "front", "back", "left_sleeve", "right_sleeve", "wrap", ... */
  name: string;
  uv: { u0: number; v0: number; u1: number; v1: number };
  widthCm: number;
  heightCm: number;
}

export interface ModelInfo {
  /** library name, e.g. "tee", "hoodie", "mug" */
  name: string;
  title: string;
  productType: ProductType;
  licence: string;
  author: string;
  printAreas: PrintArea[];
  /** names of the materials that take the fabric/base colour (garment body, mug body...) */
  tintMaterials: string[];
}

/** Camera views for compositing passes and mockups. */
export type ViewName = "front" | "back" | "three_quarter" | "flat_lay";
export const VIEWS: ViewName[] = ["front", "back", "three_quarter", "flat_lay"];
