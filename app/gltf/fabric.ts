/**
 * Fabric realism: tileable knit maps generated in code (no image assets), at the true stitch scale.
 * - jersey (merino tee): single-jersey face, 12 wales × 16 courses per cm; each stitch is two yarn legs
 *   leaning into a V, so the face reads as fine vertical columns of V's, as jersey does;
 * - fleece (hoodie): the jersey face of a brushed-back fleece, coarser (9 × 12 per cm), with a soft fuzz.
 * One tile covers `tileCm` (2 cm) of cloth; the material repeats it `cmPerUv / tileCm` times across UV 0..1
 * (KHR_texture_transform), so a stitch has its real size on every garment whatever its UV layout.
 *
 * Why it no longer striped (docs/decisions/133): the old tile put 12 courses in 1/48 of the UV square, i.e.
 * 2.1 mm courses with a steep normal, and every course had the same height profile. Seen from a shop's
 * viewing distance (~1 mm per pixel) those courses beat against the pixel grid as heavy horizontal bands.
 * Now stitches are 0.6-0.8 mm (below a pixel at that distance: the mipmaps average them to a soft, even
 * surface, as a real tee looks at arm's length), legs overlap the course below (no groove between courses)
 * and each stitch has its own height: nothing repeats row by row.
 *
 * Each kind gives a tangent-space normal map and a metallic-roughness map (G = roughness, B = metallic = 0),
 * and the material gets KHR_materials_sheen: the soft rim light of fibres.
 */
import type { Document, Material, Texture } from "@gltf-transform/core";
import { KHRMaterialsSheen, KHRTextureTransform } from "@gltf-transform/extensions";
import sharp from "sharp";

export type FabricKind = "jersey" | "fleece";

/** Defaults: DEFAULTS (size, tileCm, cmPerUv) and each knit's own (strength, sheen). */
export interface FabricOptions {
  /** tile size in pixels (power of two). Default 512. */
  size?: number;
  /** cloth covered by one tile, in cm. Default 2. */
  tileCm?: number;
  /** cm of cloth per UV unit (a garment's pattern scale, see cmPerUv()). Default 120 (a size-M tee). */
  cmPerUv?: number;
  /** normal map strength (slope scale). Default: jersey 1, fleece 0.8. */
  strength?: number;
  /** sheen colour (linear grey level) and roughness. Default: jersey 0.22 / 0.55, fleece 0.3 / 0.7. */
  sheen?: { level: number; roughness: number };
}

interface KnitSpec {
  walesPerCm: number;
  coursesPerCm: number;
  /** 0..1: how much a fine isotropic fuzz adds on top of the stitches */
  fuzz: number;
  roughness: [number, number];
  strength: number;
  sheen: { level: number; roughness: number };
}

const KNITS: Record<FabricKind, KnitSpec> = {
  jersey: { walesPerCm: 12, coursesPerCm: 16, fuzz: 0.12, roughness: [0.78, 0.95], strength: 1, sheen: { level: 0.22, roughness: 0.55 } },
  fleece: { walesPerCm: 9, coursesPerCm: 12, fuzz: 0.35, roughness: [0.85, 0.98], strength: 0.8, sheen: { level: 0.3, roughness: 0.7 } },
};

export const DEFAULTS = { size: 512, tileCm: 2, cmPerUv: 120 } as const;

export interface FabricMaps {
  normal: Uint8Array;
  roughness: Uint8Array;
  size: number;
  /** the height field the normal map was made from (0..1), for tests and the high-pass measure */
  height: Float32Array;
}

const cache = new Map<string, Promise<FabricMaps>>();

export function fabricMaps(kind: FabricKind, options: FabricOptions = {}): Promise<FabricMaps> {
  const size = options.size ?? DEFAULTS.size;
  const tileCm = options.tileCm ?? DEFAULTS.tileCm;
  const spec = KNITS[kind];
  const strength = options.strength ?? spec.strength;
  const key = `${kind}:${size}:${tileCm}:${strength}`;
  let maps = cache.get(key);
  if (!maps) {
    maps = buildMaps(knitHeight(spec, size, tileCm), size, tileCm, strength, spec);
    cache.set(key, maps);
  }
  return maps;
}

/** A small deterministic hash → 0..1 (per stitch randomness without a global RNG state). */
function hash(i: number, j: number, k = 0): number {
  let h = (i * 374761393 + j * 668265263 + k * 2147483647) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 1274126177) >>> 0;
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

/**
 * Height of the knit face over one tile (0..1). Wales and courses per tile are whole numbers, so the tile
 * wraps seamlessly. Each stitch: two yarn legs, tilted ±24° into a V, 1.35 courses long so they overlap the
 * stitch below (jersey has no groove between courses: the loops interlock); a groove between wales.
 */
