/**
 * Marks a PNG as sRGB: an `sRGB` chunk (rendering intent perceptual) right after IHDR. libvips writes pHYs (the
 * DPI) but has no option for the sRGB chunk; converting to sRGB happens in the pipeline, this only says so, so a
 * RIP or an image editor does not have to assume it. 13 bytes; no pixel is touched.
 */
import { crc32 } from "node:zlib";

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** signature (8) + IHDR chunk (4 length + 4 type + 13 data + 4 crc) */
const AFTER_IHDR = 8 + 25;

export function markSrgb(png: Buffer): Buffer {
  if (!png.subarray(0, 8).equals(SIGNATURE) || png.toString("latin1", 12, 16) !== "IHDR") throw new Error("not a PNG");
  if (hasChunk(png, "sRGB") || hasChunk(png, "iCCP")) return png;
  const chunk = Buffer.alloc(13);
  chunk.writeUInt32BE(1, 0);
  chunk.write("sRGB", 4, "latin1");
  chunk[8] = 0; // perceptual
  chunk.writeUInt32BE(crc32(chunk.subarray(4, 9)), 9);
  return Buffer.concat([png.subarray(0, AFTER_IHDR), chunk, png.subarray(AFTER_IHDR)]);
}

/** Chunk types before the first IDAT (where colour chunks must be). */
export function headerChunks(png: Buffer): string[] {
  const types: string[] = [];
  for (let at = 8; at + 8 <= png.length; ) {
    const len = png.readUInt32BE(at);
    const type = png.toString("latin1", at + 4, at + 8);
    if (type === "IDAT") break;
    types.push(type);
    at += 12 + len;
  }
  return types;
}

function hasChunk(png: Buffer, type: string): boolean {
  return headerChunks(png).includes(type);
}

/** The pHYs resolution in dots per inch, or null when the file has none (or not in metres). */
export function pngDpi(png: Buffer): number | null {
  for (let at = 8; at + 8 <= png.length; ) {
    const len = png.readUInt32BE(at);
    const type = png.toString("latin1", at + 4, at + 8);
    if (type === "IDAT") return null;
    if (type === "pHYs" && png[at + 16] === 1) return Math.round((png.readUInt32BE(at + 8) * 0.0254) * 10) / 10;
    at += 12 + len;
  }
  return null;
}
