/**
 * Construction detail a drape alone does not give, added to a committed garment when the library loads it
 * (docs/decisions/134): deterministic, no Blender, the same for every size, and inside the web triangle
 * budgets (tee < 10k, hoodie < 15k).
 * - tee: a 1×1 rib neckband (1.8 cm) folded over the neck edge; turned-in hems at the sleeves and bottom;
 * - hoodie: 2×2 rib cuffs and waistband (6.5 cm, folded); a kangaroo pocket; the hood's lining with a
 *   rolled face opening; two eyelets and a drawcord.
 * Stitching (twin-needle cover stitch beside every hem and band, seams) is drawn by stitch-map.ts into the
 * occlusion map, at the positions `stitchLines` returns.
 * Every added part sits on the cloth's own UVs, so the knit tiles across it and a print that reaches a pocket
 * prints on the pocket, as it would on the real garment.
 */
import type { Document, Primitive } from "@gltf-transform/core";
import type { ModelInfo } from "../../contracts/model-info";
import { printAreaIslands } from "../print-area-islands";
import { band, emptyPiece, smoothNormals, type BandOptions, type Piece } from "./bands";
import { garmentMesh, Locator, openChains, type GarmentMesh, type V2, type V3, add } from "./garment-mesh";
import { cord, eyelet, lining, pocket } from "./trims";

/** Where a stitch line runs: a UV polyline (glTF v) and how it looks. */
export interface StitchLine {
  uv: V2[];
  /** "double": twin-needle cover stitch (two rows 6.4 mm apart); "single": one row; "seam": a sewn seam's groove */
  kind: "double" | "single" | "seam";
}

export interface ConstructionReport {
  /** the garment as it was drawn from (before the parts were added): stitch-map.ts draws its seams */
  mesh: GarmentMesh;
  parts: string[];
  trianglesAdded: number;
  /** index (among the added vertices) where the eyelets and cords begin; they carry the eyelet's UV */
  drawcordFrom?: number;
  stitches: StitchLine[];
  /** hoodie: each rib band (waistband front and back, cuffs) as the open edge it folds over and the UV line of
   * its seam, so a test can measure the band's height on the drape */
  ribs?: { island: number; edge: V2[]; seam: V2[] }[];
}

/** Rib and hem profiles (cm into the panel from its open edge, mm off the cloth). */
const RIB = (height: number): BandOptions["rows"] => [
  { w: Math.min(1.5, height * 0.6), lift: -1.2 },
  { w: 0.2, lift: -1.0 },
  { w: 0, lift: 0.7, drop: 1.3, ridge: 0.6 },
  { w: 0.25, lift: 2.0 },
  { w: height - 0.3, lift: 1.8 },
  { w: height, lift: 0.5, ridge: 0.3 },
];
const HEM: BandOptions = {
  rows: [
    { w: 0, lift: 0 },
    { w: 0, lift: -0.8, drop: 1.0 },
    { w: 0.3, lift: -1.6 },
    { w: 2.4, lift: -1.6 },
  ],
  pitchMm: 0,
  ridgeMm: 0,
  stepMm: 10,
};

export const DEFAULTS = {
  tee: { neckband: 1.8, neckPitchMm: 3, hemStitchCm: [1.6, 2.2] as const, sleeveHemStitchCm: [1.6, 2.2] as const },
  hoodie: { rib: 6.5, ribPitchMm: 5, pocket: { bottomWidth: 38, topWidth: 27, height: 16, lift: 2.5 }, liningMm: 2.5, cordCm: 28 },
};

interface Panels {
  byName: Map<string, number>;
  /** islands without a print area (hood panels) */
  others: Set<number>;
}

function panels(m: GarmentMesh, info: ModelInfo): Panels {
  const byName = printAreaIslands(m.uv, m.island, info.printAreas);
  const named = new Set(byName.values());
  const others = new Set<number>();
  for (let i = 0; i < m.island.length; i++) if (!named.has(m.island[i])) others.add(m.island[i]);
  return { byName, others };
}

