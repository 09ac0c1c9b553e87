/**
 * The compositor's placement maths: from a placed design's printed rectangle (app/contracts/placement.ts) to
 * an affine map from pass UVs to design pixels.
 */
import type { PrintedRect } from "../../contracts/placement";
import type { PrintArea } from "../../contracts/print-area";

/**
 * Affine map from 16-bit pass (u, v) to design pixel coordinates (pixel centres at integers):
 * px = ax·u + bx·v + cx, py = ay·u + by·v + cy.
 */
export interface UvToDesign {
  ax: number;
  bx: number;
  cx: number;
  ay: number;
  by: number;
  cy: number;
}

export function uvToDesignMap(rect: PrintedRect, area: PrintArea, designW: number, designH: number): UvToDesign {
  const { u0, v0, u1, v1 } = area.uv;
  // cm per 16-bit uv unit, and the cm position of uv 0
  const kx = area.widthCm / ((u1 - u0) * 65535);
  const ky = area.heightCm / ((v1 - v0) * 65535);
  const ox = (-u0 * area.widthCm) / (u1 - u0) - rect.centerXCm;
  const oy = (-v0 * area.heightCm) / (v1 - v0) - rect.centerYCm;
  // x = kx·u + ox, y = ky·v + oy (relative to the design centre); inverse-rotate by the design's rotation
  const t = (rect.rotationDeg * Math.PI) / 180;
  const c = Math.cos(t);
  const s = Math.sin(t);
  // rx = c·x + s·y ; ry = −s·x + c·y ; px = (rx / widthCm + 0.5)·W − 0.5
  const sx = designW / rect.widthCm;
  const sy = designH / rect.heightCm;
  return {
    ax: c * kx * sx,
    bx: s * ky * sx,
    cx: (c * ox + s * oy) * sx + designW / 2 - 0.5,
    ay: -s * kx * sy,
    by: c * ky * sy,
    cy: (-s * ox + c * oy) * sy + designH / 2 - 0.5,
  };
}
