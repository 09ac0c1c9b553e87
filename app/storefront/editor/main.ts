/**
 * Entry of the editor bundle (served by the app through the proxy, loaded when the shopper opens the editor;
 * docs/decisions/113). `window.MockupEditor.open(state)` mounts an editor on a block's state
 * (docs/storefront-block.md): it opens the 3D view, binds the live texture, follows the colour, and hands a saved
 * design to the block (`mockup:design`: the 3D view switches to the design GLB, AR uses it).
 */
import { narrowPolicy, POLICY_DEFAULTS, type EditorPolicy } from "../../designs/document/policy";
import { Editor } from "./editor";
import type { ModelViewerLike } from "./model";
import { CSS } from "./styles";

interface BlockState {
  root: HTMLElement;
  config: {
    doc: { printAreas?: Array<{ name: string; uv: { u0: number; v0: number; u1: number; v1: number }; widthCm: number; heightCm: number }>; variants?: Record<string, { color?: { hex?: string } }>; productId?: string };
    proxy: string;
    locale?: string;
    editor?: Partial<EditorPolicy>;
  };
  variantId?: string | number;
  materialVariant?: string;
  viewer?: ModelViewerLike | null;
  editor?: Editor;
}

interface MockupViewerApi {
  load(name: string, st: BlockState): Promise<{ open(st: BlockState): Promise<ModelViewerLike> }>;
  emit(st: BlockState, type: string, detail: unknown): void;
}

const editors: Editor[] = [];

function fabricOf(st: BlockState): string {
  const hex = st.config.doc.variants?.[String(st.variantId)]?.color?.hex;
  return hex && /^#[0-9a-f]{6}$/i.test(hex) ? hex : "#F4F4F2";
}

async function shopPolicy(proxy: string): Promise<EditorPolicy> {
  try {
    const r = await fetch(`${proxy}/editor-config`, { headers: { Accept: "application/json" } });
    // the server validated the policy when the merchant saved it (app/contracts/editor-policy.ts)
    if (r.ok) return { ...POLICY_DEFAULTS, ...((await r.json()) as { policy?: Partial<EditorPolicy> }).policy };
  } catch {
    /* the defaults below */
  }
  return { ...POLICY_DEFAULTS };
}

async function open(st: BlockState): Promise<Editor> {
  if (st.editor) return st.editor;
  const mv = (window as unknown as { MockupViewer: MockupViewerApi }).MockupViewer;
  if (!document.getElementById("mockup-editor-css")) {
    const style = document.createElement("style");
    style.id = "mockup-editor-css";
    style.textContent = CSS;
    document.head.append(style);
  }
  const mount = st.root.querySelector<HTMLElement>("[data-mockup-editor]");
  if (!mount) throw new Error("no [data-mockup-editor] in the block");
  const block = st.config.editor ?? {};
  const policy = narrowPolicy(await shopPolicy(st.config.proxy), block);
  const ed = new Editor(mount, {
    proxy: st.config.proxy,
    locale: st.config.locale ?? document.documentElement.lang ?? "en",
    printAreas: st.config.doc.printAreas ?? [],
    policy,
    fabric: fabricOf(st),
    viewer: () => st.viewer,
    context: () => ({ productId: st.config.doc.productId, variantId: st.variantId ? String(st.variantId) : undefined, color: fabricOf(st) }),
    onSaved: (answer) => mv.emit(st, "mockup:design", answer),
  });
  st.editor = ed;
  editors.push(ed);
  // editing mode: the 3D view stays in sight above the controls (styles.ts), so every change is seen on the model
  st.root.classList.add("is-editing");
  ed.mount();
  st.root.addEventListener("mockup:viewer-ready", () => ed.bindModel());
  st.root.addEventListener("mockup:variant", () => {
    ed.o.fabric = fabricOf(st);
    ed.render();
  });
  // the model shows the design as it is made
  mv.load("viewer3d", st)
    .then((m) => m.open(st))
    .then(() => ed.bindModel())
    .catch(() => {});
  return ed;
}

/** totals over every editor on the page (tests read these: inputs painted in their own frame) */
function stats() {
  return editors.reduce(
    (s, e) => ({ inputs: s.inputs + e.stats.inputs, texturePaints: s.texturePaints + e.stats.texturePaints, inputPaints: s.inputPaints + e.stats.inputPaints, sameFrame: s.sameFrame + e.stats.sameFrame, frames: Math.max(s.frames, e.stats.frames) }),
    { inputs: 0, texturePaints: 0, inputPaints: 0, sameFrame: 0, frames: 0 },
  );
}

(window as unknown as { MockupEditor: unknown }).MockupEditor = { open, editors, stats };
