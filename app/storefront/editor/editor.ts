/**
 * The shopper's design editor: layers on every print area, live on the 3D model. One document (with undo and
 * redo) drives three drawings of the same atlas plan: the decal texture on the model, the 2D preview of the
 * current print area and, when saved, the server's render. Mounted into the block's `[data-mockup-editor]`.
 */
import type { DesignDocument, ImageLayer, Layer, TextLayer } from "../../contracts/design-document";
import { cmAt } from "../../contracts/print-units";
import { DOCUMENT_DEFAULTS as DOC, layerDpi, layerInside, type SafeRect } from "../../designs/document/geometry";
import { planAtlas, planLayer, type PlanArea, type PlannedArea } from "../../designs/document/atlas-plan";
import type { EditorPolicy } from "../../designs/document/policy";
import { FONTS } from "../../designs/text/fonts";
import { missingChars, textOutline } from "../../designs/text/outline";
import { History } from "./history";
import { bindLiveTexture, type LiveTexture, type ModelViewerLike } from "./model";
import { drawAreaLayers, drawAtlas, type ImageSource } from "./paint";
import { loadFont, loadImage, saveDocument, uploadImage, type SavedDesign } from "./server";
import { snapLayer, type Guide } from "./snapping";
import { areaLabel, translator, type Translate } from "./strings";
import { buildView, type View } from "./view";
import { attachGestures } from "./gestures";

export const DEFAULTS = {
  /** live texture size: the atlas the model shows while editing (the server renders 2048²) */
  textureSize: 1024,
  /** keyboard steps */
  moveCm: 0.5,
  moveFastCm: 2,
  scaleStep: 1.05,
  rotateDeg: 5,
  rotateFastDeg: 15,
  /** smallest and largest layer width relative to the area */
  minWidthCm: 1,
  maxWidthShare: 1.5,
} as const;

export interface EditorOptions {
  proxy: string;
  locale: string;
  printAreas: Array<PlanArea & { safe?: SafeRect }>;
  policy: EditorPolicy;
  /** the fabric colour the preview is drawn on */
  fabric: string;
  /** what the save posts besides the document (variant, product) */
  context: () => Record<string, unknown>;
  /** the model-viewer element, once 3D is open */
  viewer: () => ModelViewerLike | null | undefined;
  /** after a save: the block's event (mockup:design) */
  onSaved?: (answer: SavedDesign) => void;
}

/** Counters for the "same animation frame" promise: every input is painted before the next frame starts. */
export interface EditorStats {
  inputs: number;
  texturePaints: number;
  /** texture paints caused by an input event */
  inputPaints: number;
  /** of those, the ones made in the frame of their input (no requestAnimationFrame tick in between) */
  sameFrame: number;
  frames: number;
}

export class Editor {
  readonly t: Translate;
  readonly history: History;
  readonly images = new Map<string, ImageSource>();
  readonly stats: EditorStats = { inputs: 0, texturePaints: 0, inputPaints: 0, sameFrame: 0, frames: 0 };
  area: string;
  selected: string | null = null;
  guides: Guide[] = [];
  message = "";
  private live: LiveTexture | null = null;
  private view!: View;
  private nextId = 1;
  private rafId = 0;
  private inputFrame = -1;

  constructor(
    readonly root: HTMLElement,
    readonly o: EditorOptions,
  ) {
    this.t = translator(o.locale);
    this.history = new History({ version: 1, areas: [] });
    this.area = this.areas()[0]?.name ?? "front";
    const tick = () => {
      this.stats.frames++;
      this.rafId = requestAnimationFrame(tick);
    };
    this.rafId = requestAnimationFrame(tick);
  }

  mount(): void {
    this.view = buildView(this);
    attachGestures(this, this.view.canvas);
    this.bindModel();
    this.render();
  }

  destroy(): void {
    cancelAnimationFrame(this.rafId);
    this.root.replaceChildren();
  }

  viewGeometry(): { k: number; ox: number; oy: number } {
    return this.view.geometry();
  }

  // ---- model ----------------------------------------------------------------------------------------------

  /** (Re)binds the live texture; called on open and whenever the viewer loads a model (colour or design GLB). */
  bindModel(): void {
    const v = this.o.viewer();
    this.live = v && v.loaded ? bindLiveTexture(v, DEFAULTS.textureSize) : null;
    if (this.live) this.paintTexture();
  }

