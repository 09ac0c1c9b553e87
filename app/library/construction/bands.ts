/**
 * Bands along an open edge of a panel: a rib band (tee neckband, hoodie cuffs and waistband) is a second
 * layer of knit over the last few cm of the panel, with ridges across it and a rounded, folded edge; a hem is
 * the panel's own edge turned in (a rounded edge and the turned-up layer inside). Laid out in the pattern's
 * UV (distances in cm from the edge) and lifted onto the drape, so it follows every fold of the cloth.
 */
import { add, cross, dot, normalize, resample, sub, type GarmentMesh, type Locator, type V2, type V3 } from "./garment-mesh";

export interface BandRow {
  /** cm from the open edge into the panel */
  w: number;
  /** mm along the cloth's normal (negative: inside the garment) */
  lift: number;
  /** mm past the edge, along the cloth (rounds the fold) */
  drop?: number;
  /** share of the rib ridge this row carries (0..1). Default 1 on rows with lift > 0, else 0. */
  ridge?: number;
}

export const BAND_DEFAULTS = {
  /** sample spacing along a smooth band, mm */
  stepMm: 10,
} as const;

export interface BandOptions {
  rows: BandRow[];
  /** rib pitch (crest to crest) in mm; 0 for a smooth hem. Sampled at half the pitch: crests and valleys. */
  pitchMm: number;
  /** rib ridge height in mm */
  ridgeMm: number;
  /** sample spacing along a smooth band, mm. Default BAND_DEFAULTS.stepMm. */
  stepMm?: number;
}

export interface Piece {
  pos: number[];
  nrm: number[];
  uv: number[];
  idx: number[];
}

export function emptyPiece(): Piece {
  return { pos: [], nrm: [], uv: [], idx: [] };
}

/** Inward (into the panel) UV normal of a chain at sample k, found by probing the island. */
function inward(loc: Locator, island: number, pts: V2[], k: number, cmPerUv: number): V2 {
  const a = pts[Math.max(0, k - 1)];
  const b = pts[Math.min(pts.length - 1, k + 1)];
  const t = normalize([b[0] - a[0], b[1] - a[1], 0]);
  const n: V2 = [-t[1], t[0]];
  const probe = 0.5 / cmPerUv;
  const p = pts[k];
  return loc.locate(p[0] + n[0] * probe, p[1] + n[1] * probe, island, 0) ? n : [-n[0], -n[1]];
}

/**
 * Lay a band along one open chain of an island. Returns the piece (positions in the mesh's space, metres).
 * Rows that fall off the panel (near a chain's end, where the edge meets a seam at an angle) are pulled
 * back along the chain until they land on the cloth.
 */
