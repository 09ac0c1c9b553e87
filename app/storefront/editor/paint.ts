/**
 * The browser's drawing of an atlas plan (app/designs/document/atlas-plan.ts) on a 2D canvas: the same
 * transforms, in the same order, as the server's SVG (render-svg.ts). Used for the decal texture on the 3D model
 * and, one area at a time, for the 2D preview.
 */
import type { PlannedArea, PlannedLayer } from "../../designs/document/atlas-plan";

export type ImageSource = HTMLImageElement | HTMLCanvasElement | ImageBitmap;

const paths = new Map<string, Path2D>();
function pathOf(d: string): Path2D {
  let p = paths.get(d);
  if (!p) {
    p = new Path2D(d);
    if (paths.size > 64) paths.clear();
    paths.set(d, p);
  }
  return p;
}

/** Draws one layer in cm coordinates (the context is already in the area's cm space). */
export function drawLayer(ctx: CanvasRenderingContext2D, pl: PlannedLayer, images: ReadonlyMap<string, ImageSource>): void {
  const l = pl.layer;
  ctx.save();
  ctx.translate(l.xCm, l.yCm);
  ctx.rotate((l.rotationDeg * Math.PI) / 180);
  if (l.kind === "image") {
    const img = images.get(l.image);
    if (img) ctx.drawImage(img, -pl.widthCm / 2, -pl.heightCm / 2, pl.widthCm, pl.heightCm);
  } else if (l.outline) {
    ctx.scale(pl.outlineScale, pl.outlineScale);
    ctx.translate(-l.outline.width / 2, -l.outline.height / 2);
    ctx.fillStyle = l.color;
    ctx.fill(pathOf(l.outline.d));
  }
  ctx.restore();
}

/** Draws a planned area's layers, clipped to the area, in the area's cm space. */
export function drawAreaLayers(ctx: CanvasRenderingContext2D, p: PlannedArea, images: ReadonlyMap<string, ImageSource>): void {
  ctx.save();
  ctx.beginPath();
  ctx.rect(0, 0, p.area.widthCm, p.area.heightCm);
  ctx.clip();
  for (const pl of p.layers) drawLayer(ctx, pl, images);
  ctx.restore();
}

/**
 * The whole atlas: cleared to transparent, each area translated to its UV rectangle and scaled to pixels.
 * `flipY` draws it upside down, for a texture uploaded with three.js's default flipY (canvas textures).
 */
export function drawAtlas(ctx: CanvasRenderingContext2D, plan: PlannedArea[], size: number, images: ReadonlyMap<string, ImageSource>, flipY = false): void {
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, size, size);
  if (flipY) ctx.setTransform(1, 0, 0, -1, 0, size);
  for (const p of plan) {
    ctx.save();
    ctx.translate(p.x, p.y);
    ctx.scale(p.sx, p.sy);
    drawAreaLayers(ctx, p, images);
    ctx.restore();
  }
  ctx.setTransform(1, 0, 0, 1, 0, 0);
}
