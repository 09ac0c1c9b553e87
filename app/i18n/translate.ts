/**
 * Message lookup shared by server and browser: nested JSON per locale (app/i18n/<locale>.json), keys
 * written "page.section.key". No catalogue is imported here: the browser gets only its locale's messages from
 * the app layout's loader (catalog.server.ts), `{name}` placeholders. A key missing in German falls back to English, a key
 * missing everywhere comes back as itself so a gap is visible on the page, never a crash.
 *
 * Plurals: a message with forms is written as sibling keys `key_one`, `key_other` (the CLDR categories of
 * Intl.PluralRules; English and German use these two, `key_zero` etc. are honoured where given). t("key",
 * { count }) picks the form for `count` in the catalogue's locale; a plain `key` is used when there are no forms.
 */

export type Messages = { [key: string]: string | Messages };
export type Vars = Record<string, string | number>;
export type T = (key: string, vars?: Vars) => string;

/** A key's text; a key may itself contain dots ("capability.model.fetch" finds capability → "model.fetch"). */
function lookup(messages: Messages, key: string): string | undefined {
  return walk(messages, key.split("."));
}

function walk(node: string | Messages | undefined, parts: string[]): string | undefined {
  if (parts.length === 0) return typeof node === "string" ? node : undefined;
  if (node === undefined || typeof node === "string") return undefined;
  for (let i = 1; i <= parts.length; i++) {
    const name = i === 1 ? parts[0] : parts.slice(0, i).join(".");
    if (!Object.hasOwn(node, name)) continue;
    const found = walk(node[name], parts.slice(i));
    if (found !== undefined) return found;
  }
  return undefined;
}

export function interpolate(text: string, vars?: Vars): string {
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

const rulesCache = new Map<string, Intl.PluralRules>();
function pluralRules(locale: string): Intl.PluralRules {
  let r = rulesCache.get(locale);
  if (!r) rulesCache.set(locale, (r = new Intl.PluralRules(locale)));
  return r;
}

/** The text of `key` in one catalogue: its plural form for a numeric `count` when it has forms, else the key itself. */
function find(messages: Messages, key: string, locale: string, vars?: Vars): string | undefined {
  const count = vars?.count;
  if (typeof count === "number") {
    const form = lookup(messages, `${key}_${pluralRules(locale).select(count)}`) ?? lookup(messages, `${key}_other`);
    if (form !== undefined) return form;
  }
  return lookup(messages, key);
}

/**
 * t() over one locale's messages, with an optional catalogue underneath (the server passes English).
 * `locale` picks plural forms (default "en"; the English fallback always uses English rules).
 */
export function makeT(messages: Messages, fallback?: Messages, locale = "en"): T {
  return (key, vars) => interpolate(find(messages, key, locale, vars) ?? (fallback && find(fallback, key, "en", vars)) ?? key, vars);
}
