/**
 * The live texture on the 3D model: a canvas that is the decal layer's base-colour texture in model-viewer's
 * scene graph (its public texture API, decision 113). Painting it and calling `source.update()` in the input
 * handler marks the texture for upload in the very frame model-viewer renders next.
 */
export const DECAL_MATERIAL = "mockup_decal";

/** The part of model-viewer's element this module uses. */
export interface ModelViewerLike extends HTMLElement {
  loaded: boolean;
  model?: { materials: Array<{ name: string; pbrMetallicRoughness: { baseColorTexture: { setTexture(t: unknown): void } } }> };
  createCanvasTexture(): { source: { element?: HTMLCanvasElement; update(): void } };
  prepareUSDZ?(): Promise<string>;
  activateAR?(): Promise<void>;
  canActivateAR?: boolean;
}

export interface LiveTexture {
  canvas: HTMLCanvasElement;
  ctx: CanvasRenderingContext2D;
  /** marks the texture changed (model-viewer uploads it and renders) */
  update(): void;
}

/** Binds a fresh canvas texture to the viewer's decal material(s); null when the model has no decal layer. */
export function bindLiveTexture(viewer: ModelViewerLike, size: number): LiveTexture | null {
  const mats = (viewer.model?.materials ?? []).filter((m) => m.name === DECAL_MATERIAL || m.name.startsWith(`${DECAL_MATERIAL}`));
  if (!mats.length) return null;
  const tex = viewer.createCanvasTexture();
  const canvas = tex.source.element;
  if (!canvas) return null;
  canvas.width = size;
  canvas.height = size;
  const ctx = canvas.getContext("2d");
  if (!ctx) return null;
  for (const m of mats) m.pbrMetallicRoughness.baseColorTexture.setTexture(tex);
  return { canvas, ctx, update: () => tex.source.update() };
}
