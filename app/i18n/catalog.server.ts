/**
 * The message catalogues, ours and Polaris' own, read on the server so the browser receives only the
 * merchant's language (the app layout's loader sends them once per page load).
 */
import polarisDe from "@shopify/polaris/locales/de.json";
import polarisEn from "@shopify/polaris/locales/en.json";
import de from "./de.json";
import en from "./en.json";
import type { Locale } from "./locale";
import { makeT, type Messages, type T } from "./translate";

const OURS: Record<Locale, Messages> = { en, de };
const POLARIS: Record<Locale, typeof polarisEn> = { en: polarisEn, de: polarisDe as typeof polarisEn };

export function messagesFor(locale: Locale): Messages {
  return OURS[locale];
}

export function polarisTranslations(locale: Locale): typeof polarisEn {
  return POLARIS[locale];
}

/** t() for server code (notifications, errors); English underneath so a missing German key still reads. */
export function translator(locale: Locale): T {
  return makeT(OURS[locale], OURS.en, locale);
}