const chainUv = (m: GarmentMesh, verts: number[]): V2[] => verts.map((i) => [m.uv[2 * i], m.uv[2 * i + 1]]);
const meanV = (pts: V2[]) => pts.reduce((s, p) => s + p[1], 0) / pts.length;

/** A UV polyline offset `cm` into its island (the inward side found by probing). */
function offsetLine(m: GarmentMesh, loc: Locator, island: number, pts: V2[], cm: number): V2[] {
  const out: V2[] = [];
  for (let k = 0; k < pts.length; k++) {
    const a = pts[Math.max(0, k - 1)], b = pts[Math.min(pts.length - 1, k + 1)];
    const l = Math.hypot(b[0] - a[0], b[1] - a[1]) || 1;
    let n: V2 = [-(b[1] - a[1]) / l, (b[0] - a[0]) / l];
    const probe = 0.5 / m.cmPerUv;
    if (!loc.locate(pts[k][0] + n[0] * probe, pts[k][1] + n[1] * probe, island, 0)) n = [-n[0], -n[1]];
    out.push([pts[k][0] + (n[0] * cm) / m.cmPerUv, pts[k][1] + (n[1] * cm) / m.cmPerUv]);
  }
  return out;
}

/** Reads the garment primitive, adds the construction for its product type, writes the primitive back. */
export function addConstruction(doc: Document, info: ModelInfo): ConstructionReport {
  const prim = garmentPrimitive(doc, info);
  const cmPerUv = (() => {
    const a = info.printAreas[0];
    return a.widthCm / (a.uv.u1 - a.uv.u0);
  })();
  const pos = prim.getAttribute("POSITION")!.getArray() as Float32Array;
  const nrm = prim.getAttribute("NORMAL")!.getArray() as Float32Array;
  const uv = prim.getAttribute("TEXCOORD_0")!.getArray() as Float32Array;
  const tri = Uint32Array.from(prim.getIndices()!.getArray()!);
  const m = garmentMesh(pos, nrm, uv, tri, cmPerUv);
  const loc = new Locator(m);
  const { byName, others } = panels(m, info);
  const chains = openChains(m).map((c) => ({ ...c, uv: chainUv(m, c.verts) }));
  const piece = emptyPiece();
  const parts: string[] = [];
  const stitches: StitchLine[] = [];
  const ribs: NonNullable<ConstructionReport["ribs"]> = [];
  let drawcordFrom: number | undefined;
  const body = [byName.get("front")!, byName.get("back")!];
  const sleeves = [byName.get("right_sleeve")!, byName.get("left_sleeve")!];
  const hems = chains.filter((c) => body.includes(c.island)).map((c) => ({ ...c, v: meanV(c.uv) }));
  const bottom = body.map((isl) => hems.filter((c) => c.island === isl).sort((a, b) => b.v - a.v)[0]).filter(Boolean);
  const cuffs = chains.filter((c) => sleeves.includes(c.island));

  if (info.productType === "tshirt") {
    const d = DEFAULTS.tee;
    const necks = body.map((isl) => hems.filter((c) => c.island === isl).sort((a, b) => a.v - b.v)[0]).filter((c) => c && !bottom.includes(c));
    for (const c of necks) {
      band(m, loc, c.island, c.uv, { rows: RIB(d.neckband), pitchMm: d.neckPitchMm, ridgeMm: 0.35 }, piece);
      stitches.push({ uv: offsetLine(m, loc, c.island, c.uv, d.neckband), kind: "seam" }, { uv: offsetLine(m, loc, c.island, c.uv, d.neckband + 0.35), kind: "single" });
    }
    if (necks.length) parts.push("rib neckband");
    for (const c of [...bottom, ...cuffs]) {
      band(m, loc, c.island, c.uv, HEM, piece);
      const [a, b] = cuffs.includes(c) ? d.sleeveHemStitchCm : d.hemStitchCm;
      stitches.push({ uv: offsetLine(m, loc, c.island, c.uv, a), kind: "single" }, { uv: offsetLine(m, loc, c.island, c.uv, b), kind: "single" });
    }
    parts.push("turned hems (sleeves, bottom)", "twin-needle cover stitch");
  } else if (info.productType === "hoodie") {
    const d = DEFAULTS.hoodie;
    for (const c of [...bottom, ...cuffs]) {
      band(m, loc, c.island, c.uv, { rows: RIB(d.rib), pitchMm: d.ribPitchMm, ridgeMm: 0.9 }, piece);
      const seam = offsetLine(m, loc, c.island, c.uv, d.rib);
      stitches.push({ uv: seam, kind: "seam" }, { uv: offsetLine(m, loc, c.island, c.uv, d.rib + 0.4), kind: "single" });
      ribs.push({ island: c.island, edge: c.uv, seam });
    }
    parts.push("rib cuffs", "rib waistband");
    // kangaroo pocket: on the front, its bottom on the waistband's seam
    const front = byName.get("front")!;
    const fa = info.printAreas.find((a) => a.name === "front")!;
    const centreU = (fa.uv.u0 + fa.uv.u1) / 2;
    const frontHem = bottom.find((c) => c.island === front);
    if (frontHem) {
      const hemV = Math.max(...frontHem.uv.map((p) => p[1]));
      const bottomV = hemV - d.rib / cmPerUv;
      const p = d.pocket;
      const printBottom = fa.uv.v1;
      // the pocket stays below the front print area (a print never runs under a pocket's edge)
      const height = Math.min(p.height, (bottomV - printBottom) * cmPerUv - 0.5);
      pocket(m, loc, front, { centreU, bottomV, bottomWidth: p.bottomWidth, topWidth: p.topWidth, height, lift: p.lift }, piece);
      const corner = (t: number, side: number): V2 => [centreU + (side * (p.bottomWidth + (p.topWidth - p.bottomWidth) * t)) / 2 / cmPerUv, bottomV - (t * height) / cmPerUv];
      const inset = 0.6 / cmPerUv;
      stitches.push(
        { uv: [[corner(1, -1)[0] + inset, corner(1, -1)[1] + inset], [corner(1, 1)[0] - inset, corner(1, 1)[1] + inset]], kind: "double" },
        // the hand openings: the pocket's free edge throws a shadow line
        { uv: [corner(0, -1), corner(1, -1)], kind: "seam" },
        { uv: [corner(0, 1), corner(1, 1)], kind: "seam" },
      );
      parts.push("kangaroo pocket");
    }
    // hood: lining, rolled face opening, eyelets, drawcord
    if (others.size) {
      lining(m, others, d.liningMm, piece);
      const faces = chains.filter((c) => others.has(c.island));
      for (const c of faces) {
        band(m, loc, c.island, c.uv, { rows: [{ w: 0, lift: 0 }, { w: 0, lift: -d.liningMm / 2, drop: 1.6 }, { w: 0, lift: -d.liningMm }], pitchMm: 0, ridgeMm: 0, stepMm: 8 }, piece);
        stitches.push({ uv: offsetLine(m, loc, c.island, c.uv, 1.2), kind: "single" });
      }
      parts.push("hood lining", "rolled hood opening");
      drawcordFrom = piece.pos.length / 3;
      const cords = drawcord(m, loc, faces, byName.get("front")!, centreU, piece);
      if (cords) parts.push("eyelets", "drawcord");
    }
  }
  smoothNormals(piece, 0);
  append(prim, piece);
  return { mesh: m, parts, trianglesAdded: piece.idx.length / 3, stitches, drawcordFrom, ...(ribs.length ? { ribs } : {}) };
}

