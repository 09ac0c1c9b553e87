/**
 * The merchant's placements as a design atlas: each placed design becomes one image layer of a design document
 * (contracts/design-document.ts) on its print area, in centimetres, and the document is drawn by the same
 * renderer as a shopper's design (designs/document/render.server.ts), so both land on the decal layer alike.
 */
import type { DesignDocument } from "../contracts/design-document";
import { placementSchema, printedRect, type PlacementInput } from "../contracts/placement";
import type { PrintArea } from "../contracts/print-area";

export interface PlacedDesign {
  key: string;
  placement: PlacementInput;
  widthPx: number;
  heightPx: number;
}

/** One layer per print area (the first placement for an area wins: a 3D model shows each area once). */
export function placementsToDocument(designs: PlacedDesign[], areas: readonly PrintArea[]): DesignDocument {
  const byArea = new Map<string, DesignDocument["areas"][number]>();
  designs.forEach((d, i) => {
    const p = placementSchema.parse(d.placement);
    const area = areas.find((a) => a.name === p.area);
    if (!area || byArea.has(area.name)) return;
    const r = printedRect(p, area, d.widthPx, d.heightPx);
    byArea.set(area.name, {
      area: area.name,
      layers: [{ id: `placed-${i}`, kind: "image", image: d.key, widthPx: d.widthPx, heightPx: d.heightPx, xCm: r.centerXCm, yCm: r.centerYCm, widthCm: Math.max(0.21, r.widthCm), rotationDeg: r.rotationDeg }],
    });
  });
  return { version: 1, areas: [...byArea.values()] };
}
