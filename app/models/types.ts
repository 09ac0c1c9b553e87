/**
 * The model shapes, kept under their first names for existing imports. They are defined once, with zod, in
 * app/contracts/ (model-info.ts, print-area.ts, view.ts): new code imports those files.
 */
import type { View } from "../contracts/view";

export type { ModelInfo, ProductType } from "../contracts/model-info";
export type { PrintArea } from "../contracts/print-area";
export { VIEWS } from "../contracts/view";
export type ViewName = View;
