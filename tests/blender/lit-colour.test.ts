/**
 * Issue 16's colour check on real renders: with the one studio rig, lit mid-tone fabric of the store's colours
 * matches the set colour in hero renders and in 2D mockups composed from Blender's passes (median Lab of the
 * front torso's mid-tone pixels within ΔE2000 6 for Forest Green and Beige; Black: L* 8–25 with folds that show,
 * L* p95 − p5 ≥ 8). Small renders (128², 16 samples) of the committed M tee; the passes of the same view pick
 * the torso pixels in the hero render, because hero and passes share one camera.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BlenderPool } from "../../app/blender/pool";
import { deltaE2000, hexToRgb as parseHex, rgbToLab as srgbToLab } from "../../app/contracts/colour";
import { composeMockup } from "../../app/mockups/compose/mockup";
import { litColour, type LitColour } from "../../app/mockups/measure/lit-colour";
import { decodePasses, type Passes } from "../../app/mockups/passes/format";
import type { ModelInfo } from "../../app/models/types";
import { GARMENTS, HAS_BLENDER } from "./helpers";

const TEE = path.join(GARMENTS, "tee.glb");
const INFO = JSON.parse(readFileSync(path.join(GARMENTS, "tee.json"), "utf8")) as ModelInfo;
const TORSO = INFO.printAreas.find((a) => a.name === "front")!.uv;
const SIZE = 128;
const STORE = { forest: "#2E8B57", beige: "#F5DEB3", black: "#000000" };

function expectMatches(r: LitColour, hex: string) {
  const dE = deltaE2000(r.lab, srgbToLab(parseHex(hex)));
  expect(r.midPixels, "mid-tone torso pixels").toBeGreaterThan(200);
  expect(dE, `${hex}: median lit mid-tone Lab ${r.lab.map((x) => x.toFixed(1)).join(", ")}`).toBeLessThanOrEqual(6);
}

function expectBlackWithFolds(r: LitColour) {
  expect(r.lab[0], "black mid-tone L*").toBeGreaterThanOrEqual(8);
  expect(r.lab[0], "black mid-tone L*").toBeLessThanOrEqual(25);
  expect(r.lSpread, "black torso L* p95 - p5").toBeGreaterThanOrEqual(8);
}

describe.skipIf(!HAS_BLENDER)("lit colour of the store's colours (Blender)", () => {
  let dir: string;
  let pool: BlenderPool;
  let passes: Passes;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "lit-colour-"));
    pool = new BlenderPool({ size: 1 });
    const out = { uv: path.join(dir, "uv.png"), shading: path.join(dir, "shading.png"), mask: path.join(dir, "mask.png") };
    await pool.run("passes", { model: TEE, view: "front", size: SIZE, samples: 16, out });
    passes = await decodePasses({ uv: readFileSync(out.uv), shading: readFileSync(out.shading), mask: readFileSync(out.mask) });
  }, 120_000);
  afterAll(async () => {
    await pool.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function hero(hex: string): Promise<LitColour> {
    const file = path.join(dir, `hero-${hex.slice(1)}.png`);
    await pool.run("hero", { model: TEE, view: "front", size: SIZE, samples: 16, color: { name: hex, hex }, out: file });
    const { data, info } = await sharp(file).raw().toBuffer({ resolveWithObject: true });
    return litColour(data, info.channels, passes, TORSO);
  }

  async function mockup(hex: string): Promise<LitColour> {
    const m = await composeMockup({ passes, printAreas: INFO.printAreas, color: hex, format: "png", size: SIZE });
    const { data, info } = await sharp(m.bytes).raw().toBuffer({ resolveWithObject: true });
    return litColour(data, info.channels, passes, TORSO);
  }

  it("hero renders: Forest Green and Beige within ΔE2000 6, Black dark with visible folds", async () => {
    expectMatches(await hero(STORE.forest), STORE.forest);
    expectMatches(await hero(STORE.beige), STORE.beige);
    expectBlackWithFolds(await hero(STORE.black));
  }, 180_000);

  it("2D mockups from the same passes: the same holds", async () => {
    expectMatches(await mockup(STORE.forest), STORE.forest);
    expectMatches(await mockup(STORE.beige), STORE.beige);
    expectBlackWithFolds(await mockup(STORE.black));
  });
});
