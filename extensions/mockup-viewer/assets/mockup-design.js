/*
 * Mockup viewer block, design part: loaded when the shopper picks a file. It posts the file to the app proxy
 * (POST {proxy}/designs), which answers once the server mockups are stored: a design id, a mockup per view in the
 * selected colour and a GLB with the design on its decal layer. The design editor (next issue) calls the same
 * `upload(st, file, placement)`; add-to-cart reads `st.design.designId`.
 */
(function () {
  "use strict";
  var MV = window.MockupViewer;
  var MAX_BYTES = 25 * 1024 * 1024;

  function upload(st, file, placement) {
    var c = st.config;
    if (file.size > MAX_BYTES) {
      MV.status(st, c.strings.too_large, true);
      return Promise.resolve(null);
    }
    var e = MV.entry(st, st.variantId);
    var q = new URLSearchParams({
      product: String(c.doc.productId || "").replace(/^.*\//, ""),
      variant: String(st.variantId),
      color: (e && e.materialVariant) || "",
      views: c.views.join(","),
      locale: c.locale || "en",
    });
    if (placement) q.set("placement", JSON.stringify(placement));
    MV.status(st, c.strings.uploading);
    st.root.classList.add("is-busy");
    return fetch(c.proxy + "/designs?" + q, {
      method: "POST",
      body: file,
      headers: { "Content-Type": file.type || "application/octet-stream", Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (res) {
        return res.json().catch(function () { return {}; }).then(function (body) {
          if (!res.ok) {
            MV.status(st, body.message || c.strings.upload_failed, true);
            return null;
          }
          st.design = body;
          MV.showPoster(st);
          MV.status(st, c.strings.uploaded);
          MV.emit(st, "mockup:design", body);
          // add to cart with this design (assets/mockup-cart.js)
          if (c.assets.cart) MV.load("cart", st).then(function (m) { m.attach(st); }).catch(function () {});
          return body;
        });
      })
      .catch(function () {
        MV.status(st, c.strings.upload_failed, true);
        return null;
      })
      .then(function (r) {
        st.root.classList.remove("is-busy");
        return r;
      });
  }

  MV.define("design", { upload: upload });
})();
