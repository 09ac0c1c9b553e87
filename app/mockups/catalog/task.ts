/** What a catalog worker thread is asked to do, and what it answers (structured-clone friendly). */
import type { PrintArea } from "../../contracts/print-area";
import type { PlacementInput } from "../../contracts/placement";
import type { MockupFormat, MockupSize } from "../compose/mockup";

export interface MockupTask {
  id: number;
  /** pass asset keys (cache identity) and readable file paths */
  passKeys: { uv: string; shading: string; mask: string };
  passPaths: { uv: string; shading: string; mask: string };
  printAreas: PrintArea[];
  design: { key: string; path: string } | null;
  color: string;
  placement: PlacementInput;
  size: MockupSize;
  format: MockupFormat;
  backdrop?: string;
}

export type TaskResult =
  | { id: number; ok: true; bytes: Uint8Array; width: number; height: number; mediaType: string; ms: number }
  | { id: number; ok: false; error: string };
