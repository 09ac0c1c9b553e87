/**
 * Where everything of a design document lands in the texture atlas (the model's UV square, v down): one plan that
 * the browser's canvas and the server's SVG both follow, so the shopper's live texture, the server mockups and the
 * design GLB agree to the pixel. Pure and browser-safe.
 *
 * Each print area is a group: translate to its UV rectangle, scale centimetres to atlas pixels, clip to the area.
 * Inside it, each layer is drawn in centimetres: translate to its centre, rotate, then its box of
 * widthCm × heightCm centred on the origin (a text's outline scaled from outline units to that box).
 */
import type { DesignDocument, Layer } from "../../contracts/design-document";
import { layerAspect } from "./geometry";

/** The part of a print area the plan needs (structurally the shared PrintArea). */
export interface PlanArea {
  name: string;
  uv: { u0: number; v0: number; u1: number; v1: number };
  widthCm: number;
  heightCm: number;
}

export interface PlannedLayer {
  layer: Layer;
  /** box size in cm */
  widthCm: number;
  heightCm: number;
  /** text only: scale from outline units to cm */
  outlineScale: number;
}

export interface PlannedArea {
  area: PlanArea;
  /** atlas pixels of the area's top-left corner */
  x: number;
  y: number;
  /** atlas pixels per cm, horizontally and vertically (equal when the UV map is isotropic) */
  sx: number;
  sy: number;
  layers: PlannedLayer[];
}

export function planLayer(layer: Layer): PlannedLayer {
  const heightCm = layer.widthCm * layerAspect(layer);
  const outlineScale = layer.kind === "text" && layer.outline ? layer.widthCm / layer.outline.width : 1;
  return { layer, widthCm: layer.widthCm, heightCm, outlineScale };
}

/** The plan of a document on an atlas of size × size pixels; areas the model lacks are left out. */
export function planAtlas(doc: DesignDocument, areas: readonly PlanArea[], size: number): PlannedArea[] {
  const out: PlannedArea[] = [];
  for (const d of doc.areas) {
    const area = areas.find((a) => a.name === d.area);
    if (!area || d.layers.length === 0) continue;
    out.push({
      area,
      x: area.uv.u0 * size,
      y: area.uv.v0 * size,
      sx: ((area.uv.u1 - area.uv.u0) * size) / area.widthCm,
      sy: ((area.uv.v1 - area.uv.v0) * size) / area.heightCm,
      layers: d.layers.map(planLayer),
    });
  }
  return out;
}