  private paintTexture(): void {
    if (!this.live) return;
    // three.js uploads canvas textures with flipY; draw upside down so the glTF UVs (v down) land right
    drawAtlas(this.live.ctx, this.plan(DEFAULTS.textureSize), DEFAULTS.textureSize, this.images, true);
    this.live.update();
    this.stats.texturePaints++;
    if (this.inputFrame >= 0) {
      this.stats.inputPaints++;
      if (this.inputFrame === this.stats.frames) this.stats.sameFrame++;
      this.inputFrame = -1;
    }
  }

  /** the atlas exactly as the texture holds it, unflipped (tests compare it with the server's render) */
  atlasCanvas(size: number = DEFAULTS.textureSize): HTMLCanvasElement {
    const c = document.createElement("canvas");
    c.width = c.height = size;
    drawAtlas(c.getContext("2d")!, this.plan(size), size, this.images, false);
    return c;
  }

  // ---- document helpers -----------------------------------------------------------------------------------

  areas(): EditorOptions["printAreas"] {
    const allowed = this.o.policy.areas;
    return this.o.printAreas.filter((a) => !allowed.length || allowed.includes(a.name));
  }

  currentArea(): EditorOptions["printAreas"][number] {
    return this.areas().find((a) => a.name === this.area) ?? this.areas()[0];
  }

  safe(area = this.currentArea()): SafeRect {
    return area.safe ?? { xCm: 0, yCm: 0, widthCm: area.widthCm, heightCm: area.heightCm };
  }

  plan(size: number): PlannedArea[] {
    return planAtlas(this.history.doc, this.o.printAreas, size);
  }

  layers(area = this.area): Layer[] {
    return this.history.doc.areas.find((a) => a.area === area)?.layers ?? [];
  }

  layer(id = this.selected): Layer | undefined {
    return id ? this.layers().find((l) => l.id === id) : undefined;
  }

  layerName(l: Layer): string {
    if (l.kind === "text") return this.t("layer_text", { text: l.text });
    return this.t("layer_image", { n: this.layers().filter((x) => x.kind === "image").indexOf(l) + 1 });
  }

  private withLayers(area: string, fn: (layers: Layer[]) => Layer[]): DesignDocument {
    const doc = this.history.doc;
    const exists = doc.areas.some((a) => a.area === area);
    const areas = exists ? doc.areas.map((a) => (a.area === area ? { ...a, layers: fn(a.layers) } : a)) : [...doc.areas, { area, layers: fn([]) }];
    return { ...doc, areas: areas.filter((a) => a.layers.length > 0) };
  }

  private replaceLayer(next: Layer): DesignDocument {
    return this.withLayers(this.area, (ls) => ls.map((l) => (l.id === next.id ? next : l)));
  }

  // ---- changes (every one ends in render(), which paints the texture in the same frame) --------------------

  /** marks the start of handling an input event (for the same-frame statistics) */
  input(): void {
    this.stats.inputs++;
    this.inputFrame = this.stats.frames;
  }

  /** a change of the selected layer: `coalesce` for gestures and typing (one undo step until commit) */
  change(fn: (l: Layer) => Layer, coalesce = false): void {
    const l = this.layer();
    if (!l) return;
    const next = this.clamp(fn(l));
    const doc = this.replaceLayer(next);
    if (coalesce) this.history.update(doc);
    else this.history.apply(doc);
    this.render();
  }

  /** keeps a layer's width sensible and its centre where it can still be grabbed */
  private clamp(l: Layer): Layer {
    const a = this.currentArea();
    const widthCm = Math.min(Math.max(l.widthCm, DEFAULTS.minWidthCm), a.widthCm * DEFAULTS.maxWidthShare);
    const xCm = Math.min(Math.max(l.xCm, 0), a.widthCm), yCm = Math.min(Math.max(l.yCm, 0), a.heightCm);
    let r = l.rotationDeg;
    while (r > 180) r -= 360;
    while (r < -180) r += 360;
    return { ...l, widthCm: round(widthCm), xCm: round(xCm), yCm: round(yCm), rotationDeg: round(r) } as Layer;
  }

  commit(): void {
    this.guides = [];
    this.history.commit();
    this.render();
  }

  /** drag with snapping (centre lines and safe-area edges) */
  moveTo(xCm: number, yCm: number, snap = true): void {
    const l = this.layer();
    if (!l) return;
    const area = this.currentArea();
    const moved = { ...l, xCm, yCm } as Layer;
    if (snap) {
      const s = snapLayer(moved, area, this.safe());
      this.guides = s.guides;
      this.change((x) => ({ ...x, xCm: s.xCm, yCm: s.yCm }) as Layer, true);
    } else {
      this.guides = [];
      this.change((x) => ({ ...x, xCm, yCm }) as Layer, true);
    }
  }