export function band(m: GarmentMesh, loc: Locator, island: number, chain: V2[], o: BandOptions, piece = emptyPiece()): Piece {
  const cm = m.cmPerUv;
  const step = o.pitchMm > 0 ? o.pitchMm / 2 : (o.stepMm ?? BAND_DEFAULTS.stepMm);
  const pts = resample(chain, step / 10 / cm);
  const base = piece.pos.length / 3;
  const R = o.rows.length;
  const K = pts.length;
  let flipCheck = 0;
  for (let k = 0; k < K; k++) {
    const n = inward(loc, island, pts, k, cm);
    const edge = loc.locate(pts[k][0], pts[k][1], island, 1e-3) ?? loc.locate(pts[k][0] + n[0] * 0.2 / cm, pts[k][1] + n[1] * 0.2 / cm, island, 1e-3);
    const inner = loc.locate(pts[k][0] + n[0] * 0.6 / cm, pts[k][1] + n[1] * 0.6 / cm, island, 1e-3);
    // along the cloth, pointing out of the panel past its edge
    const out: V3 = edge && inner ? normalize(sub(edge.position, inner.position)) : [0, -1, 0];
    const crest = o.pitchMm > 0 ? (k % 2 === 0 ? 1 : -1) : 0;
    for (const row of o.rows) {
      let s: ReturnType<Locator["locate"]>;
      let q: V2 = [pts[k][0] + (n[0] * row.w) / cm, pts[k][1] + (n[1] * row.w) / cm];
      for (let tries = 0; tries < 24 && !(s = loc.locate(q[0], q[1], island, 1e-3)); tries++) {
        // off the panel: step towards the chain's middle sample
        const mid = pts[Math.floor(K / 2)];
        q = [q[0] + (mid[0] - q[0]) * 0.06, q[1] + (mid[1] - q[1]) * 0.06];
      }
      const surf = s ?? edge ?? inner;
      if (!surf) throw new Error("band: a chain point is off its panel");
      const ridge = row.ridge ?? (row.lift > 0 ? 1 : 0);
      const lift = (row.lift + crest * ridge * o.ridgeMm * 0.5) / 1000;
      let p = add(surf.position, surf.normal, lift);
      if (row.drop) p = add(p, out, row.drop / 1000);
      piece.pos.push(...p);
      piece.nrm.push(...surf.normal);
      piece.uv.push(q[0], q[1]);
    }
    if (edge) flipCheck += dot(edge.normal, edge.normal);
  }
  // quads between neighbouring rows and samples
  for (let k = 0; k + 1 < K; k++) {
    for (let r = 0; r + 1 < R; r++) {
      const a = base + k * R + r;
      const b = base + (k + 1) * R + r;
      piece.idx.push(a, b, b + 1, a, b + 1, a + 1);
    }
  }
  orient(piece, base, o.rows.findIndex((r) => r.lift > 0), R, K, m, loc, island, pts);
  void flipCheck;
  return piece;
}

/** Make the band's outer rows face away from the body (its winding agrees with the cloth's normal). */
function orient(piece: Piece, base: number, outerRow: number, R: number, K: number, m: GarmentMesh, loc: Locator, island: number, pts: V2[]) {
  if (outerRow < 0 || outerRow + 1 >= R || K < 2) return;
  let score = 0;
  for (let k = 0; k + 1 < K; k += Math.max(1, Math.floor(K / 16))) {
    const i = base + k * R + outerRow;
    const P = (j: number): V3 => [piece.pos[3 * j], piece.pos[3 * j + 1], piece.pos[3 * j + 2]];
    const fn = cross(sub(P(i + R), P(i)), sub(P(i + R + 1), P(i)));
    const s = loc.locate(pts[k][0], pts[k][1], island, 1e-3);
    if (s) score += dot(fn, s.normal);
  }
  void m;
  if (score >= 0) return;
  const first = (base === 0 ? 0 : piece.idx.findIndex((x) => x >= base));
  for (let t = Math.max(0, first); t < piece.idx.length; t += 3) {
    if (piece.idx[t] < base) continue;
    const x = piece.idx[t + 1];
    piece.idx[t + 1] = piece.idx[t + 2];
    piece.idx[t + 2] = x;
  }
}

/** Vertex normals of a piece from its faces (area weighted), for vertices from `from` on. */
export function smoothNormals(piece: Piece, from = 0) {
  const n = piece.pos.length / 3;
  const acc = new Float64Array(n * 3);
  for (let t = 0; t < piece.idx.length; t += 3) {
    const [a, b, c] = [piece.idx[t], piece.idx[t + 1], piece.idx[t + 2]];
    if (a < from) continue;
    const P = (j: number): V3 => [piece.pos[3 * j], piece.pos[3 * j + 1], piece.pos[3 * j + 2]];
    const f = cross(sub(P(b), P(a)), sub(P(c), P(a)));
    for (const j of [a, b, c]) for (let q = 0; q < 3; q++) acc[3 * j + q] += f[q];
  }
  for (let j = from; j < n; j++) {
    const v = normalize([acc[3 * j], acc[3 * j + 1], acc[3 * j + 2]]);
    if (Math.hypot(acc[3 * j], acc[3 * j + 1], acc[3 * j + 2]) > 0) piece.nrm.splice(3 * j, 3, ...v);
  }
}
