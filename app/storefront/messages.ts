/**
 * What a shopper reads when the storefront path refuses something, in their language (the block sends the
 * storefront locale; English is the fallback). Design-intake codes map to a sentence each; the intake's own
 * English detail (sizes, limits) is kept as `detail` for support, never needed to understand the refusal.
 * The block's uploads and the editor's (app/storefront/proxy-http.server.ts) both answer from this table.
 */
import type { RejectCode } from "../designs/errors";

export type ShopperLocale = "en" | "de";

export type StorefrontErrorCode =
  | RejectCode
  | "rate_limited"
  | "product_unknown"
  | "color_unknown"
  | "bad_request"
  | "not_found"
  | "unavailable";

const MESSAGES: Record<ShopperLocale, Record<StorefrontErrorCode, string>> = {
  en: {
    too_large: "The file is too large. Please upload an image of up to {maxMb} MB.",
    empty: "The file is empty. Please choose your design again.",
    unknown_type: "This file type is not supported. Please upload a PNG, JPEG, WebP or SVG image.",
    polyglot: "This file is not a plain image and cannot be used. Please export it again as PNG or JPEG.",
    truncated: "The file is incomplete (the upload was cut off or the file is damaged). Please try again.",
    too_many_pixels: "The image has too many pixels. Please upload an image of at most 50 megapixels.",
    bad_dimensions: "The image size cannot be used (at most 12,000 pixels per side).",
    unsafe_svg: "This SVG contains scripts or links to other files. Please upload a plain SVG, or a PNG.",
    corrupt: "The image could not be read. Please export it again as PNG or JPEG.",
    fully_transparent: "The image is completely transparent, so nothing would be printed.",
    rate_limited: "You have uploaded many designs in a short time. Please wait a moment and try again.",
    product_unknown: "Designs cannot be added to this product.",
    color_unknown: "This colour is not available for designs.",
    bad_request: "The request could not be understood. Please reload the page and try again.",
    not_found: "This design was not found.",
    unavailable: "The preview is unavailable right now. Please try again in a moment.",
  },
  de: {
    too_large: "Die Datei ist zu groß. Bitte lade ein Bild mit höchstens {maxMb} MB hoch.",
    empty: "Die Datei ist leer. Bitte wähle dein Design noch einmal aus.",
    unknown_type: "Dieser Dateityp wird nicht unterstützt. Bitte lade ein PNG-, JPEG-, WebP- oder SVG-Bild hoch.",
    polyglot: "Diese Datei ist kein reines Bild und kann nicht verwendet werden. Bitte exportiere sie erneut als PNG oder JPEG.",
    truncated: "Die Datei ist unvollständig (der Upload wurde abgebrochen oder die Datei ist beschädigt). Bitte versuche es erneut.",
    too_many_pixels: "Das Bild hat zu viele Pixel. Bitte lade ein Bild mit höchstens 50 Megapixeln hoch.",
    bad_dimensions: "Die Bildgröße kann nicht verwendet werden (höchstens 12.000 Pixel pro Seite).",
    unsafe_svg: "Dieses SVG enthält Skripte oder Verweise auf andere Dateien. Bitte lade ein einfaches SVG oder ein PNG hoch.",
    corrupt: "Das Bild konnte nicht gelesen werden. Bitte exportiere es erneut als PNG oder JPEG.",
    fully_transparent: "Das Bild ist vollständig transparent, es würde nichts gedruckt.",
    rate_limited: "Du hast in kurzer Zeit viele Designs hochgeladen. Bitte warte einen Moment und versuche es dann erneut.",
    product_unknown: "Für dieses Produkt können keine Designs hinzugefügt werden.",
    color_unknown: "Diese Farbe ist für Designs nicht verfügbar.",
    bad_request: "Die Anfrage konnte nicht verstanden werden. Bitte lade die Seite neu und versuche es erneut.",
    not_found: "Dieses Design wurde nicht gefunden.",
    unavailable: "Die Vorschau ist gerade nicht verfügbar. Bitte versuche es gleich noch einmal.",
  },
};

/** "de", "de-DE", "de-CH" → de; anything else → en */
export function shopperLocale(...candidates: (string | null | undefined)[]): ShopperLocale {
  for (const c of candidates) {
    if (!c) continue;
    const first = c.split(",")[0].trim().toLowerCase();
    if (first.startsWith("de")) return "de";
    if (first.startsWith("en")) return "en";
  }
  return "en";
}

/** The sentence for `code`; {placeholders} from `params` (too_large's {maxMb} defaults to intake's 25). */
export function shopperMessage(code: StorefrontErrorCode, locale: ShopperLocale, params: Record<string, string | number> = {}): string {
  const all: Record<string, string | number> = { maxMb: 25, ...params };
  return (MESSAGES[locale][code] ?? MESSAGES.en[code]).replace(/\{(\w+)\}/g, (_, k: string) => String(all[k] ?? ""));
}

/** every code has a sentence in every language (a test walks this) */
export const MESSAGE_TABLE = MESSAGES;
