/** The font files behind FONTS, read from their npm packages once and kept parsed (a few hundred KB in all). */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createHash } from "node:crypto";
import path from "node:path";
import opentype, { type Font } from "opentype.js";
import { fontEntry } from "./fonts";

const require = createRequire(import.meta.url);
const files = new Map<string, { bytes: Buffer; etag: string }>();
const parsed = new Map<string, Font>();

/** The WOFF bytes of a font id and a strong ETag, or undefined for an unknown id. */
export function fontFile(id: string): { bytes: Buffer; etag: string } | undefined {
  const entry = fontEntry(id);
  if (!entry) return undefined;
  let hit = files.get(id);
  if (!hit) {
    const dir = path.dirname(require.resolve(`${entry.pkg}/package.json`));
    const bytes = readFileSync(path.join(dir, entry.file));
    hit = { bytes, etag: `"${createHash("sha256").update(bytes).digest("hex").slice(0, 16)}"` };
    files.set(id, hit);
  }
  return hit;
}

/** The licence text shipped with a font's npm package (its LICENSE file: copyright lines and the SIL OFL 1.1). */
export function fontLicence(id: string): Buffer | undefined {
  const entry = fontEntry(id);
  if (!entry) return undefined;
  return readFileSync(path.join(path.dirname(require.resolve(`${entry.pkg}/package.json`)), "LICENSE"));
}

/** The parsed font of an id (throws for an unknown id: callers validate ids against FONTS first). */
export function loadFont(id: string): Font {
  let font = parsed.get(id);
  if (!font) {
    const file = fontFile(id);
    if (!file) throw new Error(`unknown font "${id}"`);
    const b = file.bytes;
    font = opentype.parse(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer);
    parsed.set(id, font);
  }
  return font;
}
