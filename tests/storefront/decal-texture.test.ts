/**
 * The decal texture of a shopper's upload (app/storefront/decal-glb.ts): the design's own pixels in a transparent
 * margin (wide enough for the viewer's mipmaps), placed by KHR_texture_transform; clipped to the print area as the
 * print is; capped in density; a rotated placement drawn into an area-sized texture instead.
 */
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import type { PrintArea } from "../../app/contracts/print-area";
import { areaTransform, decalMargin, decalTexture, type DecalTexture } from "../../app/storefront/decal-glb";

/** the texture's size for an n-texel design: its margin on both sides, rounded up to whole 32-texel blocks */
const sized = (w: number, h: number) => {
  const m = decalMargin(w, h);
  return [Math.ceil((w + 2 * m) / 32) * 32, Math.ceil((h + 2 * m) / 32) * 32];
};

const AREA: PrintArea = { name: "front", uv: { u0: 0.2, v0: 0.1, u1: 0.6, v1: 0.5 }, widthCm: 30, heightCm: 40 };

/** a w×h design: left half red, right half blue, fully opaque */
async function halves(w: number, h: number): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><rect width="${w / 2}" height="${h}" fill="#ff0000"/><rect x="${w / 2}" width="${w / 2}" height="${h}" fill="#0000ff"/></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

/** the texel a model UV lands on (nearest), or null where CLAMP_TO_EDGE shows the transparent border */
async function sampler(t: DecalTexture) {
  const { data, info } = await sharp(t.png).raw().toBuffer({ resolveWithObject: true });
  return (fx: number, fy: number) => {
    const u = AREA.uv.u0 + fx * (AREA.uv.u1 - AREA.uv.u0), v = AREA.uv.v0 + fy * (AREA.uv.v1 - AREA.uv.v0);
    const s = t.transform.offset[0] + t.transform.scale[0] * u, r = t.transform.offset[1] + t.transform.scale[1] * v;
    const x = Math.min(info.width - 1, Math.max(0, Math.floor(s * info.width))), y = Math.min(info.height - 1, Math.max(0, Math.floor(r * info.height)));
    const i = (y * info.width + x) * 4;
    return { r: data[i], g: data[i + 1], b: data[i + 2], a: data[i + 3] };
  };
}

describe("decalTexture", () => {
  it("puts the design's own pixels where the placement says: 50 % wide, centred, 20 % right of centre", async () => {
    const t = await decalTexture(await halves(300, 200), "front", [AREA], { scale: 0.5, offsetX: 0.2 });
    expect([t.width, t.height]).toEqual(sized(300, 200)); // no resampling: 300 px < 1024 × 50 %
    const at = await sampler(t);
    // design spans x 45 %…95 % of the area; height 0.5·30·200/300 = 10 cm of 40 → y 37.5 %…62.5 %
    expect(at(0.55, 0.5)).toMatchObject({ r: 255, b: 0, a: 255 });
    expect(at(0.85, 0.5)).toMatchObject({ r: 0, b: 255, a: 255 });
    expect(at(0.4, 0.5).a).toBe(0);
    expect(at(0.7, 0.3).a).toBe(0);
    expect(at(0.7, 0.7).a).toBe(0);
    expect(at(0.46, 0.39).a).toBe(255);
    expect(at(0.94, 0.61).a).toBe(255);
  });

  it("clips what leaves the area (the print is clipped there): a design hanging off the right edge", async () => {
    const t = await decalTexture(await halves(400, 200), "front", [AREA], { scale: 0.8, offsetX: 0.4 });
    // the design spans 50 %…130 % of the width: its right 30/80 is cut, leaving 250 of 400 columns
    expect(t.width).toBe(sized(250, 200)[0]);
    const at = await sampler(t);
    expect(at(0.6, 0.5)).toMatchObject({ r: 255, a: 255 });
    expect(at(0.97, 0.5)).toMatchObject({ b: 255, a: 255 });
    // just past the area's edge (the decal layer's margin triangles) nothing shows
    expect(at(1.02, 0.5).a).toBe(0);
    expect(at(1.04, 0.5).a).toBe(0);
  });

  it("a huge design is scaled down to 1024 texels across the area, keeping its aspect", async () => {
    const t = await decalTexture(await halves(4000, 2000), "front", [AREA], { scale: 1 });
    expect([t.width, t.height]).toEqual(sized(1024, 512));
    const at = await sampler(t);
    expect(at(0.25, 0.5)).toMatchObject({ r: 255, a: 255 });
    expect(at(0.75, 0.5)).toMatchObject({ b: 255, a: 255 });
  });

  it("a rotated placement is drawn into an area-sized texture, mapped onto the whole area", async () => {
    const t = await decalTexture(await halves(300, 200), "front", [AREA], { scale: 0.5, rotationDeg: 90 });
    expect(t.transform).toEqual(areaTransform(AREA));
    expect([t.width, t.height]).toEqual([1024, Math.round((1024 * 40) / 30)]);
    const at = await sampler(t);
    // turned clockwise: the red (left) half is now on top, the blue below
    expect(at(0.5, 0.45)).toMatchObject({ r: 255, a: 255 });
    expect(at(0.5, 0.55)).toMatchObject({ b: 255, a: 255 });
    expect(at(0.5, 0.1).a).toBe(0);
  });

  it("the margin stays transparent at the mip levels a viewer samples (no clamped smear over the garment)", async () => {
    const t = await decalTexture(await halves(560, 540), "front", [AREA], { scale: 0.8 });
    expect([t.width, t.height]).toEqual(sized(560, 540));
    // mip level 4 as a GPU builds it (2 × 2 box filter, four times = 16 × 16 blocks): the edge texels of that level,
    // which CLAMP_TO_EDGE repeats over the garment outside the design, are fully transparent
    const { data } = await sharp(t.png).raw().toBuffer({ resolveWithObject: true });
    const b = 16, w = t.width / b, h = t.height / b;
    let edge = 0;
    for (let by = 0; by < h; by++) for (let bx = 0; bx < w; bx++) {
      if (bx !== 0 && by !== 0 && bx !== w - 1 && by !== h - 1) continue;
      let sum = 0;
      for (let y = by * b; y < (by + 1) * b; y++) for (let x = bx * b; x < (bx + 1) * b; x++) sum += data[(y * t.width + x) * 4 + 3];
      edge = Math.max(edge, sum);
    }
    expect(edge).toBe(0);
  });

  it("decoded pixels and the PNG give the same texture", async () => {
    const png = await halves(300, 200);
    const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    const a = await decalTexture(png, "front", [AREA], { scale: 0.5 });
    const b = await decalTexture({ data, width: info.width, height: info.height }, "front", [AREA], { scale: 0.5 });
    expect(b.transform).toEqual(a.transform);
    expect(Buffer.compare((await sharp(a.png).raw().toBuffer()), await sharp(b.png).raw().toBuffer())).toBe(0);
  });
});
