/**
 * The admin settings form for the shopper editor's rules (issue 14): what the form sends, checked with zod into
 * the editor-policy contract, each refusal a message key (shown in the merchant's language beside its field),
 * saved through `saveEditorPolicy` (the shop's settings section `editor`), which the storefront enforces.
 */
import { z } from "zod";
import { editorPolicySchema, type EditorPolicy } from "../contracts/editor-policy";
import type { Db } from "../db/client.server";
import { FONT_IDS } from "../designs/text/fonts";
import { customIssue, zodIssues, type InputIssue } from "../i18n/issues.server";
import { listModels } from "../library/list";
import { readEditorPolicy, saveEditorPolicy } from "../storefront/editor-policy-store.server";

/** Print areas any library model has, in a stable order: what the form offers. */
export function editorAreaOptions(): string[] {
  const names = new Set<string>();
  for (const m of listModels()) for (const a of m.printAreas) names.add(a.name);
  return [...names];
}

const HEX = /^#[0-9A-Fa-f]{6}$/;

/** The form as sent: lists of checked boxes, the colours as typed, the layer count as typed. */
const formSchema = z
  .object({
    areas: z.array(z.string().max(40)).max(16),
    fonts: z.array(z.string().max(40)).max(FONT_IDS.length),
    colors: z.string().max(400),
    maxLayers: z.union([z.string().max(10), z.number()]),
    uploads: z.boolean(),
  })
  .superRefine((f, ctx) => {
    const known = new Set(editorAreaOptions());
    if (!f.areas.length) customIssue(ctx, "editorNoArea");
    for (const a of f.areas) if (!known.has(a)) customIssue(ctx, "editorUnknownArea", { area: a });
    if (!f.fonts.length) customIssue(ctx, "editorNoFont");
    for (const id of f.fonts) if (!FONT_IDS.includes(id)) customIssue(ctx, "editorUnknownFont", { font: id });
    const typed = f.colors.split(/[,\s]+/).filter(Boolean);
    if (!typed.length) customIssue(ctx, "editorNoColour");
    for (const c of typed) if (!HEX.test(c.startsWith("#") ? c : `#${c}`)) customIssue(ctx, "editorColour", { value: c.slice(0, 20) });
    const colors = splitColors(f.colors);
    if (colors.length > 24) customIssue(ctx, "editorTooManyColours", { max: 24 });
    const n = Number(f.maxLayers);
    if (!Number.isInteger(n) || n < 1 || n > 20) customIssue(ctx, "editorMaxLayers", { min: 1, max: 20 });
  });

const splitColors = (s: string) => s.split(/[,\s]+/).map((c) => c.trim()).filter(Boolean).map((c) => (c.startsWith("#") ? c : `#${c}`).toUpperCase());

/** Issues are tagged with the field they belong to, so the form shows each under its own input. */
const FIELD: Record<string, string> = {
  editorNoArea: "areas",
  editorUnknownArea: "areas",
  editorNoFont: "fonts",
  editorUnknownFont: "fonts",
  editorNoColour: "colors",
  editorColour: "colors",
  editorTooManyColours: "colors",
  editorMaxLayers: "maxLayers",
};

export type EditorPolicyResult = { ok: true; policy: EditorPolicy } | { ok: false; issues: InputIssue[] };

/** Checks and saves the form; nothing is written when any field is refused. */
export async function saveEditorPolicyForm(db: Db, shop: string, input: unknown): Promise<EditorPolicyResult> {
  const parsed = formSchema.safeParse(input);
  if (!parsed.success) {
    const issues = zodIssues(parsed.error.issues).map((i) => {
      const key = i.msg.key.replace(/^msg\.input\./, "");
      return { ...i, path: FIELD[key] ?? i.path };
    });
    return { ok: false, issues };
  }
  const f = parsed.data;
  // every area checked = no restriction, so areas of models added later are allowed too
  const all = editorAreaOptions().every((a) => f.areas.includes(a));
  const policy = editorPolicySchema.parse({ areas: all ? [] : f.areas, fonts: f.fonts, colors: splitColors(f.colors), maxLayers: Number(f.maxLayers), uploads: f.uploads });
  return { ok: true, policy: await saveEditorPolicy(db, shop, policy) };
}

export { readEditorPolicy };
