/**
 * Text → outlines, the one place it happens: the storefront editor and the server both lay out text with this
 * function from the same glyph set (extracted from the font file with opentype.js once, glyphs.server.ts), so the
 * shopper's canvas, the mockup and the print draw identical shapes, to the character of the path. One line,
 * advance widths and pair kerning, no shaping (decision 111).
 */
import type { Outline } from "../../contracts/design-document";
import type { GlyphSet } from "./glyphs";

/** Outline units: the em box is this many units; coordinates are rounded to 0.1 unit. */
export const OUTLINE_EM = 100;

export class TextOutlineError extends Error {
  constructor(
    message: string,
    /** characters the font has no glyph for */
    readonly missing: string[] = [],
  ) {
    super(message);
    this.name = "TextOutlineError";
  }
}

/** Characters of `text` the font cannot draw (spaces always can). */
export function missingChars(font: GlyphSet, text: string): string[] {
  const out = new Set<string>();
  for (const ch of text) if (!font.glyphs[ch]) out.add(ch);
  return [...out];
}

const r1 = (n: number) => Math.round(n * 10) / 10;
const CMD = /([MLQCZ])([^MLQCZ]*)/g;
const NUM = /-?\d*\.?\d+(?:e[-+]?\d+)?/gi;

/** One line of text as an SVG path whose box starts at (0, 0); the box is the advance width × (ascender − descender). */
export function textOutline(font: GlyphSet, text: string): Outline {
  const missing = missingChars(font, text);
  if (missing.length) throw new TextOutlineError(`the font has no glyph for ${missing.join(" ")}`, missing);
  const s = OUTLINE_EM / font.unitsPerEm;
  const parts: string[] = [];
  const chars = [...text];
  let x = 0;
  chars.forEach((ch, i) => {
    const g = font.glyphs[ch];
    for (const m of g.d.matchAll(CMD)) {
      const nums = m[2].match(NUM)?.map(Number) ?? [];
      parts.push(m[1] + nums.map((n, k) => (k % 2 === 0 ? r1((x + n) * s) : r1((font.ascender + n) * s))).join(" "));
    }
    x += g.a;
    if (i + 1 < chars.length) x += font.kern[ch + chars[i + 1]] ?? 0;
  });
  const width = Math.max(r1(x * s), OUTLINE_EM * 0.05);
  return { d: parts.join(""), width, height: r1((font.ascender - font.descender) * s) };
}
