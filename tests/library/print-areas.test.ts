/** Designs placed on library print areas by centimetres, and their print DPI. */
import { describe, expect, it } from "vitest";
import { listModels } from "../../app/library/index";
import { findArea, fitToArea, placeByCm, printDpi } from "../../app/library/print-areas";

describe("print areas", () => {
  const tote = listModels().find((m) => m.name === "tote")!;
  const front = findArea(tote.printAreas, "front");

  it("a design filling the area covers exactly the area's UV rect", () => {
    const uv = placeByCm(front, { widthCm: front.widthCm, heightCm: front.heightCm });
    for (const k of ["u0", "v0", "u1", "v1"] as const) expect(uv[k]).toBeCloseTo(front.uv[k], 12);
  });

  it("a 10 × 10 cm design in the top-left corner maps proportionally", () => {
    const uv = placeByCm(front, { xCm: 5, yCm: 5, widthCm: 10, heightCm: 10 });
    expect(uv.u0).toBeCloseTo(front.uv.u0, 12);
    expect(uv.v0).toBeCloseTo(front.uv.v0, 12);
    expect((uv.u1 - uv.u0) / (front.uv.u1 - front.uv.u0)).toBeCloseTo(10 / front.widthCm, 12);
    expect((uv.v1 - uv.v0) / (front.uv.v1 - front.uv.v0)).toBeCloseTo(10 / front.heightCm, 12);
  });

  it("refuses designs that leave the area and unknown area names", () => {
    expect(() => placeByCm(front, { xCm: 2, widthCm: 10, heightCm: 10 })).toThrow(/does not fit/);
    expect(() => placeByCm(front, { widthCm: front.widthCm + 1, heightCm: 1 })).toThrow(/does not fit/);
    expect(() => findArea(tote.printAreas, "sleeve")).toThrow(/no print area "sleeve"/);
  });

  it("computes print DPI: 3000 px across 25.4 cm is 300 dpi; the lower axis wins", () => {
    expect(printDpi(3000, 3000, 25.4, 25.4)).toBeCloseTo(300, 9);
    expect(printDpi(3000, 1500, 25.4, 25.4)).toBeCloseTo(150, 9);
    const fit = fitToArea(front, 3000, 3000); // square image in a 30 × 35 cm area: 30 cm wide
    expect(fit.widthCm).toBeCloseTo(30, 9);
    expect(fit.dpi).toBeCloseTo(3000 / (30 / 2.54), 6);
  });
});
