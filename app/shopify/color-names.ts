/**
 * Colour option values merchants commonly use, mapped to hex. Names are matched case- and
 * space-insensitively ("Forest green", "forest-green"); unknown names are reported, never guessed.
 * Names a merchant of ours uses carry that store's exact swatches (Forest Green #2E8B57, Beige #F5DEB3, Black
 * #000000; CSS's forestgreen is #228B22, its seagreen is #2E8B57): the renderer, not the name map, makes black
 * fabric look like fabric (app/mockups/compose/colour.ts FABRIC_FLOOR_Y).
 */
const NAMED: Record<string, string> = {
  black: "#000000",
  white: "#FFFFFF",
  "off white": "#F4F1EA",
  natural: "#EFE6D2",
  cream: "#F3E9D2",
  beige: "#F5DEB3",
  sand: "#CDB891",
  khaki: "#B5A67A",
  "forest green": "#2E8B57",
  "dark green": "#1F3D2B",
  "bottle green": "#1B4D3E",
  green: "#2F8F46",
  "kelly green": "#2C9F45",
  mint: "#A8E0C8",
  olive: "#6B6B3A",
  navy: "#1F2A44",
  "navy blue": "#1F2A44",
  "royal blue": "#2A4DB3",
  "royal": "#2A4DB3",
  blue: "#2F5FC4",
  "sky blue": "#8CC4EA",
  "light blue": "#A9CBE8",
  teal: "#1F7A7A",
  red: "#C0282D",
  cardinal: "#8C1D2C",
  maroon: "#5E1F2B",
  burgundy: "#6D1F30",
  pink: "#F1A7C1",
  "light pink": "#F6CAD7",
  "hot pink": "#E0457B",
  purple: "#5E3A87",
  lavender: "#C7B8E0",
  yellow: "#F2C94C",
  gold: "#D4A22B",
  orange: "#E8762C",
  brown: "#5C3A21",
  chocolate: "#4A2C1D",
  grey: "#8A8D91",
  gray: "#8A8D91",
  "heather grey": "#A7A9AC",
  "heather gray": "#A7A9AC",
  "sport grey": "#9EA1A4",
  "light grey": "#C8CACC",
  "dark grey": "#4A4D52",
  charcoal: "#3B3D42",
  // German option values (option name "Farbe")
  schwarz: "#000000",
  weiss: "#FFFFFF",
  "weiß": "#FFFFFF",
  rot: "#C0282D",
  blau: "#2F5FC4",
  "grün": "#2F8F46",
  gruen: "#2F8F46",
  grau: "#8A8D91",
  gelb: "#F2C94C",
  dunkelblau: "#1F2A44",
  "waldgrün": "#2E8B57",
};

function normalise(name: string): string {
  return name.normalize("NFC").trim().toLowerCase().replace(/[\s_-]+/g, " ");
}

/** "#RRGGBB" for a known colour name, or undefined. */
export function colorHex(name: string): string | undefined {
  return NAMED[normalise(name)];
}

/** Option names that carry colours. */
export function isColorOptionName(name: string): boolean {
  return ["color", "colour", "farbe", "couleur"].includes(normalise(name));
}
