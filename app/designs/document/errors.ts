/**
 * A design document the server will not render, with a code the storefront shows in the shopper's language.
 * Messages live here in English and German (the storefront block's other strings are in its locales).
 */
export type DesignDocumentCode =
  | "invalid"
  | "unknown_area"
  | "too_many_layers"
  | "font_not_allowed"
  | "color_not_allowed"
  | "uploads_disabled"
  | "unknown_image"
  | "image_mismatch"
  | "missing_glyphs";

const MESSAGES: Record<DesignDocumentCode, { en: string; de: string }> = {
  invalid: { en: "The design could not be read ({detail}).", de: "Das Design konnte nicht gelesen werden ({detail})." },
  unknown_area: { en: "This product has no print area “{area}”.", de: "Dieses Produkt hat keinen Druckbereich „{area}“." },
  too_many_layers: { en: "At most {max} layers per print area.", de: "Höchstens {max} Ebenen pro Druckbereich." },
  font_not_allowed: { en: "The font “{font}” is not available.", de: "Die Schrift „{font}“ ist nicht verfügbar." },
  color_not_allowed: { en: "The text colour {color} is not available.", de: "Die Textfarbe {color} ist nicht verfügbar." },
  uploads_disabled: { en: "This shop does not accept image uploads.", de: "Dieser Shop nimmt keine hochgeladenen Bilder an." },
  unknown_image: { en: "An image of the design is missing; please add it again.", de: "Ein Bild des Designs fehlt; bitte füge es erneut hinzu." },
  image_mismatch: { en: "An image does not match its layer; please add it again.", de: "Ein Bild passt nicht zu seiner Ebene; bitte füge es erneut hinzu." },
  missing_glyphs: { en: "The font cannot write {chars}.", de: "Die Schrift kann {chars} nicht darstellen." },
};

export class DesignDocumentError extends Error {
  constructor(
    readonly code: DesignDocumentCode,
    readonly params: Record<string, string | number> = {},
  ) {
    super(designDocumentMessage(code, params, "en"));
    this.name = "DesignDocumentError";
  }
  /** the message in a locale ("de…" → German, anything else English) */
  localized(locale: string | undefined): string {
    return designDocumentMessage(this.code, this.params, locale);
  }
}

export function designDocumentMessage(code: DesignDocumentCode, params: Record<string, string | number>, locale: string | undefined): string {
  const m = MESSAGES[code][locale?.toLowerCase().startsWith("de") ? "de" : "en"];
  return m.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? ""));
}
