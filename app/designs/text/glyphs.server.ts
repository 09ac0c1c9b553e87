/**
 * Glyph sets from the font files (opentype.js), once per font and process: the characters the editor offers
 * (printable ASCII and Latin-1: English, German and the rest of Western Europe) that the font has.
 */
import type { Font } from "opentype.js";
import { loadFont } from "./fonts.server";
import type { GlyphSet } from "./glyphs";

const CHARS = [...Array.from({ length: 0x7f - 0x20 }, (_, i) => 0x20 + i), ...Array.from({ length: 0x100 - 0xa0 }, (_, i) => 0xa0 + i), 0x20ac, 0x2013, 0x2014, 0x2018, 0x2019, 0x201c, 0x201d, 0x201e, 0x2026].map((c) => String.fromCharCode(c));

const sets = new Map<string, GlyphSet>();

export function glyphSet(id: string): GlyphSet {
  let set = sets.get(id);
  if (!set) {
    set = extract(id, loadFont(id));
    sets.set(id, set);
  }
  return set;
}

function extract(id: string, font: Font): GlyphSet {
  const glyphs: GlyphSet["glyphs"] = {};
  const present = CHARS.filter((ch) => ch === " " || font.hasChar(ch));
  for (const ch of present) {
    const g = font.charToGlyph(ch);
    // at fontSize = unitsPerEm the path is in font units; opentype.js already flips y (down from the baseline)
    glyphs[ch] = { a: Math.round(g.advanceWidth ?? 0), d: g.getPath(0, 0, font.unitsPerEm).toPathData(1) };
  }
  const kern: GlyphSet["kern"] = {};
  const gl = present.map((ch) => [ch, font.charToGlyph(ch)] as const);
  for (const [a, ga] of gl) for (const [b, gb] of gl) {
    const k = font.getKerningValue(ga, gb);
    if (k) kern[a + b] = k;
  }
  return { id, unitsPerEm: font.unitsPerEm, ascender: font.ascender, descender: font.descender, glyphs, kern };
}
