/**
 * The server side of a shopper's design document: check it against the model and the merchant's policy, draw the
 * text outlines itself (same code as the browser: ../text/outline.ts), render the texture atlas (every print area
 * in the model's UV square), and from that atlas the mockups (the compositor, all print areas in one pass) and
 * the design GLB (the atlas on the decal layer). Routes and the storefront's mockup.live provider call these.
 */
import sharp from "sharp";
import { designDocumentSchema, layerDpi, layerInside, type DesignDocument, type Layer } from "../../contracts/design-document";
import { safeRect, type PrintArea } from "../../contracts/print-area";
import { composeMockup, type ComposedMockup, type MockupFormat } from "../../mockups/compose/mockup";
import type { Passes } from "../../mockups/passes/format";
import { fontEntry } from "../text/fonts";
import { glyphSet } from "../text/glyphs.server";
import { missingChars, textOutline } from "../text/outline";
import { planAtlas } from "./atlas-plan";
import { DesignDocumentError } from "./errors";
import type { EditorPolicy } from "./policy";
import { atlasSvg, type SvgImage } from "./render-svg";

export const DEFAULTS = {
  /** atlas (texture) size in pixels: the decal texture of the design GLB and the mockups' design source */
  atlasSize: 2048,
} as const;

/** An uploaded image the document may reference, after design intake. */
export interface DocumentImage extends SvgImage {
  width: number;
  height: number;
}

export interface DocumentWarning {
  layer: string;
  area: string;
  kind: "outside_safe" | "low_dpi" | "fair_dpi";
  dpi?: number;
}

export interface PreparedDocument {
  doc: DesignDocument;
  warnings: DocumentWarning[];
}

/**
 * Parses and checks an untrusted document: every area exists and is allowed, layer counts, fonts, colours,
 * uploads, images known with the pixel size the layer claims, glyphs present. Text outlines are replaced by the
 * server's own (a forged outline never reaches a print). Throws DesignDocumentError; warns about quality.
 */
export function prepareDocument(input: unknown, printAreas: readonly PrintArea[], policy: EditorPolicy, images: ReadonlyMap<string, DocumentImage>): PreparedDocument {
  const parsed = designDocumentSchema.safeParse(input);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new DesignDocumentError("invalid", { detail: `${i.path.join(".") || "document"}: ${i.message}`.slice(0, 200) });
  }
  const doc = parsed.data;
  const warnings: DocumentWarning[] = [];
  const allowed = new Set(policy.areas.length ? policy.areas : printAreas.map((a) => a.name));
  const colors = new Set(policy.colors.map((c) => c.toUpperCase()));
  for (const ad of doc.areas) {
    const area = printAreas.find((a) => a.name === ad.area);
    if (!area || !allowed.has(ad.area)) throw new DesignDocumentError("unknown_area", { area: ad.area });
    if (ad.layers.length > policy.maxLayers) throw new DesignDocumentError("too_many_layers", { max: policy.maxLayers });
    ad.layers = ad.layers.map((l): Layer => {
      if (l.kind === "image") {
        if (!policy.uploads) throw new DesignDocumentError("uploads_disabled");
        const img = images.get(l.image);
        if (!img) throw new DesignDocumentError("unknown_image");
        if (img.width !== l.widthPx || img.height !== l.heightPx) throw new DesignDocumentError("image_mismatch");
        const { dpi, state } = layerDpi(l);
        if (state !== "good") warnings.push({ layer: l.id, area: ad.area, kind: state === "low" ? "low_dpi" : "fair_dpi", dpi });
      } else {
        if (!policy.fonts.includes(l.font) || !fontEntry(l.font)) throw new DesignDocumentError("font_not_allowed", { font: l.font });
        if (!colors.has(l.color.toUpperCase())) throw new DesignDocumentError("color_not_allowed", { color: l.color });
        const font = glyphSet(l.font);
        const missing = missingChars(font, l.text);
        if (missing.length) throw new DesignDocumentError("missing_glyphs", { chars: missing.join(" ") });
        l = { ...l, outline: textOutline(font, l.text) };
      }
      if (!layerInside(l, safeRect(area))) warnings.push({ layer: l.id, area: ad.area, kind: "outside_safe" });
      return l;
    });
  }
  return { doc, warnings };
}

/** The atlas as straight-alpha sRGB PNG (size × size), transparent outside the design. */
export async function renderAtlas(doc: DesignDocument, printAreas: readonly PrintArea[], images: ReadonlyMap<string, SvgImage>, size: number = DEFAULTS.atlasSize): Promise<Buffer> {
  const svg = atlasSvg(planAtlas(doc, printAreas, size), size, images);
  return sharp(Buffer.from(svg), { limitInputPixels: false }).png({ compressionLevel: 6 }).toBuffer();
}

/** One print area cut from the atlas at its physical aspect (what the shopper's 2D preview shows). */
export async function cropArea(atlasPng: Buffer, area: PrintArea, size: number = DEFAULTS.atlasSize): Promise<Buffer> {
  const left = Math.round(area.uv.u0 * size), top = Math.round(area.uv.v0 * size);
  const width = Math.round(area.uv.u1 * size) - left, height = Math.round(area.uv.v1 * size) - top;
  return sharp(atlasPng).extract({ left, top, width, height }).png().toBuffer();
}

/** The whole UV square as one print area: the compositor then draws every area of the atlas in one pass. */
const ATLAS_AREA: PrintArea = { name: "atlas", uv: { u0: 0, v0: 0, u1: 1, v1: 1 }, widthCm: 100, heightCm: 100 };

/** A mockup of the design on the model in one view (passes from Blender or the rasteriser) and colour. */
export function renderDesignMockup(o: { atlasPng: Buffer; atlasKey: string; passes: Passes; color: string; format?: MockupFormat; size?: number; backdrop?: string }): Promise<ComposedMockup> {
  return composeMockup({
    passes: o.passes,
    printAreas: [ATLAS_AREA],
    color: o.color,
    design: { bytes: o.atlasPng, key: o.atlasKey },
    placement: { area: ATLAS_AREA.name, scale: 1 },
    format: o.format, // composeMockup's default (COMPOSE_DEFAULTS.format) when absent
    size: o.size,
    backdrop: o.backdrop,
  });
}

/** Areas of the document a view shows, for choosing which mockups to render (front view: front, sleeves...). */
export function usedAreas(doc: DesignDocument): string[] {
  return doc.areas.filter((a) => a.layers.length > 0).map((a) => a.area);
}