  canAdd(): boolean {
    return this.layers().length < this.o.policy.maxLayers;
  }

  private add(l: Layer): void {
    if (!this.canAdd()) {
      this.say(this.t("max_layers", { max: this.o.policy.maxLayers }));
      return;
    }
    this.history.apply(this.withLayers(this.area, (ls) => [...ls, l]));
    this.selected = l.id;
    this.render();
  }

  async addImage(file: Blob): Promise<void> {
    if (!this.o.policy.uploads || !this.canAdd()) return void this.say(this.t("max_layers", { max: this.o.policy.maxLayers }));
    this.say(this.t("uploading"));
    try {
      const up = await uploadImage(this.o.proxy, file, this.o.locale);
      const img = await loadImage(up.url);
      this.images.set(up.image, img);
      const a = this.currentArea();
      const safe = this.safe(a);
      // start as large as looks good: 70 % of the safe width, but never below 150 DPI, never taller than the area
      let widthCm = Math.min(safe.widthCm * 0.7, cmAt(up.width, DOC.fairDpi));
      widthCm = Math.min(widthCm, (safe.heightCm * 0.9 * up.width) / up.height);
      this.input();
      this.add({
        id: this.newId(),
        kind: "image",
        image: up.image,
        widthPx: up.width,
        heightPx: up.height,
        xCm: round(safe.xCm + safe.widthCm / 2),
        yCm: round(safe.yCm + safe.heightCm / 2),
        widthCm: round(Math.max(widthCm, DEFAULTS.minWidthCm)),
        rotationDeg: 0,
      });
      this.say("");
    } catch (e) {
      this.say((e as Error).message || this.t("upload_failed"), true);
    }
  }

  async addText(text = this.t("new_text")): Promise<void> {
    const fontId = this.o.policy.fonts[0] ?? DOC.font;
    const font = await loadFont(this.o.proxy, fontId);
    const outline = textOutline(font, text);
    const safe = this.safe();
    const widthCm = Math.min(safe.widthCm * 0.6, (outline.width / outline.height) * safe.heightCm * 0.15);
    const color = this.o.policy.colors[0] ?? DOC.textColor;
    this.input();
    this.add({ id: this.newId(), kind: "text", text, font: fontId, color, outline, xCm: round(safe.xCm + safe.widthCm / 2), yCm: round(safe.yCm + safe.heightCm * 0.3), widthCm: round(widthCm), rotationDeg: 0 });
  }

  /** new text, font or colour for the selected text layer; the box keeps its letter height */
  async setText(patch: Partial<Pick<TextLayer, "text" | "font" | "color">>, coalesce = false): Promise<void> {
    const l = this.layer();
    if (!l || l.kind !== "text") return;
    const next = { ...l, ...patch };
    const font = await loadFont(this.o.proxy, next.font);
    const missing = missingChars(font, next.text);
    if (missing.length) return void this.say(this.t("missing_glyphs", { chars: missing.join(" ") }), true);
    if (!next.text.trim()) return;
    const outline = textOutline(font, next.text);
    // same letter height: the width follows the new outline's aspect
    const letterCm = l.outline ? (l.widthCm * l.outline.height) / l.outline.width : l.widthCm * 0.25;
    const widthCm = (letterCm * outline.width) / outline.height;
    this.say("");
    this.input();
    this.change(() => ({ ...next, outline, widthCm }), coalesce);
  }

  remove(): void {
    const id = this.selected;
    if (!id) return;
    this.input();
    this.history.apply(this.withLayers(this.area, (ls) => ls.filter((l) => l.id !== id)));
    this.selected = this.layers().at(-1)?.id ?? null;
    this.render();
  }

  forward(): void {
    const id = this.selected;
    this.input();
    this.history.apply(
      this.withLayers(this.area, (ls) => {
        const i = ls.findIndex((l) => l.id === id);
        if (i < 0 || i === ls.length - 1) return ls;
        const out = [...ls];
        [out[i], out[i + 1]] = [out[i + 1], out[i]];
        return out;
      }),
    );
    this.render();
  }

  undo(): void {
    this.input();
    this.history.undo();
    this.afterHistory();
  }

  redo(): void {
    this.input();
    this.history.redo();
    this.afterHistory();
  }

  private afterHistory(): void {
    if (this.selected && !this.layer()) this.selected = this.layers().at(-1)?.id ?? null;
    this.render();
  }

