/**
 * smoothShadows on passes whose truth is known: a dark panel and a darker one side by side with a UV seam between
 * them, speckled as a path tracer leaves deep shadow, and a lit band carrying a knit pattern. The grain in the dark
 * must fall, the seam must stay where it is (no light pulled across it), and lit cloth must come out bit for bit.
 */
import { describe, expect, it } from "vitest";
import type { Passes } from "../../app/mockups/passes/format";
import { smoothShadows } from "../../app/mockups/passes/smooth-shadows";

const W = 96;
const H = 96;
const WHITE = 32768;

/** seeded noise in [-1, 1] */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return (s / 2 ** 32) * 2 - 1;
  };
}

function passes(): Passes {
  const n = W * H;
  const p: Passes = { width: W, height: H, u: new Uint16Array(n), v: new Uint16Array(n), cov: new Uint8Array(n), shade: new Uint16Array(n), mask: new Uint8Array(n) };
  const noise = rng(7);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const i = y * W + x;
      if (x < 4 || x >= W - 4 || y < 4) continue; // background around three sides
      p.cov[i] = 1;
      p.mask[i] = 255;
      const right = x >= W / 2;
      // two panels: their own UV islands (a jump at the seam), 1/256 of the texture per pixel
      p.u[i] = (right ? 40000 : 2000) + (x % (W / 2)) * 256;
      p.v[i] = 1000 + y * 256;
      if (y < 24) {
        // lit band with a knit: ±4 % in a 2 px pattern
        p.shade[i] = Math.round(0.8 * WHITE * (1 + 0.04 * (((x >> 1) + (y >> 1)) % 2 ? 1 : -1)));
      } else {
        // deep shadow, speckled ±50 %: 0.10 on the left panel, 0.16 on the right
        const base = (right ? 0.16 : 0.1) * WHITE;
        p.shade[i] = Math.round(base * (1 + 0.5 * noise()));
      }
    }
  }
  return p;
}

function stats(p: Passes, x0: number, x1: number, y0: number, y1: number) {
  const xs: number[] = [];
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) xs.push(p.shade[y * W + x]);
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
  return { mean, sd };
}

describe("smoothShadows", () => {
  const before = passes();
  const after = smoothShadows(before);

  it("takes most of the grain out of deep shadow and keeps its level", () => {
    const b = stats(before, 10, 40, 40, 90);
    const a = stats(after, 10, 40, 40, 90);
    expect(a.sd).toBeLessThan(b.sd / 3);
    expect(Math.abs(a.mean - b.mean) / b.mean).toBeLessThan(0.03);
  });

  it("does not pull light across a UV seam: the columns beside it keep their own panel's level", () => {
    const leftEdge = stats(after, W / 2 - 2, W / 2, 40, 90).mean;
    const rightEdge = stats(after, W / 2, W / 2 + 2, 40, 90).mean;
    expect(leftEdge / WHITE).toBeGreaterThan(0.095);
    expect(leftEdge / WHITE).toBeLessThan(0.105);
    expect(rightEdge / WHITE).toBeGreaterThan(0.152);
    expect(rightEdge / WHITE).toBeLessThan(0.168);
  });

  it("leaves lit cloth (its knit) and everything outside the silhouette exactly as rendered", () => {
    for (let y = 0; y < 24; y++) for (let x = 0; x < W; x++) expect(after.shade[y * W + x]).toBe(before.shade[y * W + x]);
    for (let y = 0; y < H; y++) for (const x of [0, 1, 2, 3, W - 1]) expect(after.shade[y * W + x]).toBe(before.shade[y * W + x]);
    expect(after.u).toBe(before.u); // the other passes are shared, not copied
    expect(before.shade).toEqual(passes().shade); // the input is not changed
  });
});
