/**
 * The server's drawing of an atlas plan: one SVG (rasterised by sharp's librsvg). Images are embedded PNGs,
 * text is its outline path; transforms are exactly the plan's, in the same order the browser's canvas applies them.
 */
import type { PlannedArea } from "./atlas-plan";

export interface SvgImage {
  /** PNG (from design intake) */
  png: Buffer;
}

const num = (n: number) => (Math.round(n * 1e4) / 1e4).toString();
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function atlasSvg(plan: PlannedArea[], size: number, images: ReadonlyMap<string, SvgImage>): string {
  const parts: string[] = [`<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}">`];
  const defs: string[] = [];
  plan.forEach((p, i) => {
    defs.push(`<clipPath id="a${i}"><rect x="0" y="0" width="${num(p.area.widthCm)}" height="${num(p.area.heightCm)}"/></clipPath>`);
  });
  parts.push(`<defs>${defs.join("")}</defs>`);
  plan.forEach((p, i) => {
    parts.push(`<g transform="translate(${num(p.x)} ${num(p.y)}) scale(${num(p.sx)} ${num(p.sy)})"><g clip-path="url(#a${i})">`);
    for (const pl of p.layers) {
      const l = pl.layer;
      const head = `<g transform="translate(${num(l.xCm)} ${num(l.yCm)}) rotate(${num(l.rotationDeg)})">`;
      if (l.kind === "image") {
        const img = images.get(l.image);
        if (!img) continue;
        const href = `data:image/png;base64,${img.png.toString("base64")}`;
        parts.push(`${head}<image x="${num(-pl.widthCm / 2)}" y="${num(-pl.heightCm / 2)}" width="${num(pl.widthCm)}" height="${num(pl.heightCm)}" preserveAspectRatio="none" xlink:href="${href}" href="${href}"/></g>`);
      } else if (l.outline) {
        const o = l.outline;
        parts.push(`${head}<g transform="scale(${num(pl.outlineScale)}) translate(${num(-o.width / 2)} ${num(-o.height / 2)})"><path d="${esc(o.d)}" fill="${esc(l.color)}"/></g></g>`);
      }
    }
    parts.push(`</g></g>`);
  });
  parts.push(`</svg>`);
  return parts.join("");
}
