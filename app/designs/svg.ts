/**
 * SVG clean-up before rasterising: librsvg must never see scripts, entity declarations (billion laughs) or
 * references to anything outside the file (file://, http://, other documents). Text-level on purpose: no XML
 * parser is given the DOCTYPE, and whatever is removed is reported so the caller can refuse instead.
 */
export interface SanitisedSvg {
  svg: string;
  /** what was removed, for the error message or the log; empty when the SVG was clean */
  removed: string[];
}

const PREDEFINED = new Set(["lt", "gt", "amp", "quot", "apos"]);

export function sanitiseSvg(text: string): SanitisedSvg {
  const removed = new Set<string>();
  let s = text.replace(/^\uFEFF/, "");
  const strip = (re: RegExp, what: string, by = "") => {
    s = s.replace(re, () => {
      removed.add(what);
      return by;
    });
  };
  // DOCTYPE with or without an internal subset (entity declarations live there)
  strip(/<!DOCTYPE[^[>]*(\[[\s\S]*?\]\s*)?>/gi, "DOCTYPE/entity declarations");
  strip(/<!ENTITY[\s\S]*?>/gi, "DOCTYPE/entity declarations");
  // entity references other than the five predefined ones and character references
  s = s.replace(/&([A-Za-z_][\w.-]*);/g, (m, name: string) => {
    if (PREDEFINED.has(name)) return m;
    removed.add("entity references");
    return "";
  });
  // character references to plain ASCII letters/digits/punctuation are decoded (same meaning to the XML parser)
  // so `&#117;rl(` or `&#x40;import` cannot hide from the checks below; `<`, `&` and quotes stay encoded
  s = s.replace(/&#(?:x([0-9a-f]{1,6})|([0-9]{1,7}));/gi, (m, hex: string | undefined, dec: string | undefined) => {
    const ch = String.fromCodePoint(Math.min(parseInt(hex ?? dec ?? "0", hex ? 16 : 10), 0x10ffff));
    return /^[A-Za-z0-9@()\\:/#._-]$/.test(ch) ? ch : m;
  });
  // CSS escapes (`\75 rl(`, `@\69mport`) would let the CSS parser see what the text checks cannot: none allowed
  strip(/\\(?:[0-9a-f]{1,6}\s?|[\s\S])?/gi, "CSS escape sequences");
  strip(/<\?xml-stylesheet[\s\S]*?\?>/gi, "external stylesheets");
  strip(/<script[\s\S]*?<\/script\s*>/gi, "scripts");
  strip(/<script\b[^>]*\/>/gi, "scripts");
  strip(/<foreignObject[\s\S]*?<\/foreignObject\s*>/gi, "foreignObject (embedded HTML)");
  strip(/<foreignObject\b[^>]*\/>/gi, "foreignObject (embedded HTML)");
  strip(/<(iframe|embed|object|audio|video|handler|listener)\b[\s\S]*?(<\/\1\s*>|\/>)/gi, "embedded objects");
  // event handler attributes: onload=, onclick=, ...
  strip(/\son[a-z]+\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi, "event handlers");
  // any attribute whose local name is href or src, whatever its prefix (xlink:, x:, xi:, none), pointing at
  // anything but a fragment in the same file; unquoted values too (librsvg would refuse them, but be sure)
  strip(/\s(?:[A-Za-z_][\w.-]*:)?(?:href|src)\s*=\s*("(?!#)[^"]*"|'(?!#)[^']*'|(?!["'#])[^\s>]+)/gi, "external references");
  // CSS: @import and url(...) not pointing at a fragment
  strip(/@import[^;]*;?/gi, "external references");
  strip(/url\(\s*(?!['"]?#)[^)]*\)/gi, "external references", "none");
  if (!/<svg[\s>]/i.test(s)) removed.add("the svg element itself");
  return { svg: s, removed: [...removed] };
}
