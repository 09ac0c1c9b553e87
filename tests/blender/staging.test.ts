/** Staged Blender inputs: reuse keeps the model's mtime (the worker's scene key) and marks it used; pruning removes only the unused. */
import { mkdirSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync, existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AssetStore } from "../../app/assets/store/types";
import { pruneStaged, stageModel } from "../../app/blender/staging";

const DAY = 24 * 60 * 60 * 1000;
let dir: string;

/** an asset store that only serves one GLB and counts reads */
function store() {
  const s = { reads: 0 };
  const assets = {
    async get() {
      s.reads++;
      return Buffer.from("glTF-not-really");
    },
  } as unknown as AssetStore;
  return { s, assets };
}

function old(file: string, ageMs: number) {
  const t = new Date(Date.now() - ageMs);
  utimesSync(file, t, t);
}

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "stage-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("Blender staging", () => {
  it("stages a model once; a later use marks it used without changing its mtime", async () => {
    const { s, assets } = store();
    const key = "a".repeat(64);
    const file = await stageModel(assets, key, dir);
    old(file, 2 * DAY);
    const mtime = statSync(file).mtimeMs;
    expect(await stageModel(assets, key, dir)).toBe(file);
    expect(s.reads).toBe(1);
    expect(statSync(file).mtimeMs).toBe(mtime); // the worker keeps its scene for an unchanged mtime
    expect(statSync(file).atimeMs).toBeGreaterThan(Date.now() - 60_000);
    expect((await pruneStaged({ dir })).removed).toBe(0);
  });

  it("prunes staged files and leftover job directories unused for longer than the limit, and nothing else", async () => {
    for (const sub of ["models", "designs", "jobs/hero-x"]) mkdirSync(path.join(dir, sub), { recursive: true });
    const files = {
      oldModel: path.join(dir, "models", `${"b".repeat(64)}.glb`),
      newModel: path.join(dir, "models", `${"c".repeat(64)}.glb`),
      oldDesign: path.join(dir, "designs", `${"d".repeat(64)}.png`),
      jobOut: path.join(dir, "jobs/hero-x", "out.png"),
    };
    for (const f of Object.values(files)) writeFileSync(f, Buffer.alloc(1000));
    old(files.oldModel, 2 * DAY);
    old(files.oldDesign, 2 * DAY);
    old(path.join(dir, "jobs/hero-x"), 2 * DAY);

    const dry = await pruneStaged({ dir, dryRun: true });
    expect(dry).toEqual({ removed: 3, bytes: 2000 });
    expect(Object.values(files).every((f) => existsSync(f))).toBe(true);

    expect(await pruneStaged({ dir })).toEqual({ removed: 3, bytes: 2000 });
    expect(existsSync(files.oldModel)).toBe(false);
    expect(existsSync(files.oldDesign)).toBe(false);
    expect(existsSync(path.join(dir, "jobs/hero-x"))).toBe(false);
    expect(existsSync(files.newModel)).toBe(true);
    expect((await pruneStaged({ dir, maxAgeMs: DAY, now: new Date(Date.now() + 2 * DAY) })).removed).toBe(1);
  });

  it("is a no-op on a missing staging directory", async () => {
    expect(await pruneStaged({ dir: path.join(dir, "nope") })).toEqual({ removed: 0, bytes: 0 });
  });
});
