/**
 * A model's title in the merchant's language. Built-in models have a title per locale (messages
 * `library.modelTitle.<name>`); imported models keep the title their marketplace gave them. The Library page,
 * the product page's base-model choice and its badge all name models through this one function.
 */
import type { T } from "../i18n/translate";

export function modelTitle(t: T, m: { name: string; title: string }): string {
  const key = `library.modelTitle.${m.name}`;
  const text = t(key);
  return text === key ? m.title : text;
}

/** A model's licence as shown: the built-in models' "built-in" in the merchant's language, any other as recorded. */
export const licenceLabel = (t: T, licence: string): string => (licence === "built-in" ? t("library.licenceBuiltIn") : licence);
