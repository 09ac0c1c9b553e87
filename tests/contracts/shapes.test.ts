/** The shared shapes in app/contracts/: one definition each, and the Python side agrees with it. */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { colorSchema, deltaE, hexToRgb, linearToSrgb, srgbToLinear } from "../../app/contracts/colour";
import { DEFAULTS as DPI_DEFAULTS, designDpi, printDpi } from "../../app/contracts/dpi";
import { DEFAULTS as PRINTFILE_DEFAULTS } from "../../app/contracts/printfile";
import { cmAt, pixelsAt, pixelsPerInch, PRINT_DPI } from "../../app/contracts/print-units";
import { DOCUMENT_DEFAULTS, layerDpi } from "../../app/designs/document/geometry";
import { canvasSize } from "../../app/orders/printfile/layout";
import { modelInfoSchema, stepModelInfoSchema } from "../../app/contracts/model-info";
import { cmRectToUv, placementFractions, placementSchema, printedRect } from "../../app/contracts/placement";
import { findArea, printAreaSchema, safeRect, type PrintArea } from "../../app/contracts/print-area";
import { VIEWS, viewSchema, viewsSchema } from "../../app/contracts/view";

const AREA: PrintArea = { name: "front", uv: { u0: 0.1, v0: 0.2, u1: 0.5, v1: 0.8 }, widthCm: 30, heightCm: 40 };

describe("view", () => {
  it("is the list Blender's cameras are named by", () => {
    const py = readFileSync("blender/scene/views.py", "utf8");
    const table = py.slice(py.indexOf("VIEWS = {"), py.indexOf("}", py.indexOf("VIEWS = {")));
    const names = [...table.matchAll(/^\s+"([a-z_]+)":/gm)].map((m) => m[1]);
    expect(names).toEqual([...VIEWS]);
  });
  it("refuses unknown views and empty or oversized lists", () => {
    expect(viewSchema.safeParse("side").success).toBe(false);
    expect(viewsSchema.safeParse([]).success).toBe(false);
    expect(viewsSchema.safeParse(["front", "back", "front", "back", "front"]).success).toBe(false);
    expect(viewsSchema.parse(["back"])).toEqual(["back"]);
  });
});

