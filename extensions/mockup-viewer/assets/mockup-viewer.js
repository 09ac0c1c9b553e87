/*
 * Mockup viewer block: the part that runs on page load. It keeps the poster on the selected variant and view,
 * and loads everything heavy (the 3D module, model-viewer, the design module) only when the shopper asks.
 * Interface for other scripts (the design editor, add-to-cart): docs/storefront-block.md.
 *   window.MockupViewer.blocks        one state object per block on the page
 *   window.MockupViewer.define(n, m)  a lazily loaded module registers itself
 *   window.MockupViewer.load(n, st)   loads module n (asset URL from the block config) → Promise<module>
 *   events on the block root: mockup:variant, mockup:view, mockup:viewer-ready, mockup:design, mockup:status
 */
(function () {
  "use strict";
  var MV = (window.MockupViewer = window.MockupViewer || { blocks: [], modules: {}, waiting: {} });
  if (MV.started) return;
  MV.started = true;

  var scripts = {};
  /** one <script> per URL; resolves when it has run */
  MV.script = function (src, type) {
    if (!scripts[src]) {
      scripts[src] = new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        if (type) s.type = type;
        s.src = src;
        s.async = true;
        s.onload = function () { resolve(); };
        s.onerror = function () { delete scripts[src]; reject(new Error("could not load " + src)); };
        document.head.appendChild(s);
      });
    }
    return scripts[src];
  };

  MV.define = function (name, mod) {
    MV.modules[name] = mod;
    (MV.waiting[name] || []).forEach(function (f) { f(mod); });
    delete MV.waiting[name];
  };

  MV.load = function (name, st) {
    if (MV.modules[name]) return Promise.resolve(MV.modules[name]);
    var src = st.config.assets[name];
    if (!src) return Promise.reject(new Error("no module " + name));
    return MV.script(src).then(function () {
      return MV.modules[name] || new Promise(function (resolve) { (MV.waiting[name] = MV.waiting[name] || []).push(resolve); });
    });
  };

  MV.emit = function (st, type, detail) {
    st.root.dispatchEvent(new CustomEvent(type, { detail: detail, bubbles: true }));
  };

  MV.status = function (st, text, isError) {
    var el = st.root.querySelector("[data-mockup-status]");
    if (el) {
      el.textContent = text || "";
      el.classList.toggle("is-error", !!isError);
    }
    MV.emit(st, "mockup:status", { text: text || "", error: !!isError });
  };

  /** poster srcset: the CDN resizes on `width=`; only widths the image has */
  MV.srcset = function (st, poster) {
    var sep = poster.url.indexOf("?") < 0 ? "?" : "&";
    return st.config.widths
      .map(Number)
      .filter(function (w) { return w <= poster.width; })
      .map(function (w) { return poster.url + sep + "width=" + w + " " + w + "w"; })
      .join(", ");
  };

  /** the published entry for a variant id (string keys in the metafield) */
  MV.entry = function (st, id) {
    var doc = st.config.doc;
    return (doc && doc.variants && doc.variants[String(id)]) || null;
  };

  /** the stage's image: a shopper's design mockup wins over the published poster */
  MV.showPoster = function (st) {
    var img = st.root.querySelector("[data-mockup-poster]");
    if (!img) return;
    // thumbs: the colour's poster or the shopper's mockup
    var entry = MV.entry(st, st.variantId);
    var mine = (st.design && st.design.mockups) || [];
    st.root.querySelectorAll("[data-mockup-view]").forEach(function (b) {
      var v = b.getAttribute("data-mockup-view"), thumb = b.querySelector("img");
      var d = mine.filter(function (m) { return m.view === v; })[0], t = entry && entry.posters && entry.posters[v];
      if (thumb && (d || t)) thumb.src = d ? d.url : t.url + (t.url.indexOf("?") < 0 ? "?" : "&") + "width=160";
    });
    var p = null;
    var sized = true;
    if (st.design && st.design.mockups) {
      p = st.design.mockups.filter(function (m) { return m.view === st.view; })[0] || null;
      // one size of a design mockup (no CDN resizing)
      sized = !p;
    }
    if (!p) {
      var e = MV.entry(st, st.variantId);
      p = e && e.posters && (e.posters[st.view] || e.posters[st.config.views[0]]);
      if (p && e.color) img.alt = st.config.title + " – " + e.color.name;
    }
    if (!p) return;
    if (sized) img.srcset = MV.srcset(st, p);
    else img.removeAttribute("srcset");
    img.src = p.url;
    img.width = p.width;
    img.height = p.height;
  };

  function setVariant(st, id) {
    id = String(id || "");
    if (!id || id === String(st.variantId) || !MV.entry(st, id)) return;
    var e = MV.entry(st, id);
    // a design mockup is in one colour: another colour shows the published poster
    if (st.design && st.design.color !== e.materialVariant) st.design = Object.assign({}, st.design, { mockups: null });
    st.variantId = id;
    st.materialVariant = e.materialVariant;
    MV.showPoster(st);
    MV.emit(st, "mockup:variant", { variantId: id, materialVariant: e.materialVariant, color: e.color || null });
  }

  /*
   * The theme's variant selector, most specific first: Dawn's pub/sub (variantChange), the product form's
   * name="id" input (changed by events or written by script: observed), other themes' variant:change events,
   * and ?variant= in the URL (history navigation).
   */
  function followVariants(st) {
    var section = st.root.closest(".shopify-section") || document;
    var form = section.querySelector('form[action*="/cart/add"]') || document.querySelector('form[action*="/cart/add"]');
    var read = function () {
      var input = form && form.querySelector('[name="id"]');
      if (input && input.value) setVariant(st, input.value);
    };
    if (form) {
      form.addEventListener("change", function () { setTimeout(read, 0); });
      new MutationObserver(read).observe(form, { subtree: true, childList: true, attributes: true, attributeFilter: ["value"] });
    }
    document.addEventListener("change", function (ev) {
      var t = ev.target;
      if (t && t.name === "id" && t.form && t.form.action.indexOf("/cart/add") >= 0) setVariant(st, t.value);
    });
    if (typeof window.subscribe === "function" && window.PUB_SUB_EVENTS && window.PUB_SUB_EVENTS.variantChange) {
      window.subscribe(window.PUB_SUB_EVENTS.variantChange, function (ev) {
        var v = ev && ev.data && ev.data.variant;
        if (v && v.id) setVariant(st, v.id);
      });
    }
    ["variant:change", "variant:changed", "variantChange"].forEach(function (name) {
      document.addEventListener(name, function (ev) {
        var v = ev.detail && (ev.detail.variant || ev.detail);
        if (v && v.id) setVariant(st, v.id);
      });
    });
    var fromUrl = function () {
      var id = new URLSearchParams(location.search).get("variant");
      if (id) setVariant(st, id);
    };
    window.addEventListener("popstate", fromUrl);
    fromUrl();
  }

  function init(root) {
    if (root.mockup) return;
    var cfgEl = root.querySelector("[data-mockup-config]");
    var config;
    try {
      config = JSON.parse(cfgEl.textContent);
    } catch (e) {
      return;
    }
    var first = MV.entry({ config: config }, config.variant);
    var st = {
      root: root,
      config: config,
      variantId: String(config.variant),
      materialVariant: first ? first.materialVariant : null,
      view: config.views[0] || (config.doc && config.doc.views && config.doc.views[0]) || "front",
      viewer: null,
      design: null,
    };
    root.mockup = st;
    MV.blocks.push(st);
    followVariants(st);

    root.addEventListener("click", function (ev) {
      var viewBtn = ev.target.closest("[data-mockup-view]");
      if (viewBtn) {
        st.view = viewBtn.getAttribute("data-mockup-view");
        root.querySelectorAll("[data-mockup-view]").forEach(function (b) {
          if (b === viewBtn) b.setAttribute("aria-current", "true");
          else b.removeAttribute("aria-current");
        });
        MV.showPoster(st);
        MV.emit(st, "mockup:view", { view: st.view });
      }
      var edit = ev.target.closest("[data-mockup-edit]");
      if (edit) {
        // the design editor (own bundle, loaded now) opens 3D and paints onto the model
        edit.setAttribute("aria-expanded", "true");
        MV.status(st, config.strings.loading);
        MV.load("editor", st)
          .then(function (m) { return m.open(st); })
          .then(function () { MV.status(st, ""); edit.hidden = true; })
          .catch(function () { edit.setAttribute("aria-expanded", "false"); MV.status(st, config.strings.error, true); });
      }
      if (ev.target.closest("[data-mockup-open]")) {
        MV.status(st, config.strings.loading);
        MV.load("viewer3d", st)
          .then(function (m) { return m.open(st); })
          .catch(function () { MV.status(st, config.strings.error, true); });
      }
    });
    // warm the 3D module (hover, focus, touch)
    var open = root.querySelector("[data-mockup-open]");
    if (open) {
      var warm = function () { MV.load("viewer3d", st).catch(function () {}); };
      open.addEventListener("pointerenter", warm, { once: true });
      open.addEventListener("focus", warm, { once: true });
    }
    var upload = root.querySelector("[data-mockup-upload]");
    if (upload) {
      upload.addEventListener("change", function () {
        var file = upload.files && upload.files[0];
        if (!file) return;
        MV.load("design", st)
          .then(function (m) { return m.upload(st, file); })
          .catch(function () { MV.status(st, config.strings.upload_failed, true); })
          .then(function () { upload.value = ""; });
      });
    }
  }

  function start() {
    document.querySelectorAll("[data-mockup-viewer]").forEach(init);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
  // the theme editor adds and re-renders blocks without a page load
  document.addEventListener("shopify:section:load", start);
})();