/** Eyelets 4 cm above the foot of each side of the hood opening, a cord from each down the chest. */
function drawcord(m: GarmentMesh, loc: Locator, faces: { island: number; uv: V2[] }[], front: number, centreU: number, piece: Piece): boolean {
  const cm = m.cmPerUv;
  // the two longest face chains are the side panels' (the centre strip's is 8 cm)
  const sides = [...faces].sort((a, b) => b.uv.length - a.uv.length).slice(0, 2);
  if (sides.length < 2) return false;
  // front neck centre: the highest (smallest v) front vertex near the centre line
  let neckV = Infinity;
  for (let i = 0; i < m.uv.length / 2; i++) if (m.island[i] === front && Math.abs(m.uv[2 * i] - centreU) < 1.5 / cm) neckV = Math.min(neckV, m.uv[2 * i + 1]);
  const neckTop = loc.locate(centreU, neckV + 0.3 / cm, front, 1e-3);
  if (!neckTop) return false;
  for (const side of sides) {
    // the foot of the opening is the end of the chain nearer the front neck
    const ends = [side.uv[0], side.uv[side.uv.length - 1]];
    const sEnds = ends.map((e) => loc.locate(e[0], e[1], side.island, 1e-3));
    const dist = sEnds.map((s) => (s ? Math.hypot(...(s.position.map((x, q) => x - neckTop.position[q]) as V3)) : Infinity));
    const footIdx = dist[0] <= dist[1] ? 0 : side.uv.length - 1;
    const dir = footIdx === 0 ? 1 : -1;
    // 4 cm up the opening, 2.2 cm in from its edge
    let k = footIdx, run = 0;
    while (run < 4 / cm && k + dir >= 0 && k + dir < side.uv.length) {
      run += Math.hypot(side.uv[k + dir][0] - side.uv[k][0], side.uv[k + dir][1] - side.uv[k][1]);
      k += dir;
    }
    const inLine = offsetLine(m, loc, side.island, side.uv.slice(Math.max(0, k - 1), k + 2), 2.2);
    const at = inLine[Math.min(1, inLine.length - 1)];
    const top = eyelet(m, loc, side.island, at, 5, 2.6, 0.8, piece);
    // the cord: out of the eyelet, then down the chest 4 cm beside the centre line, resting on the cloth
    const sx = Math.sign(top[0] - neckTop.position[0]) || 1;
    const path: V3[] = [add(top, [0, 0, 0]), add(top, [0, -0.008, 0.006])];
    const segs = 18;
    for (let i = 1; i <= segs; i++) {
      const down = (DEFAULTS.hoodie.cordCm * i) / segs;
      // the front panel is not mirrored in UV: +u is the garment's +x
      const u = centreU + (sx * 3.6 + 0.4 * Math.sin(i * 0.7)) / cm;
      const s = loc.locate(u, neckV + (2 + down) / cm, front, 1e-3);
      if (!s) break;
      path.push(add(s.position, s.normal, 0.0055));
    }
    cord(path, 3.2, at, piece);
  }
  return true;
}

