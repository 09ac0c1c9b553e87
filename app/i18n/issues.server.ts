/**
 * Input-validation issues with a message key (decision 093): zod's built-in checks are mapped by issue code to
 * our own wording (app/i18n/*.json `msg.input.*`), a custom check carries its key in `params.i18n`
 * (`customIssue`). The English text stays in `message` for logs, the CLI and existing callers.
 */
import type { z } from "zod";
import { msg, type Msg, type MsgValue } from "./message";
import { englishText } from "./stored.server";

export interface InputIssue {
  /** dotted path of the field ("placements.0.designId"), "" for the whole input */
  path: string;
  /** English text */
  message: string;
  /** the same as a message key + values */
  msg: Msg;
}

type RefineCtx = { addIssue(issue: { code: "custom"; message: string; params: { i18n: Msg } }): void };

/** Adds a custom issue whose text is `msg.input.<key>` (English message and the key both). */
export function customIssue(ctx: RefineCtx, key: string, vars?: Record<string, MsgValue>): void {
  const m = msg(`msg.input.${key}`, vars);
  ctx.addIssue({ code: "custom", message: englishText(m), params: { i18n: m } });
}

/** An issue of our own (not from zod). */
export function inputIssue(path: string, key: string, vars?: Record<string, MsgValue>): InputIssue {
  const m = msg(`msg.input.${key}`, vars);
  return { path, message: englishText(m), msg: m };
}

const TYPES = new Set(["string", "number", "int", "boolean", "array", "object"]);
const typeMsg = (t: string): Msg => (TYPES.has(t) ? msg(`msg.input.type.${t}`) : msg("msg.input.type.other", { expected: t }));

/**
 * Messages the shared contracts (app/contracts/, browser-safe, no catalogue) give their checks, by their exact
 * English text; tests/admin/server-text-i18n.test.ts proves each is what the schema says.
 */
export const CONTRACT_MESSAGES: Record<string, string> = {
  "model must be a library name like tee or hoodie": "msg.input.modelName",
  "colour must be #RRGGBB": "msg.input.hex",
  "one design per view and print area": "msg.input.onePerArea",
};

/** The message key + values of one zod issue. */
export function zodIssueMsg(issue: z.core.$ZodIssue): Msg {
  const contract = CONTRACT_MESSAGES[issue.message];
  if (contract) return msg(contract);
  switch (issue.code) {
    case "custom": {
      const m = (issue.params as { i18n?: Msg } | undefined)?.i18n;
      return m ?? msg("msg.raw", { text: issue.message });
    }
    case "invalid_type":
      return msg("msg.input.invalidType", { expected: typeMsg(String(issue.expected)) });
    case "too_small":
    case "too_big": {
      const small = issue.code === "too_small";
      const n = Number(small ? issue.minimum : issue.maximum);
      const base = small ? "tooSmall" : "tooBig";
      if (issue.origin === "string") return msg(`msg.input.${base}String`, { count: n });
      if (issue.origin === "array" || issue.origin === "set") return msg(`msg.input.${base}Array`, { count: n });
      return msg(`msg.input.${base}Number${issue.inclusive === false ? "Exclusive" : ""}`, { n });
    }
    case "invalid_value":
      return msg("msg.input.invalidValue", { values: issue.values.map((v) => String(v)).join(", ") });
    case "invalid_format":
      return msg("msg.input.invalidFormat", { format: issue.format });
    case "unrecognized_keys":
      return msg("msg.input.unknownKeys", { keys: issue.keys.join(", ") });
    case "not_multiple_of":
      return msg("msg.input.notMultipleOf", { divisor: Number(issue.divisor) });
    default:
      return msg("msg.input.invalid");
  }
}

/** zod issues as input issues (path, English text, message key). */
export function zodIssues(issues: readonly z.core.$ZodIssue[]): InputIssue[] {
  return issues.map((i) => {
    const m = zodIssueMsg(i);
    return { path: i.path.map(String).join("."), message: i.message, msg: m };
  });
}
