/**
 * Pointer input on the 2D preview: one finger or the mouse drags a layer (with snapping), the corner handle
 * scales and rotates it about its centre, two fingers pinch (scale), twist (rotate) and move together. A gesture
 * is one undo step. Every pointer event repaints the model's texture before returning (Editor.change → render).
 */
import type { Layer } from "../../contracts/design-document";
import { layerAspect } from "../../designs/document/geometry";
import type { Editor } from "./editor";

interface Pt {
  x: number;
  y: number;
}

/** reach of the corner handle, CSS px: a fingertip needs the 44 px target a mouse does not */
const HANDLE_PX = { mouse: 16, touch: 22 } as const;
/** a touch that moves less than this is a tap (CSS px) */
const TAP_PX = 8;

/** the point in the layer's own frame (cm, origin at its centre, unrotated) */
function local(l: Layer, p: Pt): Pt {
  const t = (-l.rotationDeg * Math.PI) / 180;
  const dx = p.x - l.xCm, dy = p.y - l.yCm;
  return { x: dx * Math.cos(t) - dy * Math.sin(t), y: dx * Math.sin(t) + dy * Math.cos(t) };
}

function hit(l: Layer, p: Pt, slackCm: number): boolean {
  const q = local(l, p);
  return Math.abs(q.x) <= l.widthCm / 2 + slackCm && Math.abs(q.y) <= (l.widthCm * layerAspect(l)) / 2 + slackCm;
}

export function attachGestures(ed: Editor, canvas: HTMLCanvasElement): void {
  canvas.style.touchAction = "none";
  const pointers = new Map<number, Pt>();
  type Mode =
    | { kind: "drag"; grab: Pt; start: Layer }
    | { kind: "handle"; start: Layer; d0: number; a0: number }
    | { kind: "pinch"; start: Layer; d0: number; a0: number; m0: Pt }
    // a finger on the empty design area scrolls the page (the canvas takes every touch: touch-action none)
    | { kind: "scroll"; y: number; moved: number }
    | null;
  let mode: Mode = null;

  const toCm = (ev: PointerEvent): Pt => {
    const r = canvas.getBoundingClientRect();
    const g = ed.viewGeometry();
    return { x: (ev.clientX - r.left - g.ox) / g.k, y: (ev.clientY - r.top - g.oy) / g.k };
  };
  const pxToCm = () => ed.viewGeometry().k;

  const twoFinger = () => {
    const [a, b] = [...pointers.values()];
    return { d: Math.hypot(b.x - a.x, b.y - a.y), ang: Math.atan2(b.y - a.y, b.x - a.x), mid: { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 } };
  };

  canvas.addEventListener("pointerdown", (ev) => {
    const p = toCm(ev);
    pointers.set(ev.pointerId, p);
    try {
      canvas.setPointerCapture(ev.pointerId);
    } catch {
      /* a pointer the browser does not track (synthetic events): moves still arrive on the canvas */
    }
    canvas.focus({ preventScroll: true });
    ed.input();
    const k = pxToCm();
    if (pointers.size === 2) {
      const l = ed.layer();
      if (!l) return;
      const f = twoFinger();
      mode = { kind: "pinch", start: l, d0: f.d, a0: f.ang, m0: f.mid };
      ed.history.begin();
      return;
    }
    const sel = ed.layer();
    if (sel) {
      const h = (sel.widthCm * layerAspect(sel)) / 2;
      const q = local(sel, p);
      if (Math.hypot(q.x - sel.widthCm / 2, q.y - h) <= (ev.pointerType === "touch" ? HANDLE_PX.touch : HANDLE_PX.mouse) / k) {
        mode = { kind: "handle", start: sel, d0: Math.hypot(p.x - sel.xCm, p.y - sel.yCm), a0: Math.atan2(p.y - sel.yCm, p.x - sel.xCm) };
        ed.history.begin();
        return;
      }
    }
    // topmost layer under the pointer
    const under = [...ed.layers()].reverse().find((l) => hit(l, p, 4 / k));
    if (!under) {
      if (ev.pointerType === "touch") {
        // scroll, or deselect on a tap (pointerup)
        mode = { kind: "scroll", y: ev.clientY, moved: 0 };
        return;
      }
      ed.select(null);
      mode = null;
      return;
    }
    if (under.id !== ed.selected) ed.select(under.id);
    mode = { kind: "drag", grab: { x: p.x - under.xCm, y: p.y - under.yCm }, start: under };
    ed.history.begin();
  });

  canvas.addEventListener("pointermove", (ev) => {
    if (!pointers.has(ev.pointerId) || !mode) return;
    const p = toCm(ev);
    pointers.set(ev.pointerId, p);
    if (mode.kind === "scroll") {
      window.scrollBy(0, mode.y - ev.clientY);
      mode.moved += Math.abs(mode.y - ev.clientY);
      mode.y = ev.clientY;
      return;
    }
    ed.input();
    if (mode.kind === "drag") {
      ed.moveTo(p.x - mode.grab.x, p.y - mode.grab.y, !ev.altKey);
    } else if (mode.kind === "handle") {
      const s = mode.start;
      const d0 = mode.d0;
      const d = Math.hypot(p.x - s.xCm, p.y - s.yCm);
      const a = Math.atan2(p.y - s.yCm, p.x - s.xCm);
      const rot = s.rotationDeg + ((a - mode.a0) * 180) / Math.PI;
      ed.change(() => ({ ...s, widthCm: (s.widthCm * d) / Math.max(d0, 1e-3), rotationDeg: ev.shiftKey ? Math.round(rot / 15) * 15 : rot }) as Layer, true);
    } else if (mode.kind === "pinch" && pointers.size >= 2) {
      const f = twoFinger();
      const s = mode.start;
      const m = mode;
      ed.change(() => ({ ...s, widthCm: (s.widthCm * f.d) / Math.max(m.d0, 1e-3), rotationDeg: s.rotationDeg + ((f.ang - m.a0) * 180) / Math.PI, xCm: s.xCm + f.mid.x - m.m0.x, yCm: s.yCm + f.mid.y - m.m0.y }) as Layer, true);
    }
  });

  const end = (ev: PointerEvent) => {
    if (!pointers.delete(ev.pointerId)) return;
    if (mode?.kind === "scroll") {
      if (mode.moved < TAP_PX && ev.type === "pointerup") ed.select(null);
      if (pointers.size === 0) mode = null;
      return;
    }
    if (pointers.size === 0 && mode) {
      mode = null;
      ed.input();
      ed.commit();
      ed.announce();
    } else if (pointers.size === 1 && mode?.kind === "pinch") {
      // one finger left: carry on dragging from where the layer is now
      const l = ed.layer();
      const p = [...pointers.values()][0];
      if (l) mode = { kind: "drag", grab: { x: p.x - l.xCm, y: p.y - l.yCm }, start: l };
    }
  };
  canvas.addEventListener("pointerup", end);
  canvas.addEventListener("pointercancel", end);
}
