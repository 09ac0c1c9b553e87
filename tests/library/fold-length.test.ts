/**
 * foldLength (app/library/flat-lay-measures.ts): a tape along a fold line of the cut, on a garment lying flat. A
 * strip of triangles 50 cm long whose rows sit alternately 1 cm left and right (a fold crossing the mesh's
 * triangles zig-zags like that) reads within 3 % of 50 cm along its centre line, where the line's shadow reads several cm long;
 * a strip bent in a right angle keeps the length of its two legs.
 */
import { describe, expect, it } from "vitest";
import { isoLength, type Mesh } from "../../app/library/flat-measures";
import { foldLength } from "../../app/library/flat-lay-measures";

/** Two columns of vertices (u 0.4 and 0.6) in rows 2.5 cm apart along v; place(row, side) gives x, y in metres. */
function strip(rows: number, place: (row: number, side: number) => [number, number]): { m: Mesh; set: Set<number> } {
  const pos: number[] = [], uv: number[] = [], tri: number[] = [];
  for (let r = 0; r < rows; r++) {
    for (const side of [0, 1]) {
      const [x, y] = place(r, side);
      pos.push(x, y, 0);
      uv.push(0.4 + 0.2 * side, r / (rows - 1));
    }
    if (r > 0) {
      const [a, b, c, d] = [2 * r - 2, 2 * r - 1, 2 * r, 2 * r + 1];
      tri.push(a, b, d, a, d, c);
    }
  }
  const m = { pos: Float64Array.from(pos), uv: Float64Array.from(uv), tri: Uint32Array.from(tri) };
  return { m, set: new Set(Array.from({ length: 2 * rows }, (_, i) => i)) };
}

describe("foldLength", () => {
  it("follows a zig-zagging fold's line, not the zig-zag", () => {
    const { m, set } = strip(21, (r, side) => [(side ? 0.03 : -0.03) + (r % 2 ? 0.01 : -0.01), r * 0.025]);
    expect(isoLength(m, set, 0, 0.5, true), "the shadow of the zig-zag").toBeGreaterThan(55);
    const got = foldLength(m, set, 0, 0.5);
    expect(got).toBeGreaterThan(49.5);
    expect(got, "within 3 % of the line").toBeLessThan(51.5);
  });

  it("keeps a straight strip's length and a bent one's legs", () => {
    const straight = strip(21, (r, side) => [side ? 0.03 : -0.03, r * 0.025]);
    expect(foldLength(straight.m, straight.set, 0, 0.5)).toBeCloseTo(50, 1);
    // 25 cm up, then 25 cm out to the side: the corner is cut by a centimetre or two at most
    const bent = strip(21, (r, side) => (r <= 10 ? [side ? 0.03 : -0.03, r * 0.025] : [(r - 10) * 0.025, 0.25 + (side ? -0.03 : 0.03)]));
    const got = foldLength(bent.m, bent.set, 0, 0.5);
    expect(got).toBeGreaterThan(47);
    expect(got).toBeLessThanOrEqual(50.5);
  });
});