function knitHeight(spec: KnitSpec, size: number, tileCm: number): Float32Array {
  const wales = Math.round(spec.walesPerCm * tileCm);
  const courses = Math.round(spec.coursesPerCm * tileCm);
  const h = new Float32Array(size * size);
  const tilt = 0.42; // rad
  const [ct, st] = [Math.cos(tilt), Math.sin(tilt)];
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      // cell coordinates in stitch units: one wale wide, one course tall (physical aspect kept below)
      const u = ((x + 0.5) / size) * wales;
      const v = ((y + 0.5) / size) * courses;
      const i = Math.floor(u);
      const j0 = Math.floor(v);
      let best = 0;
      for (let dj = -1; dj <= 1; dj++) {
        const j = j0 + dj;
        const wi = ((i % wales) + wales) % wales;
        const wj = ((j % courses) + courses) % courses;
        for (const side of [-1, 1]) {
          // leg centre; physical units: a wale is `aspect` courses wide
          const aspect = spec.coursesPerCm / spec.walesPerCm;
          const lx = (u - (i + 0.5 + side * 0.24)) * aspect;
          const ly = v - (j + 0.5);
          // the V: legs lean in at the bottom (v grows downwards)
          const rx = lx * ct + side * ly * st;
          const ry = -side * lx * st + ly * ct;
          const d = (rx / (0.2 * aspect)) ** 2 + (ry / 0.68) ** 2;
          if (d < 1) {
            const amp = 0.82 + 0.18 * hash(wi * 2 + (side > 0 ? 1 : 0), wj, 1); // each leg's own yarn thickness
            best = Math.max(best, amp * Math.sqrt(1 - d));
          }
        }
      }
      h[y * size + x] = best;
    }
  }
  // fuzz: fine isotropic value noise (fibres standing off the yarn), tileable at 64 cells
  if (spec.fuzz > 0) {
    const cells = 64;
    const at = (a: number, b: number) => hash(((a % cells) + cells) % cells, ((b % cells) + cells) % cells, 7);
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const gx = (x / size) * cells;
        const gy = (y / size) * cells;
        const a = Math.floor(gx);
        const b = Math.floor(gy);
        const fx = smooth(gx - a);
        const fy = smooth(gy - b);
        const n = (at(a, b) * (1 - fx) + at(a + 1, b) * fx) * (1 - fy) + (at(a, b + 1) * (1 - fx) + at(a + 1, b + 1) * fx) * fy;
        h[y * size + x] = h[y * size + x] * (1 - spec.fuzz) + n * spec.fuzz;
      }
    }
  }
  return h;
}

function smooth(t: number): number {
  return t * t * (3 - 2 * t);
}

async function buildMaps(height: Float32Array, size: number, tileCm: number, strength: number, spec: KnitSpec): Promise<FabricMaps> {
  const normal = Buffer.alloc(size * size * 3);
  const rough = Buffer.alloc(size * size * 3);
  const at = (x: number, y: number) => height[((y + size) % size) * size + ((x + size) % size)];
  // yarn relief: ~0.12 mm peak over a stitch 0.6-0.8 mm: slope = dh/dx in mm/mm
  const mmPerPx = (tileCm * 10) / size;
  const scale = (strength * 0.12) / (2 * mmPerPx);
  const [r0, r1] = spec.roughness;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      // central differences with wrap-around keep the tile seamless; glTF normal maps are +Y up (OpenGL)
      const dx = (at(x + 1, y) - at(x - 1, y)) * scale;
      const dy = (at(x, y + 1) - at(x, y - 1)) * scale;
      const len = Math.hypot(dx, dy, 1);
      const o = (y * size + x) * 3;
      normal[o] = Math.round(((-dx / len) * 0.5 + 0.5) * 255);
      normal[o + 1] = Math.round(((dy / len) * 0.5 + 0.5) * 255);
      normal[o + 2] = Math.round(((1 / len) * 0.5 + 0.5) * 255);
      // the tops of the yarn are a little smoother than the gaps between loops
      const r = r1 - (r1 - r0) * at(x, y);
      rough[o] = 0;
      rough[o + 1] = Math.round(Math.min(1, Math.max(0, r)) * 255);
      rough[o + 2] = 0;
    }
  }
  const png = (data: Buffer) => sharp(data, { raw: { width: size, height: size, channels: 3 } }).png({ compressionLevel: 9 }).toBuffer();
  return { normal: new Uint8Array(await png(normal)), roughness: new Uint8Array(await png(rough)), size, height };
}

/** cm of cloth per UV unit of a garment whose UVs are its flat pattern: from any print area's size. */
export function cmPerUv(areas: { widthCm: number; uv: { u0: number; u1: number } }[]): number | undefined {
  const a = areas.find((p) => p.uv.u1 > p.uv.u0);
  return a ? a.widthCm / (a.uv.u1 - a.uv.u0) : undefined;
}

/**
 * Puts the fabric's normal and roughness maps (tiled through KHR_texture_transform) and its sheen on the
 * named materials; base colour is untouched so colour variants stay exact.
 */
export async function applyFabric(doc: Document, materials: Material[], kind: FabricKind, options: FabricOptions = {}): Promise<number> {
  if (!materials.length) return 0;
  const maps = await fabricMaps(kind, options);
  const repeat = (options.cmPerUv ?? DEFAULTS.cmPerUv) / (options.tileCm ?? DEFAULTS.tileCm);
  const spec = KNITS[kind];
  const sheen = options.sheen ?? spec.sheen;
  const tt = doc.createExtension(KHRTextureTransform);
  const sheenExt = doc.createExtension(KHRMaterialsSheen);
  const normalTex: Texture = doc.createTexture(`${kind}-normal`).setImage(maps.normal).setMimeType("image/png").setURI(`${kind}-normal.png`);
  const roughTex: Texture = doc.createTexture(`${kind}-roughness`).setImage(maps.roughness).setMimeType("image/png").setURI(`${kind}-roughness.png`);
  for (const m of materials) {
    m.setNormalTexture(normalTex).setNormalScale(1).setMetallicRoughnessTexture(roughTex).setMetallicFactor(0).setRoughnessFactor(1);
    for (const info of [m.getNormalTextureInfo(), m.getMetallicRoughnessTextureInfo()]) {
      info?.setWrapS(10497).setWrapT(10497).setExtension(KHRTextureTransform.EXTENSION_NAME, tt.createTransform().setScale([repeat, repeat]));
    }
    m.setExtension(KHRMaterialsSheen.EXTENSION_NAME, sheenExt.createSheen().setSheenColorFactor([sheen.level, sheen.level, sheen.level]).setSheenRoughnessFactor(sheen.roughness));
  }
  return materials.length;
}
