/**
 * Camera views: the one list every capability, job spec, CLI flag and the Blender protocol accept.
 * blender/scene/views.py keeps the same names (its VIEWS table); tests/contracts/shapes.test.ts checks the two agree.
 */
import { z } from "zod";

export const VIEWS = ["front", "back", "three_quarter", "flat_lay"] as const;

export const viewSchema = z.enum(VIEWS);
export type View = z.infer<typeof viewSchema>;

/** A job's views: one to all four, each at most once is not enforced (a repeat is harmless and cached). */
export const viewsSchema = z.array(viewSchema).min(1).max(VIEWS.length);

export const DEFAULTS = {
  /** the view a step or a command uses when none is named */
  view: "front" as View,
  /** the views a job renders when none are named */
  views: ["front"] as View[],
} as const;

/** Print areas a camera view shows; an area not listed for any view (e.g. "wrap") counts as visible everywhere. */
const VIEW_AREAS: Record<string, string[]> = {
  front: ["front", "left_sleeve", "right_sleeve", "wrap", "chest_left", "chest_right"],
  back: ["back", "left_sleeve", "right_sleeve", "wrap", "neck"],
  three_quarter: ["front", "left_sleeve", "right_sleeve", "wrap", "chest_left", "chest_right"],
  flat_lay: ["front", "wrap", "chest_left", "chest_right"],
};
const KNOWN_AREAS = new Set(Object.values(VIEW_AREAS).flat());

export function isVisible(area: string, view: string): boolean {
  return !KNOWN_AREAS.has(area) || (VIEW_AREAS[view] ?? []).includes(area);
}
