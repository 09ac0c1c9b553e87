/** Helpers for the Blender tests: GLB geometry in Blender's axes, the body form, image decoding. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import sharp from "sharp";
import { findBlender } from "../../app/blender/find";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const GARMENTS = path.join(ROOT, "app/library/garments");
export const HAS_BLENDER = findBlender() !== null;

/** A garment GLB's geometry in Blender's axes: one reader for the tests and the drape CLI's chart check. */
export { readGarmentMesh as readMesh, type Mesh } from "../../app/library/flat-measures";

interface BodyData {
  torso: [number, number, number][];
  armAngleDeg: number;
  /** per garment (the hoodie's arms hang lower than the tee's); armAngleDeg otherwise */
  armAngleDegByGarment?: Record<string, number>;
  shoulder: [number, number, number];
  arm: [number, number][];
  sizes: Record<string, [number, number]>;
}
export const BODY: BodyData = JSON.parse(readFileSync(path.join(ROOT, "blender/garment/bodyform.json"), "utf8"));

function torsoAt(z: number, ws: number): [number, number] | null {
  const t = BODY.torso;
  if (z < t[0][0] - 0.05 || z > t[t.length - 1][0]) return null;
  if (z <= t[0][0]) return [t[0][1] * ws, t[0][2] * ws];
  for (let i = 0; i + 1 < t.length; i++) {
    const [z0, a0, b0] = t[i];
    const [z1, a1, b1] = t[i + 1];
    if (z <= z1) {
      let f = (z - z0) / (z1 - z0);
      f = f * f * (3 - 2 * f);
      return [(a0 + (a1 - a0) * f) * ws, (b0 + (b1 - b0) * f) * ws];
    }
  }
  return null;
}

function armRadius(s: number, ws: number): number {
  const a = BODY.arm;
  if (s <= 0) return a[0][1] * ws;
  for (let i = 0; i + 1 < a.length; i++) if (s <= a[i + 1][0]) return (a[i][1] + ((a[i + 1][1] - a[i][1]) * (s - a[i][0])) / (a[i + 1][0] - a[i][0])) * ws;
  return a[a.length - 1][1] * ws;
}

/** How deep (m) point p lies inside the body form of a size, posed for a garment (0 when outside). */
export function depthInsideBody(x: number, y: number, z: number, size = "M", garment = "tee"): number {
  const ws = BODY.sizes[size][0];
  let depth = 0;
  const t = torsoAt(z, ws);
  if (t) {
    const r = Math.sqrt((x / t[0]) ** 2 + (y / t[1]) ** 2);
    if (r < 1) depth = Math.max(depth, (1 - r) * Math.min(t[0], t[1]));
  }
  const ang = ((BODY.armAngleDegByGarment?.[garment] ?? BODY.armAngleDeg) * Math.PI) / 180;
  for (const side of [1, -1]) {
    const j = [side * BODY.shoulder[0] * ws, BODY.shoulder[1], BODY.shoulder[2]];
    const d = [side * Math.cos(ang), 0, -Math.sin(ang)];
    const v = [x - j[0], y - j[1], z - j[2]];
    const s = v[0] * d[0] + v[1] * d[1] + v[2] * d[2];
    if (s < 0 || s > BODY.arm[BODY.arm.length - 1][0]) continue;
    const perp = Math.hypot(v[0] - s * d[0], v[1] - s * d[1], v[2] - s * d[2]);
    const r = armRadius(s, ws);
    if (perp < r) depth = Math.max(depth, r - perp);
  }
  return depth;
}

/** Raw pixels of an image (16-bit PNGs keep 16 bits). */
export async function pixels(file: string | Buffer) {
  const meta = await sharp(file).metadata();
  const wide = meta.depth === "ushort";
  const channels = meta.channels ?? 3;
  let img = sharp(file);
  // keep the file's channels and depth (sharp would otherwise widen grey to sRGB)
  if (channels === 1) img = img.toColourspace(wide ? "grey16" : "b-w");
  else if (wide) img = img.toColourspace("rgb16");
  const { data, info } = await img.raw({ depth: wide ? "ushort" : "uchar" }).toBuffer({ resolveWithObject: true });
  const arr = wide ? new Uint16Array(data.buffer, data.byteOffset, data.length / 2) : new Uint8Array(data.buffer, data.byteOffset, data.length);
  return { data: arr, width: info.width, height: info.height, channels: info.channels, depth: meta.depth };
}
