/**
 * How server-made text is written: the message keys + values (JSON, rendered in the reader's language) beside
 * the English text (for the CLI, logs, /healthz and rows written before decision 093).
 */
import en from "./en.json" with { type: "json" };
import { renderMsg, type Msg } from "./message";
import { makeT } from "./translate";

// our English catalogue only (not Polaris'): workers write notifications too
const english = makeT(en);

/** English text of messages, one a line. */
export function englishText(lines: Msg | Msg[]): string {
  return (Array.isArray(lines) ? lines : [lines]).map((m) => renderMsg(english, m)).join("\n");
}

/** The pair a row stores: `message` (English, cut to `max`) and `messageI18n` (JSON). */
export function storedText(lines: Msg | Msg[], max = 4000): { message: string; messageI18n: string } {
  return { message: englishText(lines).slice(0, max), messageI18n: JSON.stringify(lines) };
}
