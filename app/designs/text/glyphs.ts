/**
 * A font as the outline code needs it: each character's advance and outline (SVG path in font units, y down from
 * the baseline), pair kerning, and the vertical metrics. The server extracts it from the font file once with
 * opentype.js (glyphs.server.ts) and serves it as JSON; the browser and the server then lay out text from the same
 * numbers (outline.ts). Browser-safe.
 */
export interface GlyphSet {
  /** font id (app/designs/text/fonts.ts) */
  id: string;
  unitsPerEm: number;
  ascender: number;
  /** negative, below the baseline */
  descender: number;
  /** per character: advance width and path (font units, y down, origin on the baseline) */
  glyphs: Record<string, { a: number; d: string }>;
  /** kerning in font units by the two characters ("AV"), non-zero pairs only */
  kern: Record<string, number>;
}
