/**
 * Server-made text as a message key + values (decision 093), so the admin shows it in the reader's language:
 * stored notifications, job errors, health details and input-validation issues. A value may itself be a
 * message (the 3D model / the Beige image), rendered first. Shared by server and browser; no catalogue here.
 */
import { z } from "zod";
import type { T } from "./translate";

/** a list of messages is rendered joined with ", " */
export type MsgValue = string | number | Msg | Msg[];
export interface Msg {
  key: string;
  vars?: Record<string, MsgValue>;
}

export const msg = (key: string, vars?: Record<string, MsgValue>): Msg => (vars ? { key, vars } : { key });

const msgSchema: z.ZodType<Msg> = z.lazy(() =>
  z.object({ key: z.string().min(1).max(120), vars: z.record(z.string(), z.union([z.string(), z.number(), msgSchema, z.array(msgSchema).max(100)])).optional() }),
);

/** The text of a message in t()'s language: nested messages first, then `{name}` placeholders. */
export function renderMsg(t: T, m: Msg): string {
  const vars: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(m.vars ?? {})) {
    vars[k] = Array.isArray(v) ? v.map((x) => renderMsg(t, x)).join(", ") : typeof v === "object" ? renderMsg(t, v) : v;
  }
  return t(m.key, vars);
}

/** The messages a row stores (JSON text of one message or a list, one a line); null when absent or unreadable. */
export function parseMsgs(text: string | null | undefined): Msg[] | null {
  if (!text) return null;
  try {
    const r = z.union([msgSchema, z.array(msgSchema).max(200)]).safeParse(JSON.parse(text));
    return r.success ? (Array.isArray(r.data) ? r.data : [r.data]) : null;
  } catch {
    return null;
  }
}

/** An input issue as the admin shows it: "path: text" in t()'s language. */
export function issueText(t: T, issue: { path: string; msg: Msg }): string {
  const text = renderMsg(t, issue.msg);
  return issue.path ? t("msg.withPath", { path: issue.path, text }) : text;
}
