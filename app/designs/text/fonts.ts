/**
 * The fonts a shopper may set text in: open-licence faces from npm (@fontsource/*), Latin subset (covers English
 * and German, ÄÖÜäöüß). The app serves the files (routes/fonts.$file.tsx): a theme app extension may not ship
 * fonts. Browser-safe: metadata only; the server reads the files through fonts.server.ts.
 */
export interface FontEntry {
  /** stable id used in design documents and URLs */
  id: string;
  /** what the shopper sees in the font picker */
  label: string;
  /** npm package and file inside it */
  pkg: string;
  file: string;
  licence: string;
}

export const FONTS: readonly FontEntry[] = [
  { id: "inter-700", label: "Inter Bold", pkg: "@fontsource/inter", file: "files/inter-latin-700-normal.woff", licence: "SIL OFL 1.1" },
  { id: "inter-400", label: "Inter", pkg: "@fontsource/inter", file: "files/inter-latin-400-normal.woff", licence: "SIL OFL 1.1" },
  { id: "lora-700", label: "Lora Bold", pkg: "@fontsource/lora", file: "files/lora-latin-700-normal.woff", licence: "SIL OFL 1.1" },
  { id: "lora-400", label: "Lora", pkg: "@fontsource/lora", file: "files/lora-latin-400-normal.woff", licence: "SIL OFL 1.1" },
  { id: "bebas-neue-400", label: "Bebas Neue", pkg: "@fontsource/bebas-neue", file: "files/bebas-neue-latin-400-normal.woff", licence: "SIL OFL 1.1" },
];

export const FONT_IDS = FONTS.map((f) => f.id);

export function fontEntry(id: string): FontEntry | undefined {
  return FONTS.find((f) => f.id === id);
}
