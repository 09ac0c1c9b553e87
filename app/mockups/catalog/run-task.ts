/** Runs one MockupTask in the current thread (the worker's body; also used in-process when threads = 0). */
import { readFile } from "node:fs/promises";
import { composeMockup } from "../compose/mockup";
import { sharedPassCache } from "../shared-caches";
import type { MockupTask, TaskResult } from "./task";

const designBytes = new Map<string, Promise<Buffer>>();

export async function runTask(t: MockupTask): Promise<TaskResult> {
  const t0 = performance.now();
  try {
    const passes = await sharedPassCache().get(t.passKeys, t.size, async () => ({
      uv: await readFile(t.passPaths.uv),
      shading: await readFile(t.passPaths.shading),
      mask: await readFile(t.passPaths.mask),
    }));
    let design = null;
    if (t.design) {
      let bytes = designBytes.get(t.design.key);
      if (!bytes) {
        bytes = readFile(t.design.path);
        bytes.catch(() => designBytes.delete(t.design!.key));
        designBytes.set(t.design.key, bytes);
        if (designBytes.size > 2) designBytes.delete(designBytes.keys().next().value as string);
      }
      design = { key: t.design.key, bytes: await bytes };
    }
    const m = await composeMockup({
      passes,
      printAreas: t.printAreas,
      color: t.color,
      design,
      placement: t.placement,
      format: t.format,
      size: t.size,
      backdrop: t.backdrop as string | undefined,
    });
    return { id: t.id, ok: true, bytes: new Uint8Array(m.bytes), width: m.width, height: m.height, mediaType: m.mediaType, ms: performance.now() - t0 };
  } catch (err) {
    return { id: t.id, ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}
