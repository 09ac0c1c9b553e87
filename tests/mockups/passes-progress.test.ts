/**
 * A first compose at a new size says that it is rendering passes (issue 16), rather than sitting silent for
 * minutes: LocalWorkspace.passKeys logs a start line naming the model, view and size, then "passes ready"; a
 * second call at the same size is served from the index without rendering (no start line). A 96² pass set keeps
 * the real Blender render short. The 5 s "still rendering" ticker is not asserted (no timed assertions).
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { LocalWorkspace } from "../../app/mockups/local-workspace";
import { HAS_BLENDER } from "../blender/helpers";

describe.skipIf(!HAS_BLENDER)("passes progress", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "passes-progress-"));
  const ws = new LocalWorkspace(dir);
  afterAll(async () => {
    await ws.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("announces the first render at a size, reports when it is ready, and is quiet when cached", async () => {
    const lines: string[] = [];
    const first = await ws.passKeys("tee", "front", { size: 96, renderer: "blender", log: (l) => lines.push(l) });
    expect(first.renderer).toBe("blender");
    expect(lines[0]).toMatch(/^rendering tee\/front passes at 96² with Blender/);
    expect(lines[lines.length - 1]).toMatch(/passes ready in \d+ s/);
    const again: string[] = [];
    const second = await ws.passKeys("tee", "front", { size: 96, renderer: "blender", log: (l) => again.push(l) });
    expect(second.keys).toEqual(first.keys);
    expect(again).toEqual([]);
  }, 600_000);
});