function garmentPrimitive(doc: Document, info: ModelInfo): Primitive {
  for (const mesh of doc.getRoot().listMeshes()) {
    for (const p of mesh.listPrimitives()) {
      const name = p.getMaterial()?.getName() ?? "";
      if (info.tintMaterials.includes(name) && p.getAttribute("TEXCOORD_0") && p.getIndices()) return p;
    }
  }
  throw new Error(`no garment primitive with material ${info.tintMaterials.join(", ")}`);
}

/** Appends a piece's vertices and triangles to the primitive (new accessors; the old ones are replaced). */
function append(prim: Primitive, piece: Piece) {
  if (!piece.idx.length) return;
  const attrs: [string, number[], number][] = [["POSITION", piece.pos, 3], ["NORMAL", piece.nrm, 3], ["TEXCOORD_0", piece.uv, 2]];
  const count = prim.getAttribute("POSITION")!.getCount();
  for (const [name, extra, size] of attrs) {
    const acc = prim.getAttribute(name)!;
    const old = acc.getArray() as Float32Array;
    const next = new Float32Array(old.length + extra.length);
    next.set(old);
    next.set(extra, old.length);
    acc.setArray(next);
    if (acc.getType() !== (size === 3 ? "VEC3" : "VEC2")) throw new Error(`unexpected ${name} type`);
  }
  for (const name of prim.listSemantics()) {
    if (!attrs.some(([n]) => n === name)) prim.setAttribute(name, null); // e.g. tangents: regenerated later
  }
  const idx = prim.getIndices()!;
  const old = idx.getArray()!;
  const next = new Uint32Array(old.length + piece.idx.length);
  next.set(old);
  next.set(piece.idx.map((i) => i + count), old.length);
  idx.setArray(next);
}
