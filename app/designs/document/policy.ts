/**
 * What a merchant lets shoppers do in the editor: which print areas, fonts and text colours, how many layers,
 * whether uploads are allowed. App settings set the shop's policy; a block's settings may narrow it further
 * (never widen it): `narrowPolicy`. Browser-safe; the editor and the server read the same shape.
 */
import { z } from "zod";
import { DEFAULTS as DOC } from "../../contracts/design-document";
import { FONT_IDS } from "../text/fonts";

const hex = z.string().regex(/^#[0-9A-Fa-f]{6}$/);

export const DEFAULTS = {
  /** empty: every print area the model has */
  areas: [] as string[],
  fonts: [...FONT_IDS],
  colors: ["#111111", "#FFFFFF", "#2E8B57", "#F5DEB3", "#C8102E", "#1F4E9E"],
  maxLayers: DOC.maxLayers,
  uploads: true,
};

export const editorPolicySchema = z.object({
  areas: z.array(z.string().min(1).max(40)).max(16).default(DEFAULTS.areas),
  fonts: z.array(z.enum(FONT_IDS as [string, ...string[]])).min(1).max(FONT_IDS.length).default(DEFAULTS.fonts),
  colors: z.array(hex).min(1).max(24).default(DEFAULTS.colors),
  maxLayers: z.number().int().min(1).max(20).default(DEFAULTS.maxLayers),
  uploads: z.boolean().default(DEFAULTS.uploads),
});
export type EditorPolicy = z.infer<typeof editorPolicySchema>;
export type EditorPolicyInput = z.input<typeof editorPolicySchema>;

/** A block's settings applied over the shop's policy: intersections and minimums, so a block never widens it. */
export function narrowPolicy(shop: EditorPolicy, block: Partial<EditorPolicy>): EditorPolicy {
  const inter = <T>(a: T[], b: T[] | undefined) => (b && b.length ? a.filter((x) => b.includes(x)) : a);
  const upper = (xs: string[]) => xs.map((x) => x.toUpperCase());
  const areas = shop.areas.length ? inter(shop.areas, block.areas) : block.areas ?? [];
  const fonts = inter(shop.fonts, block.fonts);
  const colors = block.colors?.length ? shop.colors.filter((c) => upper(block.colors!).includes(c.toUpperCase())) : shop.colors;
  return {
    areas,
    fonts: fonts.length ? fonts : shop.fonts.slice(0, 1),
    colors: colors.length ? colors : shop.colors.slice(0, 1),
    maxLayers: Math.min(shop.maxLayers, block.maxLayers ?? shop.maxLayers),
    uploads: shop.uploads && (block.uploads ?? true),
  };
}

/** The print areas of a model the policy allows, in the model's order. */
export function allowedAreas<T extends { name: string }>(policy: EditorPolicy, areas: readonly T[]): T[] {
  return policy.areas.length ? areas.filter((a) => policy.areas.includes(a.name)) : [...areas];
}