describe("colour", () => {
  it("validates a named #RRGGBB and round-trips sRGB ↔ linear", () => {
    expect(colorSchema.parse({ name: " Forest Green ", hex: "#2E8B57" })).toEqual({ name: "Forest Green", hex: "#2E8B57" });
    expect(colorSchema.safeParse({ name: "x", hex: "#2E8B5" }).success).toBe(false);
    expect(colorSchema.safeParse({ name: "", hex: "#2E8B57" }).success).toBe(false);
    for (let i = 0; i <= 255; i += 15) expect(Math.round(linearToSrgb(srgbToLinear(i / 255)) * 255)).toBe(i);
    expect(hexToRgb("#2E8B57")).toEqual([0x2e, 0x8b, 0x57]);
    expect(() => hexToRgb("green")).toThrow(/#RRGGBB/);
    expect(deltaE([0, 0, 0], [255, 255, 255])).toBeCloseTo(100, 0);
  });
});

describe("print area", () => {
  it("refuses inverted rectangles and a safe area outside the area", () => {
    expect(printAreaSchema.safeParse(AREA).success).toBe(true);
    expect(printAreaSchema.safeParse({ ...AREA, uv: { u0: 0.5, v0: 0.2, u1: 0.1, v1: 0.8 } }).success).toBe(false);
    expect(printAreaSchema.safeParse({ ...AREA, safe: { xCm: 2, yCm: 2, widthCm: 29, heightCm: 10 } }).success).toBe(false);
    expect(safeRect(AREA)).toEqual({ xCm: 0, yCm: 0, widthCm: 30, heightCm: 40 });
    expect(() => findArea([AREA], "back")).toThrow(/no print area "back" \(available: front\)/);
  });
});

describe("placement", () => {
  it("fractions by default, centimetres when given; the Blender form converts cm to fractions", () => {
    const p = placementSchema.parse({});
    expect(p).toEqual({ area: "front", scale: 0.8, offsetX: 0, offsetY: 0, rotationDeg: 0 });
    expect(printedRect(p, AREA, 100, 50)).toEqual({ widthCm: 24, heightCm: 12, centerXCm: 15, centerYCm: 20, rotationDeg: 0 });
    const cm = placementSchema.parse({ widthCm: 15, offsetXCm: 3, offsetYCm: -4 });
    expect(printedRect(cm, AREA, 100, 100)).toMatchObject({ widthCm: 15, centerXCm: 18, centerYCm: 16 });
    expect(placementFractions(cm, AREA)).toEqual({ area: "front", scale: 0.5, offsetX: 0.1, offsetY: -0.1, rotationDeg: 0 });
    expect(placementFractions(placementSchema.parse({ widthCm: 60 }), AREA).scale).toBe(1);
    expect(placementSchema.safeParse({ scale: 0 }).success).toBe(false);
    expect(placementSchema.safeParse({ offsetX: 0.6 }).success).toBe(false);
  });
  it("maps a cm rectangle to its UV rectangle and refuses one that leaves the area", () => {
    const uv = cmRectToUv(AREA, { xCm: 0, yCm: 0, widthCm: 15, heightCm: 40 });
    expect(uv.u0).toBeCloseTo(0.1, 12);
    expect(uv.u1).toBeCloseTo(0.3, 12);
    expect(uv.v1).toBeCloseTo(0.8, 12);
    expect(() => cmRectToUv(AREA, { xCm: 20, yCm: 0, widthCm: 15, heightCm: 1 })).toThrow(/does not fit/);
  });
});

describe("dpi", () => {
  it("is pixels per printed inch, the same whichever helper asks", () => {
    expect(printDpi(3000, 3000, 25.4, 25.4)).toBeCloseTo(300, 9);
    const d = designDpi(2400, 1200, AREA, { widthCm: 25.4 });
    expect(d.dpi).toBe(240);
    expect(d.printedHeightCm).toBeCloseTo(12.7, 9);
    expect(d.low).toBe(false);
    expect(designDpi(600, 600, AREA).low).toBe(true); // 600 px across 24 cm ≈ 63 dpi
  });
  it("print units: cm ↔ px at a DPI, and the two thresholds every part uses come from print-units.ts", () => {
    expect(pixelsAt(2.54, 300)).toBeCloseTo(300, 9);
    expect(cmAt(300, 150)).toBeCloseTo(5.08, 9);
    expect(pixelsPerInch(pixelsAt(30, 300), 30)).toBeCloseTo(300, 9);
    expect(canvasSize({ name: "front", widthCm: 30, heightCm: 40 }, PRINTFILE_DEFAULTS.dpi)).toEqual({ width: 3543, height: 4724 });
    expect(layerDpi({ widthPx: 1500, widthCm: 12.7 } as Parameters<typeof layerDpi>[0]).dpi).toBe(300);
    expect([DPI_DEFAULTS.minDpi, PRINTFILE_DEFAULTS.minDpi, DOCUMENT_DEFAULTS.fairDpi]).toEqual([PRINT_DPI.min, PRINT_DPI.min, PRINT_DPI.min]);
    expect([PRINTFILE_DEFAULTS.dpi, DOCUMENT_DEFAULTS.goodDpi]).toEqual([PRINT_DPI.good, PRINT_DPI.good]);
  });
  it("no other file under app/ writes the inch in centimetres (DPI maths lives in print-units.ts)", () => {
    const files = execFileSync("git", ["ls-files", "app"], { encoding: "utf8" }).split("\n").filter((f) => /\.(ts|tsx)$/.test(f) && f !== "app/contracts/print-units.ts");
    expect(files.filter((f) => /\b2\.54\b/.test(readFileSync(f, "utf8")))).toEqual([]);
  });
});

describe("model info", () => {
  it("the full record is strict; what a step reads needs only a name and print areas", () => {
    const full = { name: "card", title: "Card", productType: "other", licence: "built-in", author: "us", printAreas: [AREA], tintMaterials: [] };
    expect(modelInfoSchema.safeParse(full).success).toBe(true);
    expect(modelInfoSchema.safeParse({ ...full, productType: "boat" }).success).toBe(false);
    expect(stepModelInfoSchema.parse({ name: "card", printAreas: [AREA] }).tintMaterials).toEqual([]);
    expect(stepModelInfoSchema.safeParse({ name: "card", printAreas: [{ ...AREA, widthCm: -1 }] }).success).toBe(false);
  });
});
