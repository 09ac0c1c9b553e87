/*
 * Mockup viewer block, design editor loader: loaded when the shopper presses "Design your own". The editor itself
 * (layers, text outlines, the live texture, the print-quality meter) is one bundle the app serves through the
 * proxy under a content-hashed name (cached for a year), so this file stays tiny. scripts/build-editor.mjs writes
 * the name below; a test checks it.
 */
(function () {
  "use strict";
  var MV = window.MockupViewer;
  var EDITOR_BUNDLE = "mockup-editor-3a3b1c0d8efe.js";
  var loading = null;
  MV.define("editor", {
    open: function (st) {
      // a saved document is a design like an upload (mockup-design.js): the block keeps it and adds it to the cart
      if (!st.editorCart) {
        st.editorCart = true;
        st.root.addEventListener("mockup:design", function (ev) {
          if (!ev.detail || !ev.detail.designId) return;
          st.design = ev.detail;
          if (st.config.assets.cart) MV.load("cart", st).then(function (m) { m.attach(st); }).catch(function () {});
        });
      }
      if (!loading) {
        loading = MV.script(st.config.proxy + "/static/" + EDITOR_BUNDLE);
        loading.catch(function () { loading = null; });
      }
      return loading.then(function () { return window.MockupEditor.open(st); });
    },
  });
})();
