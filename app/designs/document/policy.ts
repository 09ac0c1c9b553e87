/**
 * The editor policy's defaults and rules, without zod (the storefront bundle imports this; the schema is
 * app/contracts/editor-policy.ts). App settings set the shop's policy; a block's settings may narrow it, never
 * widen it.
 */
import { DOCUMENT_DEFAULTS } from "./geometry";
import { FONT_IDS } from "../text/fonts";

export interface EditorPolicy {
  /** print area names; empty: every print area the model has */
  areas: string[];
  fonts: string[];
  colors: string[];
  maxLayers: number;
  uploads: boolean;
}

export const POLICY_DEFAULTS: Readonly<EditorPolicy> = {
  areas: [],
  fonts: [...FONT_IDS],
  colors: ["#111111", "#FFFFFF", "#2E8B57", "#F5DEB3", "#C8102E", "#1F4E9E"],
  maxLayers: DOCUMENT_DEFAULTS.maxLayers,
  uploads: true,
};

/** A block's settings applied over the shop's policy: intersections and minimums. */
export function narrowPolicy(shop: EditorPolicy, block: Partial<EditorPolicy>): EditorPolicy {
  const inter = <T>(a: T[], b: T[] | undefined) => (b && b.length ? a.filter((x) => b.includes(x)) : a);
  const wanted = (block.colors ?? []).map((c) => c.toUpperCase());
  const areas = shop.areas.length ? inter(shop.areas, block.areas) : (block.areas ?? []);
  const fonts = inter(shop.fonts, block.fonts);
  const colors = wanted.length ? shop.colors.filter((c) => wanted.includes(c.toUpperCase())) : shop.colors;
  return {
    areas,
    fonts: fonts.length ? fonts : shop.fonts.slice(0, 1),
    colors: colors.length ? colors : shop.colors.slice(0, 1),
    maxLayers: Math.min(shop.maxLayers, block.maxLayers ?? shop.maxLayers),
    uploads: shop.uploads && (block.uploads ?? true),
  };
}