  select(id: string | null): void {
    this.selected = id;
    this.render();
  }

  setArea(name: string): void {
    this.area = name;
    this.selected = this.layers().at(-1)?.id ?? null;
    this.render();
  }

  /** keyboard control of the selected layer; true when the key was used */
  key(ev: KeyboardEvent): boolean {
    const mod = ev.ctrlKey || ev.metaKey;
    if (mod && ev.key.toLowerCase() === "z") {
      if (ev.shiftKey) this.redo();
      else this.undo();
      return true;
    }
    if (mod && ev.key.toLowerCase() === "y") return this.redo(), true;
    const l = this.layer();
    if (!l) return false;
    const step = ev.shiftKey ? DEFAULTS.moveFastCm : DEFAULTS.moveCm;
    const rot = ev.shiftKey ? DEFAULTS.rotateFastDeg : DEFAULTS.rotateDeg;
    const ops: Record<string, (x: Layer) => Layer> = {
      ArrowLeft: (x) => ({ ...x, xCm: x.xCm - step }),
      ArrowRight: (x) => ({ ...x, xCm: x.xCm + step }),
      ArrowUp: (x) => ({ ...x, yCm: x.yCm - step }),
      ArrowDown: (x) => ({ ...x, yCm: x.yCm + step }),
      "+": (x) => ({ ...x, widthCm: x.widthCm * DEFAULTS.scaleStep }),
      "=": (x) => ({ ...x, widthCm: x.widthCm * DEFAULTS.scaleStep }),
      "-": (x) => ({ ...x, widthCm: x.widthCm / DEFAULTS.scaleStep }),
      "]": (x) => ({ ...x, rotationDeg: x.rotationDeg + rot }),
      "[": (x) => ({ ...x, rotationDeg: x.rotationDeg - rot }),
    };
    if (ev.key === "Delete" || ev.key === "Backspace") return this.remove(), true;
    const op = ops[ev.key];
    if (!op) return false;
    this.input();
    this.change(op);
    this.announce();
    return true;
  }

  centre(): void {
    const s = this.safe();
    this.input();
    this.change((x) => ({ ...x, xCm: s.xCm + s.widthCm / 2, yCm: s.yCm + s.heightCm / 2 }) as Layer);
  }

  /** what the print-quality meter shows for the selected layer */
  quality(): { state: "good" | "fair" | "low" | "text" | "none"; dpi?: number; widthCm?: number; inside: boolean } {
    const l = this.layer();
    if (!l) return { state: "none", inside: true };
    const inside = layerInside(l, this.safe());
    if (l.kind === "text") return { state: "text", inside };
    const { dpi, state } = layerDpi(l as ImageLayer, DOC.goodDpi, DOC.fairDpi);
    return { state, dpi, widthCm: l.widthCm, inside };
  }

  // ---- output ---------------------------------------------------------------------------------------------

  render(): void {
    this.paintTexture();
    this.view.render();
  }

  /** the 2D preview's drawing of the current area (the view owns the canvas and the chrome around it) */
  drawPreviewLayers(ctx: CanvasRenderingContext2D): void {
    const area = this.currentArea();
    const layers = this.layers().map(planLayer);
    drawAreaLayers(ctx, { area, x: 0, y: 0, sx: 1, sy: 1, layers }, this.images);
  }

  say(text: string, error = false): void {
    this.message = text;
    this.view?.status(text, error);
  }

  announce(): void {
    const l = this.layer();
    if (!l) return;
    this.view.announce(this.t("moved", { name: this.layerName(l), x: l.xCm.toFixed(1), y: l.yCm.toFixed(1), w: l.widthCm.toFixed(1), r: Math.round(l.rotationDeg) }));
  }

  areaName(name: string): string {
    return areaLabel(this.t, name);
  }

  fontOptions(): typeof FONTS {
    return FONTS.filter((f) => this.o.policy.fonts.includes(f.id));
  }

  async save(): Promise<SavedDesign | null> {
    this.say(this.t("saving"));
    try {
      const answer = await saveDocument(this.o.proxy, { ...this.o.context(), document: this.history.doc }, this.o.locale);
      this.say(this.t("saved"));
      this.o.onSaved?.(answer);
      return answer;
    } catch (e) {
      this.say((e as Error).message || this.t("save_failed"), true);
      return null;
    }
  }

  private newId(): string {
    return `l${Date.now().toString(36)}${(this.nextId++).toString(36)}`;
  }
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
