/**
 * The editor's DOM: area tabs, the 2D preview canvas (keyboard-operable), layer list, layer properties, the
 * print-quality meter and undo/redo. Built with createElement and textContent only: shopper text never becomes
 * markup. Focus order follows the DOM: tabs → preview → add buttons → layers → properties → actions.
 */
import { PRINT_DPI } from "../../contracts/print-units";
import type { Editor } from "./editor";

export interface View {
  canvas: HTMLCanvasElement;
  render(): void;
  status(text: string, error: boolean): void;
  announce(text: string): void;
  /** preview geometry: canvas CSS px per cm and the area's top-left in CSS px */
  geometry(): { k: number; ox: number; oy: number };
}

type Attrs = Record<string, string | number | boolean | undefined>;
function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Array<Node | string>): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (k === "class") e.className = String(v);
    else if (k === "text") e.textContent = String(v);
    else e.setAttribute(k, v === true ? "" : String(v));
  }
  e.append(...children);
  return e;
}

const PAD = 14; // CSS px around the area in the preview

/**
 * The tallest the print area may be drawn: 420 px, and on a short window what is left under the sticky 3D view
 * (at most 42 % of the height, styles.ts) and a row of controls, so the model and the whole area are seen together.
 */
function maxAreaPx(): number {
  const h = window.innerHeight || 800;
  return Math.max(220, Math.min(420, h - Math.min(h * 0.42, window.innerWidth || h) - 2 * PAD - 64));
}

