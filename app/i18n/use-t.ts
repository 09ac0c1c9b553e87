/** useT(): the page's t() and locale, from the app layout's loader data (routes/app). */
import { useRouteLoaderData } from "@remix-run/react";
import { useMemo } from "react";
import { DEFAULT_LOCALE, type Locale } from "./locale";
import { makeT, type Messages, type T } from "./translate";

export interface I18nData {
  locale: Locale;
  messages: Messages;
}

export function useI18n(): { t: T; locale: Locale } {
  const data = useRouteLoaderData("routes/app") as I18nData | undefined;
  const messages = data?.messages;
  const locale = data?.locale ?? DEFAULT_LOCALE;
  const t = useMemo(() => makeT(messages ?? {}, undefined, locale), [messages, locale]);
  return { t, locale };
}

export const useT = (): T => useI18n().t;
