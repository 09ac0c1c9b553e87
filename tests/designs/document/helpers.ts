import { createHash } from "node:crypto";
import sharp from "sharp";
import type { DocumentImage } from "../../../app/designs/document/render.server";

/** A w × h PNG: a solid colour disc on transparency with a 2 px dark ring (easy to find and to compare). */
export async function discPng(w: number, h: number, color = "#E63946"): Promise<Buffer> {
  const r = Math.min(w, h) / 2 - 2;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><circle cx="${w / 2}" cy="${h / 2}" r="${r}" fill="${color}" stroke="#1D3557" stroke-width="${Math.max(2, r / 10)}"/></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

export function sha256(b: Buffer): string {
  return createHash("sha256").update(b).digest("hex");
}

export async function imageOf(png: Buffer): Promise<[string, DocumentImage]> {
  const m = await sharp(png).metadata();
  return [sha256(png), { png, width: m.width!, height: m.height! }];
}
