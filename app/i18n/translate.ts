/**
 * Message lookup shared by server and browser: nested JSON per locale (app/i18n/<locale>.json), keys
 * written "page.section.key". No catalogue is imported here: the browser gets only its locale's messages from
 * the app layout's loader (catalog.server.ts), `{name}` placeholders. A key missing in German falls back to English, a key
 * missing everywhere comes back as itself so a gap is visible on the page, never a crash.
 */

export type Messages = { [key: string]: string | Messages };
export type Vars = Record<string, string | number>;
export type T = (key: string, vars?: Vars) => string;

function lookup(messages: Messages, key: string): string | undefined {
  let node: string | Messages | undefined = messages;
  for (const part of key.split(".")) {
    if (node === undefined || typeof node === "string") return undefined;
    node = node[part];
  }
  return typeof node === "string" ? node : undefined;
}

export function interpolate(text: string, vars?: Vars): string {
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

/** t() over one locale's messages, with an optional catalogue underneath (the server passes English). */
export function makeT(messages: Messages, fallback?: Messages): T {
  return (key, vars) => interpolate(lookup(messages, key) ?? (fallback && lookup(fallback, key)) ?? key, vars);
}
