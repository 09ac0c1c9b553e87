import { describe, expect, it } from "vitest";
import { nearestUvVertex, printAreaIslands } from "../../app/library/print-area-islands";

const area = (name: string, u0: number, v0: number, u1: number, v1: number) =>
  ({ name, uv: { u0, v0, u1, v1 } }) as unknown as Parameters<typeof printAreaIslands>[2][number];

describe("print area → panel island", () => {
  // two panels side by side in UV: vertices 0–2 on island 7 (u < 0.5), 3–5 on island 9 (u > 0.5)
  const uv = Float64Array.from([0.1, 0.1, 0.4, 0.1, 0.25, 0.4, 0.6, 0.1, 0.9, 0.1, 0.75, 0.4]);
  const island = Int32Array.from([7, 7, 7, 9, 9, 9]);

  it("finds the vertex nearest in UV", () => {
    expect(nearestUvVertex(uv, 0.74, 0.38)).toBe(5);
    expect(nearestUvVertex(uv, 0.12, 0.09)).toBe(0);
    expect(nearestUvVertex(new Float64Array(), 0.5, 0.5)).toBe(-1);
  });

  it("names each print area's island by the centre of its rectangle", () => {
    const got = printAreaIslands(uv, island, [area("front", 0.05, 0.05, 0.45, 0.45), area("back", 0.55, 0.05, 0.95, 0.45)]);
    expect([...got]).toEqual([["front", 7], ["back", 9]]);
  });
});
