/**
 * An imported model's UV layout as a picture, for the merchant to draw a print area on: its base-colour texture
 * (when it has one) under every triangle of TEXCOORD_0, filled light and outlined, in glTF's UV convention (u right,
 * v down, so the picture's pixel (x, y) is UV (x/size, y/size), the same rectangle print-area.ts stores).
 */
import type { Document, Primitive } from "@gltf-transform/core";
import sharp from "sharp";
import { getIO } from "../gltf/io";

export const DEFAULTS = {
  /** picture side, px */
  size: 1024,
  /** texture under the layout: dimmed to this share so the lines stay readable */
  textureOpacity: 0.55,
} as const;

/** Defaults: DEFAULTS. */
export interface UvLayoutOptions {
  /** picture side in px (default 1024) */
  size?: number;
}

export interface UvLayout {
  png: Buffer;
  size: number;
  triangles: number;
  /** share of the picture the triangles cover, 0..1 (0: the model has no UVs: nowhere to print) */
  coverage: number;
}

function uvPrimitives(doc: Document): Primitive[] {
  return doc
    .getRoot()
    .listMeshes()
    .flatMap((m) => m.listPrimitives())
    .filter((p) => p.getMode() === 4 && p.getAttribute("TEXCOORD_0"));
}

/** The texture of the material covering the most triangles, decoded to size² RGBA (or null). */
async function mainTexture(prims: Primitive[], size: number): Promise<Buffer | null> {
  const score = new Map<Uint8Array, number>();
  for (const p of prims) {
    const img = p.getMaterial()?.getBaseColorTexture()?.getImage();
    if (!img) continue;
    const tris = (p.getIndices()?.getCount() ?? p.getAttribute("POSITION")!.getCount()) / 3;
    score.set(img, (score.get(img) ?? 0) + tris);
  }
  const best = [...score.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  if (!best) return null;
  try {
    return await sharp(best, { limitInputPixels: 70_000_000 }).resize(size, size, { fit: "fill" }).ensureAlpha().raw().toBuffer();
  } catch {
    return null; // an undecodable texture only costs the backdrop
  }
}

export async function renderUvLayout(glb: Uint8Array, opts: UvLayoutOptions = {}): Promise<UvLayout> {
  const size = opts.size ?? DEFAULTS.size;
  const doc = await (await getIO()).readBinary(glb);
  const prims = uvPrimitives(doc);
  const px = Buffer.alloc(size * size * 4);
  const tex = await mainTexture(prims, size);
  for (let i = 0; i < size * size; i++) {
    const o = i * 4;
    // backdrop: the texture dimmed toward white, else a neutral light grey
    const a = DEFAULTS.textureOpacity;
    px[o] = tex ? Math.round(tex[o] * a + 255 * (1 - a)) : 246;
    px[o + 1] = tex ? Math.round(tex[o + 1] * a + 255 * (1 - a)) : 247;
    px[o + 2] = tex ? Math.round(tex[o + 2] * a + 255 * (1 - a)) : 248;
    px[o + 3] = 255;
  }
  const covered = new Uint8Array(size * size);
  let triangles = 0;
  const edges: number[] = [];
  for (const p of prims) {
    const uv = p.getAttribute("TEXCOORD_0")!;
    const idx = p.getIndices();
    const n = idx ? idx.getCount() : uv.getCount();
    const t = [0, 0];
    const at = (i: number): [number, number] => {
      uv.getElement(idx ? idx.getScalar(i) : i, t);
      return [t[0] * size, t[1] * size];
    };
    for (let i = 0; i + 2 < n; i += 3) {
      const a = at(i);
      const b = at(i + 1);
      const c = at(i + 2);
      fillTriangle(covered, size, a, b, c);
      edges.push(a[0], a[1], b[0], b[1], b[0], b[1], c[0], c[1], c[0], c[1], a[0], a[1]);
      triangles++;
    }
  }
  let area = 0;
  for (let i = 0; i < size * size; i++) {
    if (!covered[i]) continue;
    area++;
    const o = i * 4;
    // covered: tinted toward the admin's blue so the printable islands read at a glance
    px[o] = Math.round(px[o] * 0.82 + 0x30 * 0.18);
    px[o + 1] = Math.round(px[o + 1] * 0.82 + 0x6e * 0.18);
    px[o + 2] = Math.round(px[o + 2] * 0.82 + 0xd4 * 0.18);
  }
  for (let i = 0; i < edges.length; i += 4) line(px, size, edges[i], edges[i + 1], edges[i + 2], edges[i + 3]);
  const png = await sharp(px, { raw: { width: size, height: size, channels: 4 } }).png({ compressionLevel: 6 }).toBuffer();
  return { png, size, triangles, coverage: area / (size * size) };
}

/** Marks the pixels whose centres lie inside the triangle (edge function, clipped to the picture). */
function fillTriangle(out: Uint8Array, size: number, a: [number, number], b: [number, number], c: [number, number]): void {
  const minX = Math.max(0, Math.floor(Math.min(a[0], b[0], c[0])));
  const maxX = Math.min(size - 1, Math.ceil(Math.max(a[0], b[0], c[0])));
  const minY = Math.max(0, Math.floor(Math.min(a[1], b[1], c[1])));
  const maxY = Math.min(size - 1, Math.ceil(Math.max(a[1], b[1], c[1])));
  const area = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
  if (area === 0) return;
  for (let y = minY; y <= maxY; y++) {
    for (let x = minX; x <= maxX; x++) {
      const px = x + 0.5;
      const py = y + 0.5;
      const w0 = (b[0] - a[0]) * (py - a[1]) - (b[1] - a[1]) * (px - a[0]);
      const w1 = (c[0] - b[0]) * (py - b[1]) - (c[1] - b[1]) * (px - b[0]);
      const w2 = (a[0] - c[0]) * (py - c[1]) - (a[1] - c[1]) * (px - c[0]);
      if ((w0 >= 0 && w1 >= 0 && w2 >= 0) || (w0 <= 0 && w1 <= 0 && w2 <= 0)) out[y * size + x] = 1;
    }
  }
}

/** A 1 px line in dark slate, blended at 70 % (DDA; clipped). */
function line(px: Buffer, size: number, x0: number, y0: number, x1: number, y1: number): void {
  const steps = Math.max(1, Math.ceil(Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0))));
  if (steps > size * 4) return; // a UV far outside 0..1 (tiling): not drawable here
  for (let s = 0; s <= steps; s++) {
    const x = Math.round(x0 + ((x1 - x0) * s) / steps);
    const y = Math.round(y0 + ((y1 - y0) * s) / steps);
    if (x < 0 || y < 0 || x >= size || y >= size) continue;
    const o = (y * size + x) * 4;
    px[o] = Math.round(px[o] * 0.3 + 0x2c * 0.7);
    px[o + 1] = Math.round(px[o + 1] * 0.3 + 0x3e * 0.7);
    px[o + 2] = Math.round(px[o + 2] * 0.3 + 0x50 * 0.7);
  }
}
