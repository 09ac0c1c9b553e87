/**
 * What a merchant lets shoppers do in the design editor: which print areas, fonts and text colours, how many
 * layers per print area, whether image uploads are allowed. Stored in the shop's settings (app settings page),
 * narrowed per block by its theme-editor settings (app/designs/document/policy.ts), enforced by the server.
 */
import { z } from "zod";
import { FONT_IDS } from "../designs/text/fonts";
import { POLICY_DEFAULTS, type EditorPolicy } from "../designs/document/policy";

export const DEFAULTS = POLICY_DEFAULTS;
export type { EditorPolicy };

const hex = z.string().regex(/^#[0-9A-Fa-f]{6}$/, "colours are #RRGGBB");

export const editorPolicySchema = z.object({
  /** print area names; empty: every print area the model has */
  areas: z.array(z.string().min(1).max(40)).max(16).default([...DEFAULTS.areas]),
  fonts: z.array(z.enum(FONT_IDS as [string, ...string[]])).min(1).max(FONT_IDS.length).default([...DEFAULTS.fonts]),
  colors: z.array(hex).min(1).max(24).default([...DEFAULTS.colors]),
  maxLayers: z.number().int().min(1).max(20).default(DEFAULTS.maxLayers),
  uploads: z.boolean().default(DEFAULTS.uploads),
});
export type EditorPolicyInput = z.input<typeof editorPolicySchema>;
