/**
 * The garment's construction occlusion map (glTF occlusionTexture, UV 0, not tiled): seams as a soft groove,
 * twin-needle cover stitching as rows of short thread dashes beside every hem and band, the pocket's hand
 * openings as a shadow. It darkens only the cavities, so the colour of the cloth is untouched elsewhere
 * (tests/library/construction.test.ts measures both). Drawn in the pattern's UV at its real cm scale.
 */
import sharp from "sharp";
import type { StitchLine } from "./construct";
import type { GarmentMesh, V2 } from "./garment-mesh";

/** Defaults: DEFAULTS. */
export interface StitchMapOptions {
  /** texture side in px. Default 1024 (the web budget's largest texture). */
  size?: number;
  /** stitch length and gap, mm. Default 2.6 / 0.7 (a cover stitch at 3.5 mm per stitch). */
  stitchMm?: number;
  gapMm?: number;
  /** twin-needle row spacing, mm. Default 6.4 (1/4 in). */
  twinMm?: number;
}

export const DEFAULTS = { size: 1024, stitchMm: 2.6, gapMm: 0.7, twinMm: 6.4 } as const;

/** UV segments of every sewn seam: panel borders that are closed in 3D. */
export function seamSegments(m: GarmentMesh): [V2, V2][] {
  const key = (i: number) => `${Math.round(m.pos[3 * i] * 2e4)},${Math.round(m.pos[3 * i + 1] * 2e4)},${Math.round(m.pos[3 * i + 2] * 2e4)}`;
  const uvEdges = new Map<string, number>();
  const posEdges = new Map<string, number>();
  const ek = (a: number | string, b: number | string) => (a < b ? `${a}|${b}` : `${b}|${a}`);
  for (let t = 0; t < m.tri.length; t += 3) {
    for (const [a, b] of [[0, 1], [1, 2], [2, 0]]) {
      const i = m.tri[t + a], j = m.tri[t + b];
      uvEdges.set(ek(i, j), (uvEdges.get(ek(i, j)) ?? 0) + 1);
      posEdges.set(ek(key(i), key(j)), (posEdges.get(ek(key(i), key(j))) ?? 0) + 1);
    }
  }
  const out: [V2, V2][] = [];
  for (let t = 0; t < m.tri.length; t += 3) {
    for (const [a, b] of [[0, 1], [1, 2], [2, 0]]) {
      const i = m.tri[t + a], j = m.tri[t + b];
      if (uvEdges.get(ek(i, j)) === 1 && (posEdges.get(ek(key(i), key(j))) ?? 0) >= 2) out.push([[m.uv[2 * i], m.uv[2 * i + 1]], [m.uv[2 * j], m.uv[2 * j + 1]]]);
    }
  }
  return out;
}

/** Draws the map; returns a greyscale PNG (R = G = B = occlusion). */
export async function stitchMap(m: GarmentMesh, lines: StitchLine[], options: StitchMapOptions = {}): Promise<Uint8Array> {
  const o = { ...DEFAULTS, ...options };
  const size = o.size;
  const occ = new Float32Array(size * size).fill(1);
  const pxPerMm = (size / m.cmPerUv) / 10;
  // a soft round dab: multiplies occlusion by (1 - depth * coverage)
  const dab = (u: number, v: number, radiusMm: number, depth: number) => {
    const cx = u * size - 0.5, cy = v * size - 0.5;
    const r = Math.max(0.55, radiusMm * pxPerMm);
    for (let y = Math.floor(cy - r - 1); y <= Math.ceil(cy + r + 1); y++) {
      if (y < 0 || y >= size) continue;
      for (let x = Math.floor(cx - r - 1); x <= Math.ceil(cx + r + 1); x++) {
        if (x < 0 || x >= size) continue;
        const d = Math.hypot(x - cx, y - cy);
        const cover = Math.min(1, Math.max(0, r + 0.5 - d));
        if (cover > 0) occ[y * size + x] = Math.min(occ[y * size + x], 1 - depth * cover);
      }
    }
  };
  const stroke = (pts: V2[], draw: (u: number, v: number, sMm: number) => void) => {
    let s = 0;
    const step = 0.35 / pxPerMm; // mm between dabs: a third of a pixel
    for (let k = 1; k < pts.length; k++) {
      const [a, b] = [pts[k - 1], pts[k]];
      const lenMm = Math.hypot(b[0] - a[0], b[1] - a[1]) * m.cmPerUv * 10;
      for (let d = 0; d < lenMm; d += step) {
        const f = d / lenMm;
        draw(a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, s + d);
      }
      s += lenMm;
    }
  };
  const period = o.stitchMm + o.gapMm;
  const dashes = (pts: V2[]) => stroke(pts, (u, v, s) => {
    if (s % period < o.stitchMm) dab(u, v, 0.45, 0.42);
  });
  // seams: a narrow groove and the seam allowance's soft shadow beside it
  for (const [a, b] of seamSegments(m)) {
    stroke([a, b], (u, v) => {
      dab(u, v, 2.2, 0.07);
      dab(u, v, 0.5, 0.3);
    });
  }
  for (const line of lines) {
    if (line.kind === "seam") stroke(line.uv, (u, v) => dab(u, v, 0.6, 0.35));
    else if (line.kind === "single") dashes(line.uv);
    else {
      dashes(offset(line.uv, -o.twinMm / 2 / 10 / m.cmPerUv));
      dashes(offset(line.uv, o.twinMm / 2 / 10 / m.cmPerUv));
    }
  }
  const px = Buffer.alloc(size * size);
  for (let i = 0; i < px.length; i++) px[i] = Math.round(occ[i] * 255);
  return new Uint8Array(await sharp(px, { raw: { width: size, height: size, channels: 1 } }).png({ compressionLevel: 9 }).toBuffer());
}

/** A polyline moved sideways by d (UV units, left of its direction). */
function offset(pts: V2[], d: number): V2[] {
  return pts.map((p, k) => {
    const a = pts[Math.max(0, k - 1)], b = pts[Math.min(pts.length - 1, k + 1)];
    const l = Math.hypot(b[0] - a[0], b[1] - a[1]) || 1;
    return [p[0] - ((b[1] - a[1]) / l) * d, p[1] + ((b[0] - a[0]) / l) * d];
  });
}
