/**
 * The admin's language. Shopify opens an embedded app with `locale=<BCP 47 tag>` (the merchant's admin
 * language, e.g. "de", "de-CH", "en-US"); we speak English and German and fall back to English.
 */
export const LOCALES = ["en", "de"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";

/** "de-AT" → "de"; anything we do not speak → "en". */
export function resolveLocale(tag: string | null | undefined): Locale {
  const primary = (tag ?? "").trim().toLowerCase().split(/[-_]/)[0];
  return (LOCALES as readonly string[]).includes(primary) ? (primary as Locale) : DEFAULT_LOCALE;
}

/**
 * The locale of an admin request: the `locale` parameter Shopify adds to the app URL, else the browser's
 * first Accept-Language entry (client-side data requests carry no `locale`), else English.
 */
export function requestLocale(request: Request): Locale {
  const param = new URL(request.url).searchParams.get("locale");
  if (param) return resolveLocale(param);
  const accept = request.headers.get("accept-language")?.split(",")[0]?.split(";")[0];
  return resolveLocale(accept);
}