export function buildView(ed: Editor): View {
  const t = ed.t;
  const root = ed.root;
  root.replaceChildren();
  root.classList.add("mockup-editor");
  root.setAttribute("role", "region");
  root.setAttribute("aria-label", t("title"));

  const tabs = el("div", { class: "mockup-editor__tabs", role: "tablist", "aria-label": t("areas") });
  const canvas = el("canvas", { class: "mockup-editor__canvas", tabindex: 0, role: "application", "data-editor-canvas": true });
  const live = el("p", { class: "mockup-editor__sr", "aria-live": "polite", "data-editor-live": true });
  const status = el("p", { class: "mockup-editor__status", role: "status", "data-editor-status": true });
  const file = el("input", { type: "file", accept: "image/png,image/jpeg,image/webp,image/svg+xml", class: "mockup-editor__file", "data-editor-file": true, tabindex: -1, "aria-hidden": "true" });
  const addImage = el("button", { type: "button", class: "mockup-editor__btn", "data-editor-add-image": true, text: t("add_image") });
  const addText = el("button", { type: "button", class: "mockup-editor__btn", "data-editor-add-text": true, text: t("add_text") });
  const list = el("ul", { class: "mockup-editor__layers", "aria-label": t("layers") });
  const props = el("div", { class: "mockup-editor__props" });
  const meter = el("div", { class: "mockup-editor__meter", "data-editor-meter": true, "data-state": "none", role: "group", "aria-label": t("quality") });
  const undo = el("button", { type: "button", class: "mockup-editor__btn mockup-editor__btn--quiet", "data-editor-undo": true, text: t("undo") });
  const redo = el("button", { type: "button", class: "mockup-editor__btn mockup-editor__btn--quiet", "data-editor-redo": true, text: t("redo") });
  const save = el("button", { type: "button", class: "mockup-editor__btn mockup-editor__btn--primary", "data-editor-save": true, text: t("save") });

  const stageWrap = el("div", { class: "mockup-editor__stage" }, canvas);
  const adders = el("div", { class: "mockup-editor__add" }, addImage, addText, file);
  const actions = el("div", { class: "mockup-editor__actions" }, undo, redo, save);
  root.append(el("h3", { class: "mockup-editor__title", text: t("title") }), tabs, stageWrap, meter, adders, list, props, actions, status, live);

  addImage.addEventListener("click", () => file.click());
  file.addEventListener("change", () => {
    const f = file.files?.[0];
    if (f) void ed.addImage(f).then(() => (file.value = ""));
  });
  addText.addEventListener("click", () => void ed.addText());
  undo.addEventListener("click", () => ed.undo());
  redo.addEventListener("click", () => ed.redo());
  save.addEventListener("click", () => void ed.save());
  canvas.addEventListener("keydown", (ev) => {
    if (ed.key(ev)) ev.preventDefault();
  });
  new ResizeObserver(() => draw()).observe(stageWrap);

  let geo = { k: 1, ox: 0, oy: 0 };

  function draw(): void {
    const area = ed.currentArea();
    if (!area) return;
    const cssW = stageWrap.clientWidth || 320;
    const k = Math.min((cssW - 2 * PAD) / area.widthCm, maxAreaPx() / area.heightCm);
    const cssH = area.heightCm * k + 2 * PAD;
    const dpr = Math.min(window.devicePixelRatio || 1, 2);
    if (canvas.width !== Math.round(cssW * dpr) || canvas.height !== Math.round(cssH * dpr)) {
      canvas.width = Math.round(cssW * dpr);
      canvas.height = Math.round(cssH * dpr);
      canvas.style.height = `${cssH}px`;
    }
    geo = { k, ox: (cssW - area.widthCm * k) / 2, oy: PAD };
    const ctx = canvas.getContext("2d")!;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, cssW, cssH);
    // the fabric, the print area and its safe area
    ctx.fillStyle = ed.o.fabric;
    ctx.fillRect(0, 0, cssW, cssH);
    ctx.translate(geo.ox, geo.oy);
    ctx.scale(k, k);
    const dark = luminance(ed.o.fabric) < 0.45;
    ctx.strokeStyle = dark ? "rgba(255,255,255,.55)" : "rgba(0,0,0,.35)";
    ctx.lineWidth = 1 / k;
    ctx.setLineDash([4 / k, 4 / k]);
    const s = ed.safe(area);
    ctx.strokeRect(s.xCm, s.yCm, s.widthCm, s.heightCm);
    ctx.setLineDash([]);
    ctx.strokeStyle = dark ? "rgba(255,255,255,.25)" : "rgba(0,0,0,.15)";
    ctx.strokeRect(0, 0, area.widthCm, area.heightCm);
    ed.drawPreviewLayers(ctx);
    // guides while snapping
    ctx.strokeStyle = "#E4572E";
    ctx.lineWidth = 1.5 / k;
    for (const g of ed.guides) {
      ctx.beginPath();
      if (g.axis === "x") {
        ctx.moveTo(g.at, 0);
        ctx.lineTo(g.at, area.heightCm);
      } else {
        ctx.moveTo(0, g.at);
        ctx.lineTo(area.widthCm, g.at);
      }
      ctx.stroke();
    }
    // selection box and the scale/rotate handle
    const l = ed.layer();
    if (l) {
      const h = l.kind === "image" ? (l.widthCm * l.heightPx) / l.widthPx : l.outline ? (l.widthCm * l.outline.height) / l.outline.width : l.widthCm / 4;
      ctx.save();
      ctx.translate(l.xCm, l.yCm);
      ctx.rotate((l.rotationDeg * Math.PI) / 180);
      ctx.strokeStyle = "#2F6FEB";
      ctx.lineWidth = 1.5 / k;
      ctx.strokeRect(-l.widthCm / 2, -h / 2, l.widthCm, h);
      ctx.fillStyle = "#FFFFFF";
      ctx.beginPath();
      ctx.arc(l.widthCm / 2, h / 2, 7 / k, 0, Math.PI * 2);
      ctx.fill();
      ctx.stroke();
      ctx.restore();
    }
  }

  // tabs and the layer list are rebuilt only when what they show changes: a rebuild between mousedown and mouseup
  // (a text field committing on blur) would swallow the shopper's click
  let tabsKey = "";
  let listKey = "";

  function renderTabs(): void {
    const areas = ed.areas();
    const key = JSON.stringify([ed.area, areas.map((a) => [a.name, ed.layers(a.name).length])]);
    if (key === tabsKey) return;
    tabsKey = key;
    tabs.replaceChildren(
      ...areas.map((a) => {
        const count = ed.layers(a.name).length;
        const b = el("button", { type: "button", role: "tab", class: "mockup-editor__tab", "data-editor-area": a.name, "aria-selected": String(a.name === ed.area), tabindex: a.name === ed.area ? 0 : -1 }, ed.areaName(a.name));
        if (count) b.append(el("span", { class: "mockup-editor__count", "aria-hidden": "true", text: count }));
        b.addEventListener("click", () => ed.setArea(a.name));
        b.addEventListener("keydown", (ev) => {
          const i = areas.findIndex((x) => x.name === ed.area);
          const d = ev.key === "ArrowRight" ? 1 : ev.key === "ArrowLeft" ? -1 : 0;
          if (!d) return;
          ev.preventDefault();
          ed.setArea(areas[(i + d + areas.length) % areas.length].name);
          (tabs.querySelector(`[data-editor-area="${ed.area}"]`) as HTMLElement | null)?.focus();
        });
        return b;
      }),
    );
  }

  function renderList(): void {
    const layers = ed.layers();
    const key = JSON.stringify([ed.area, ed.selected, layers.map((l) => [l.id, ed.layerName(l)])]);
    if (key === listKey) return;
    listKey = key;
    if (!layers.length) {
      list.replaceChildren(el("li", { class: "mockup-editor__empty", text: t("empty") }));
      return;
    }
    list.replaceChildren(
      ...[...layers].reverse().map((l) => {
        const b = el("button", { type: "button", class: "mockup-editor__layer", "data-editor-layer": l.id, "aria-pressed": String(l.id === ed.selected) }, el("span", { class: `mockup-editor__icon mockup-editor__icon--${l.kind}`, "aria-hidden": "true", text: l.kind === "text" ? "T" : "▣" }), ed.layerName(l));
        b.addEventListener("click", () => ed.select(l.id));
        return el("li", {}, b);
      }),
    );
  }

  // the properties panel is rebuilt only when another layer is selected; otherwise its controls are updated in
  // place, so a range being dragged or a text being typed keeps its pointer capture, focus and caret
  let propsFor = "";
  let refs: { size: HTMLInputElement; sizeLabel: HTMLElement; rot: HTMLInputElement; rotLabel: HTMLElement; text?: HTMLInputElement; font?: HTMLSelectElement; swatches?: HTMLElement } | null = null;

  function renderProps(): void {
    const l = ed.layer();
    const key = l ? `${ed.area}/${l.id}` : "";
    if (key !== propsFor) buildProps(key);
    if (!l || !refs) return;
    refs.size.value = String(Math.round(l.widthCm * 10));
    refs.size.setAttribute("aria-valuetext", `${l.widthCm.toFixed(1)} cm`);
    refs.sizeLabel.textContent = `${t("size")} · ${l.widthCm.toFixed(1)} cm`;
    refs.rot.value = String(Math.round(l.rotationDeg));
    refs.rot.setAttribute("aria-valuetext", `${Math.round(l.rotationDeg)}°`);
    refs.rotLabel.textContent = `${t("rotation")} · ${Math.round(l.rotationDeg)}°`;
    if (l.kind === "text") {
      if (refs.text && document.activeElement !== refs.text) refs.text.value = l.text;
      if (refs.font) refs.font.value = l.font;
      refs.swatches?.querySelectorAll("[data-editor-color]").forEach((s) => s.setAttribute("aria-checked", String(s.getAttribute("data-editor-color")!.toUpperCase() === l.color.toUpperCase())));
    }
  }

  function buildProps(key: string): void {
    propsFor = key;
    refs = null;
    const l = ed.layer();
    if (!l) return void props.replaceChildren();
    const nodes: Node[] = [];
    let text: HTMLInputElement | undefined, font: HTMLSelectElement | undefined, swatches: HTMLElement | undefined;
    if (l.kind === "text") {
      text = el("input", { type: "text", class: "mockup-editor__input", "data-editor-text": true, maxlength: 80 });
      const input = text;
      input.addEventListener("focus", () => ed.history.begin());
      input.addEventListener("input", () => void ed.setText({ text: input.value }, true));
      input.addEventListener("change", () => ed.commit());
      nodes.push(el("label", { class: "mockup-editor__field" }, el("span", { text: t("text_label") }), input));
      font = el("select", { class: "mockup-editor__input", "data-editor-font": true });
      const select = font;
      for (const f of ed.fontOptions()) select.append(el("option", { value: f.id, text: f.label }));
      select.addEventListener("change", () => void ed.setText({ font: select.value }));
      nodes.push(el("label", { class: "mockup-editor__field" }, el("span", { text: t("font") }), select));
      swatches = el("div", { class: "mockup-editor__swatches", role: "radiogroup", "aria-label": t("color") });
      for (const c of ed.o.policy.colors) {
        const sw = el("button", { type: "button", role: "radio", class: "mockup-editor__swatch", "aria-label": c, "data-editor-color": c, style: `--swatch:${c}` });
        sw.addEventListener("click", () => void ed.setText({ color: c }));
        swatches.append(sw);
      }
      nodes.push(el("div", { class: "mockup-editor__field" }, el("span", { text: t("color") }), swatches));
    }
    const area = ed.currentArea();
    const size = el("input", { type: "range", min: 10, max: Math.round(area.widthCm * 15), step: 1, "data-editor-size": true });
    size.addEventListener("pointerdown", () => ed.history.begin());
    size.addEventListener("input", () => (ed.input(), ed.change((x) => ({ ...x, widthCm: Number(size.value) / 10 }), true)));
    size.addEventListener("change", () => ed.commit());
    const rot = el("input", { type: "range", min: -180, max: 180, step: 1, "data-editor-rotation": true });
    rot.addEventListener("pointerdown", () => ed.history.begin());
    rot.addEventListener("input", () => (ed.input(), ed.change((x) => ({ ...x, rotationDeg: Number(rot.value) }), true)));
    rot.addEventListener("change", () => ed.commit());
    const sizeLabel = el("span"), rotLabel = el("span");
    nodes.push(el("label", { class: "mockup-editor__field" }, sizeLabel, size));
    nodes.push(el("label", { class: "mockup-editor__field" }, rotLabel, rot));
    const centre = el("button", { type: "button", class: "mockup-editor__btn mockup-editor__btn--quiet", "data-editor-centre": true, text: t("centre") });
    centre.addEventListener("click", () => ed.centre());
    const fwd = el("button", { type: "button", class: "mockup-editor__btn mockup-editor__btn--quiet", "data-editor-forward": true, text: t("forward") });
    fwd.addEventListener("click", () => ed.forward());
    const del = el("button", { type: "button", class: "mockup-editor__btn mockup-editor__btn--quiet", "data-editor-remove": true, text: t("remove") });
    del.addEventListener("click", () => ed.remove());
    nodes.push(el("div", { class: "mockup-editor__row" }, centre, fwd, del));
    props.replaceChildren(...nodes);
    refs = { size, sizeLabel, rot, rotLabel, text, font, swatches };
  }

  function renderMeter(): void {
    const q = ed.quality();
    meter.dataset.state = q.state;
    meter.dataset.inside = String(q.inside);
    const parts: Node[] = [];
    if (q.state === "good" || q.state === "fair" || q.state === "low") {
      const key = q.state === "good" ? "dpi_good" : q.state === "fair" ? "dpi_fair" : "dpi_low";
      const bar = el("span", { class: "mockup-editor__bar", "aria-hidden": "true" }, el("span", { class: "mockup-editor__fill", style: `width:${Math.min(100, Math.round(((q.dpi ?? 0) / PRINT_DPI.good) * 100))}%` }));
      parts.push(el("span", { class: "mockup-editor__meter-title", text: t("quality") }), bar, el("span", { class: "mockup-editor__meter-text", "data-editor-dpi": q.dpi, text: t(key, { dpi: q.dpi ?? 0, cm: (q.widthCm ?? 0).toFixed(1) }) }));
    } else if (q.state === "text") {
      parts.push(el("span", { class: "mockup-editor__meter-title", text: t("quality") }), el("span", { class: "mockup-editor__meter-text", text: t("dpi_text") }));
    }
    if (q.state !== "none") parts.push(el("span", { class: "mockup-editor__safe", "data-editor-safe": q.inside ? "in" : "out", text: q.inside ? t("safe_ok") : t("safe_out") }));
    meter.replaceChildren(...parts);
  }

  function describeCanvas(): void {
    const l = ed.layer();
    canvas.setAttribute("aria-label", t("canvas", { area: ed.areaName(ed.area), selected: l ? t("selected", { name: ed.layerName(l) }) : t("nothing_selected") }));
  }

  return {
    canvas,
    geometry: () => geo,
    render() {
      // tabs and layer buttons are rebuilt: keep keyboard focus on the same one
      const active = document.activeElement as HTMLElement | null;
      const keep = active && root.contains(active) ? (["data-editor-area", "data-editor-layer"].map((a) => [a, active.getAttribute(a)] as const).find(([, v]) => v !== null) ?? null) : null;
      renderTabs();
      renderList();
      if (keep) (root.querySelector(`[${keep[0]}="${CSS.escape(keep[1]!)}"]`) as HTMLElement | null)?.focus();
      renderProps();
      renderMeter();
      describeCanvas();
      addImage.hidden = !ed.o.policy.uploads;
      addImage.disabled = addText.disabled = !ed.canAdd();
      undo.disabled = !ed.history.canUndo;
      redo.disabled = !ed.history.canRedo;
      draw();
    },
    status(text, error) {
      status.textContent = text;
      status.classList.toggle("is-error", error);
    },
    announce(text) {
      live.textContent = text;
    },
  };
}

function luminance(hex: string): number {
  const n = parseInt(hex.slice(1), 16);
  return (0.2126 * ((n >> 16) & 255) + 0.7152 * ((n >> 8) & 255) + 0.0722 * (n & 255)) / 255;
}
