/*
 * Mockup viewer block, 3D part: loaded when the shopper presses "View in 3D". It brings model-viewer from the
 * app proxy (same origin as the store, versioned URL cached for a year: docs/decisions/100), shows the GLB in the
 * selected colour (KHR_materials_variants) and follows the variant selector. AR:
 *   - WebXR and Scene Viewer (Android) load the same GLB by URL, in the selected colour;
 *   - Quick Look (iOS): Shopify's USDZ when the default colour is shown (it has no variants: it shows the GLB's
 *     default, the first colour), otherwise model-viewer exports a USDZ of the current scene (colour and design).
 */
(function () {
  "use strict";
  var MV = window.MockupViewer;
  // keep in step with app/storefront/viewer-assets.server.ts (a test compares them)
  var VIEWER_VERSION = "4.4.0";
  var MESHOPT_VERSION = "1.3.0";
  var libLoad = null;

  function loadLibrary(proxy) {
    if (!libLoad) {
      if (window.customElements && customElements.get("model-viewer")) return (libLoad = Promise.resolve());
      // offline-safe: model-viewer's default decoder location is a third-party CDN
      window.ModelViewerElement = window.ModelViewerElement || {};
      window.ModelViewerElement.meshoptDecoderLocation = proxy + "/static/meshopt_decoder-" + MESHOPT_VERSION + ".js";
      libLoad = MV.script(proxy + "/static/model-viewer-" + VIEWER_VERSION + ".min.js", "module").then(function () {
        return customElements.whenDefined("model-viewer");
      });
      libLoad.catch(function () { libLoad = null; });
    }
    return libLoad;
  }

  function defaultVariant(el) {
    var list = el.availableVariants || [];
    return list.length ? list[0] : null;
  }

  /** Quick Look source: Shopify's USDZ only where it shows what the shopper chose */
  function syncIos(st) {
    var el = st.viewer;
    var model = st.config.doc.model;
    var plain = !st.designGlb && (!st.materialVariant || st.materialVariant === defaultVariant(el));
    if (model.usdzUrl && plain) el.setAttribute("ios-src", model.usdzUrl);
    else el.removeAttribute("ios-src");
  }

  function applyVariant(st) {
    var el = st.viewer;
    if (!el || !el.loaded) return;
    var want = st.materialVariant;
    if (want && (el.availableVariants || []).indexOf(want) >= 0) el.variantName = want;
    syncIos(st);
  }

  function build(st) {
    var c = st.config;
    var box = st.root.querySelector("[data-mockup-3d]");
    var poster = st.root.querySelector("[data-mockup-poster]");
    var el = document.createElement("model-viewer");
    el.className = "mockup-viewer__model";
    el.setAttribute("camera-controls", "");
    el.setAttribute("touch-action", "pan-y");
    el.setAttribute("interaction-prompt", "none");
    el.setAttribute("shadow-intensity", "0.8");
    el.setAttribute("environment-image", "neutral");
    el.setAttribute("exposure", "1");
    el.setAttribute("alt", c.title);
    if (poster && poster.currentSrc) el.setAttribute("poster", poster.currentSrc);
    // the block's status line says "loading"; model-viewer's own bar would draw a grey line over the media
    var bar = document.createElement("div");
    bar.slot = "progress-bar";
    el.appendChild(bar);
    if (c.ar) {
      el.setAttribute("ar", "");
      el.setAttribute("ar-modes", "webxr scene-viewer quick-look");
      el.setAttribute("ar-scale", "fixed");
      var arBtn = document.createElement("button");
      arBtn.type = "button";
      arBtn.slot = "ar-button";
      arBtn.className = "mockup-viewer__ar";
      arBtn.textContent = c.strings.ar;
      el.appendChild(arBtn);
    }
    var close = document.createElement("button");
    close.type = "button";
    close.className = "mockup-viewer__close";
    close.setAttribute("aria-label", c.strings.close);
    close.innerHTML = '<svg aria-hidden="true" width="14" height="14" viewBox="0 0 14 14"><path d="M1 1l12 12M13 1L1 13" stroke="currentColor" stroke-width="1.8"/></svg>';
    close.addEventListener("click", function () { hide(st); });
    box.appendChild(el);
    box.appendChild(close);

    el.addEventListener("load", function () {
      applyVariant(st);
      MV.status(st, "");
      MV.emit(st, "mockup:viewer-ready", { viewer: el });
    });
    el.addEventListener("error", function () { MV.status(st, c.strings.error, true); });
    st.root.addEventListener("mockup:variant", function () { applyVariant(st); });
    st.root.addEventListener("mockup:design", function (ev) { setModel(st, ev.detail && ev.detail.glb); });
    st.viewer = el;
    setModel(st, st.design && st.design.glb);
    return el;
  }

  /** the published GLB, or a shopper's design GLB (same variants, design on its decal layer) */
  function setModel(st, designGlb) {
    if (!st.viewer) return;
    st.designGlb = designGlb || null;
    var src = st.designGlb || st.config.doc.model.url;
    if (st.viewer.getAttribute("src") !== src) st.viewer.setAttribute("src", src);
    else applyVariant(st);
  }

  function show(st) {
    st.root.classList.add("is-3d");
    st.root.querySelector("[data-mockup-3d]").hidden = false;
  }
  function hide(st) {
    st.root.classList.remove("is-3d");
    st.root.querySelector("[data-mockup-3d]").hidden = true;
    var open = st.root.querySelector("[data-mockup-open]");
    if (open) open.focus();
  }

  MV.define("viewer3d", {
    open: function (st) {
      if (!st.config.doc || !st.config.doc.model) return Promise.reject(new Error("no model"));
      return loadLibrary(st.config.proxy).then(function () {
        if (!st.viewer) build(st);
        show(st);
        if (st.viewer.loaded) MV.status(st, "");
        return st.viewer;
      });
    },
    close: hide,
  });
})();
