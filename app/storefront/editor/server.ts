/** The editor's calls to the app proxy (same origin as the store): image uploads, fonts and saving a design. */
import type { GlyphSet } from "../../designs/text/glyphs";

export interface UploadedImage {
  /** sha256 of the intake PNG: what image layers reference */
  image: string;
  width: number;
  height: number;
  /** the intake PNG (what the server prints), same origin */
  url: string;
}

export class ProxyError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = "ProxyError";
  }
}

async function fail(r: Response): Promise<never> {
  let message = "";
  try {
    // every proxy refusal: { error: <code>, message: <in the shopper's language> } (app/storefront/proxy-http.server.ts)
    const b = (await r.json()) as { error?: string; message?: string };
    message = b.message ?? b.error ?? "";
  } catch {
    /* not JSON */
  }
  throw new ProxyError(message, r.status);
}

export async function uploadImage(proxy: string, file: Blob, locale: string): Promise<UploadedImage> {
  const r = await fetch(`${proxy}/design-images?locale=${encodeURIComponent(locale)}`, {
    method: "POST",
    body: file,
    headers: { "Content-Type": file.type || "application/octet-stream" },
  });
  if (!r.ok) return fail(r);
  return (await r.json()) as UploadedImage;
}

const fonts = new Map<string, Promise<GlyphSet>>();
/** a font's glyph set (the same JSON the server lays text out from) */
export function loadFont(proxy: string, id: string): Promise<GlyphSet> {
  let p = fonts.get(id);
  if (!p) {
    p = fetch(`${proxy}/fonts/${id}.json`).then(async (r) => {
      if (!r.ok) throw new ProxyError(`font ${id}`, r.status);
      return (await r.json()) as GlyphSet;
    });
    p.catch(() => fonts.delete(id));
    fonts.set(id, p);
  }
  return p;
}

export interface SavedDesign {
  designId: string;
  color?: string;
  mockups: Array<{ view: string; url: string; width: number; height: number }>;
  glb: string;
  warnings?: Array<{ layer: string; area: string; kind: string }>;
}

export async function saveDocument(proxy: string, body: unknown, locale: string): Promise<SavedDesign> {
  const r = await fetch(`${proxy}/design-documents?locale=${encodeURIComponent(locale)}`, {
    method: "POST",
    body: JSON.stringify(body),
    headers: { "Content-Type": "application/json" },
  });
  if (!r.ok) return fail(r);
  return (await r.json()) as SavedDesign;
}

export function loadImage(url: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.decoding = "async";
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error(`could not load ${url}`));
    img.src = url;
  });
}
