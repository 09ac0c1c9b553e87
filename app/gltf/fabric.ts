/**
 * Fabric realism: tileable knit maps generated in code (no image assets). A jersey knit (merino tee)
 * is rows of V-shaped stitch loops; fleece (hoodie) is a soft, fuzzy noise. Each gives a tangent-space
 * normal map and a metallic-roughness map (G = roughness, B = metallic = 0).
 */
import type { Document, Material, Texture } from "@gltf-transform/core";
import { KHRTextureTransform } from "@gltf-transform/extensions";
import sharp from "sharp";

export type FabricKind = "jersey" | "fleece";

export interface FabricOptions {
  /** tile size in pixels (power of two). Default 256. */
  size?: number;
  /** how often the tile repeats across UV 0..1. Default: jersey 48, fleece 24. */
  repeat?: number;
  /** normal map strength. Default: jersey 1.2, fleece 0.6. */
  strength?: number;
}

export interface FabricMaps {
  normal: Uint8Array;
  roughness: Uint8Array;
  size: number;
}

const cache = new Map<string, Promise<FabricMaps>>();

export function fabricMaps(kind: FabricKind, options: FabricOptions = {}): Promise<FabricMaps> {
  const size = options.size ?? 256;
  const strength = options.strength ?? (kind === "jersey" ? 1.2 : 0.6);
  const key = `${kind}:${size}:${strength}`;
  let maps = cache.get(key);
  if (!maps) {
    maps = buildMaps(kind === "jersey" ? jerseyHeight(size) : fleeceHeight(size), size, strength, kind);
    cache.set(key, maps);
  }
  return maps;
}

/** Interlocking V stitches: 8 wales × 12 courses per tile, each wale two slanted loops. */
function jerseyHeight(size: number): Float32Array {
  const h = new Float32Array(size * size);
  const wales = 8;
  const courses = 12;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const u = ((x + 0.5) / size) * wales;
      const v = ((y + 0.5) / size) * courses;
      const cx = u - Math.floor(u); // 0..1 across one wale
      const cy = v - Math.floor(v); // 0..1 down one course
      const side = cx < 0.5 ? -1 : 1;
      // each leg is an ellipse tilted ±30°, centred in its half of the wale
      const lx = (cx - (side < 0 ? 0.25 : 0.75)) * 2;
      const ly = (cy - 0.5) * 2;
      const ang = side * 0.52;
      const rx = lx * Math.cos(ang) - ly * Math.sin(ang);
      const ry = lx * Math.sin(ang) + ly * Math.cos(ang);
      const d = (rx / 0.62) ** 2 + (ry / 1.05) ** 2;
      const loop = d < 1 ? Math.sqrt(1 - d) : 0;
      h[y * size + x] = loop;
    }
  }
  return h;
}

/** Tileable value noise at three octaves: soft, brushed fleece. */
function fleeceHeight(size: number): Float32Array {
  const h = new Float32Array(size * size);
  let seed = 1234567;
  const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 4294967296);
  for (const [cells, amp] of [[16, 0.5], [32, 0.3], [64, 0.2]] as const) {
    const grid = Array.from({ length: cells * cells }, rand);
    const at = (i: number, j: number) => grid[((j + cells) % cells) * cells + ((i + cells) % cells)];
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const gx = (x / size) * cells;
        const gy = (y / size) * cells;
        const i = Math.floor(gx);
        const j = Math.floor(gy);
        const fx = smooth(gx - i);
        const fy = smooth(gy - j);
        const top = at(i, j) * (1 - fx) + at(i + 1, j) * fx;
        const bottom = at(i, j + 1) * (1 - fx) + at(i + 1, j + 1) * fx;
        h[y * size + x] += amp * (top * (1 - fy) + bottom * fy);
      }
    }
  }
  return h;
}

function smooth(t: number): number {
  return t * t * (3 - 2 * t);
}

async function buildMaps(height: Float32Array, size: number, strength: number, kind: FabricKind): Promise<FabricMaps> {
  const normal = Buffer.alloc(size * size * 3);
  const rough = Buffer.alloc(size * size * 3);
  const at = (x: number, y: number) => height[((y + size) % size) * size + ((x + size) % size)];
  const scale = (strength * size) / 64;
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
      // valleys between loops scatter more light: rougher
      const r = kind === "jersey" ? 0.95 - 0.12 * at(x, y) : 0.98 - 0.1 * at(x, y);
      rough[o] = 0;
      rough[o + 1] = Math.round(Math.min(1, Math.max(0, r)) * 255);
      rough[o + 2] = 0;
    }
  }
  const png = (data: Buffer) => sharp(data, { raw: { width: size, height: size, channels: 3 } }).png({ compressionLevel: 9 }).toBuffer();
  return { normal: new Uint8Array(await png(normal)), roughness: new Uint8Array(await png(rough)), size };
}

/**
 * Puts the fabric's normal and roughness maps on the named materials (tiled through
 * KHR_texture_transform); base colour is untouched so colour variants stay exact.
 */
export async function applyFabric(doc: Document, materials: Material[], kind: FabricKind, options: FabricOptions = {}): Promise<number> {
  if (!materials.length) return 0;
  const maps = await fabricMaps(kind, options);
  const repeat = options.repeat ?? (kind === "jersey" ? 48 : 24);
  const tt = doc.createExtension(KHRTextureTransform);
  const normalTex: Texture = doc.createTexture(`${kind}-normal`).setImage(maps.normal).setMimeType("image/png").setURI(`${kind}-normal.png`);
  const roughTex: Texture = doc.createTexture(`${kind}-roughness`).setImage(maps.roughness).setMimeType("image/png").setURI(`${kind}-roughness.png`);
  for (const m of materials) {
    m.setNormalTexture(normalTex).setNormalScale(1).setMetallicRoughnessTexture(roughTex).setMetallicFactor(0).setRoughnessFactor(1);
    for (const info of [m.getNormalTextureInfo(), m.getMetallicRoughnessTextureInfo()]) {
      info?.setWrapS(10497).setWrapT(10497).setExtension(KHRTextureTransform.EXTENSION_NAME, tt.createTransform().setScale([repeat, repeat]));
    }
  }
  return materials.length;
}
