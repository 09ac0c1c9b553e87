/**
 * Text → outlines, the one place it happens: the storefront editor (bundled into the extension's editor
 * script) and the server renderer both call this with the same font file, so the shopper's canvas, the mockup
 * and the print draw identical shapes. A deliberately simple layout (one line, advance widths and pair kerning,
 * no ligatures or shaping): opentype.js's shaping path throws on some of Inter's GSUB lookups, and a T-shirt line
 * needs none of it.
 */
import type { Font } from "opentype.js";
import type { Outline } from "../../contracts/design-document";

/** Outline units: the em box is this many units; paths are rounded to 0.1 unit. */
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

/** Characters of `text` the font cannot draw. */
export function missingChars(font: Font, text: string): string[] {
  const out = new Set<string>();
  for (const ch of text) if (ch !== " " && !font.hasChar(ch)) out.add(ch);
  return [...out];
}

/** One line of text as an SVG path whose box starts at (0, 0); height is the font's ascender − descender. */
export function textOutline(font: Font, text: string): Outline {
  const missing = missingChars(font, text);
  if (missing.length) throw new TextOutlineError(`the font has no glyph for ${missing.join(" ")}`, missing);
  const scale = OUTLINE_EM / font.unitsPerEm;
  const ascender = font.ascender * scale;
  const height = (font.ascender - font.descender) * scale;
  const glyphs = [...text].map((ch) => font.charToGlyph(ch));
  // a first glyph that overhangs to the left (J, italic shapes) moves the line right so the box starts at 0
  let x = glyphs.length ? Math.max(0, -glyphs[0].getBoundingBox().x1 * scale) : 0;
  const start = x;
  const parts: string[] = [];
  glyphs.forEach((g, i) => {
    const d = g.getPath(x, ascender, OUTLINE_EM).toPathData(1);
    if (d) parts.push(d);
    x += (g.advanceWidth ?? 0) * scale;
    if (i + 1 < glyphs.length) x += font.getKerningValue(g, glyphs[i + 1]) * scale;
  });
  const width = Math.max(x + start, OUTLINE_EM * 0.05);
  return { d: parts.join(""), width: round1(width), height: round1(height) };
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
