/*
 * Mockup viewer block, cart part: loaded once the shopper has a design (after `mockup:design`). The product's own
 * selected variant goes into the cart with two line item properties (app/contracts/order-line.ts) — never a product
 * or a variant per design:
 *   _design_id  the design's id (hidden: Shopify and themes hide "_" keys; the order keeps it)
 *   Design      an absolute link to the shopper's mockup through the app proxy (stable; outlives storage URLs)
 * The same two values go into the theme's product form as hidden inputs at once, so the theme's own "Add to cart"
 * carries the design too, and they are the fallback when the Ajax call fails. The Ajax call asks for the theme's
 * cart sections (`sections`) and re-renders them: Dawn's <cart-drawer>/<cart-notification> through their own
 * renderContents, any other theme by replacing the sections it names (cart count bubble, drawer).
 */
(function () {
  "use strict";
  var MV = window.MockupViewer;
  var ID_KEY = "_design_id";
  var LINK_KEY = "Design";
  var FALLBACK_SECTIONS = ["cart-icon-bubble", "cart-drawer", "cart-live-region-text", "cart-notification-button"];

  function props(st) {
    var d = st.design || {};
    var m = d.mockups && d.mockups[0];
    var link = new URL(m ? m.url : st.config.proxy + "/designs/" + d.designId, location.origin).href;
    var p = {};
    p[ID_KEY] = String(d.designId);
    p[LINK_KEY] = link;
    return p;
  }

  /** The theme's form that adds this product: the one whose variant input is ours, else the first product form. */
  function productForm(st) {
    var forms = Array.prototype.slice.call(document.querySelectorAll('form[action*="/cart/add"]'));
    var withId = forms.filter(function (f) { return f.querySelector('[name="id"]'); });
    return withId.filter(function (f) { return f.querySelector('[name="id"]').value === String(st.variantId); })[0] || withId[0] || null;
  }

  function fillForm(form, p) {
    Object.keys(p).forEach(function (k) {
      var name = "properties[" + k + "]";
      var input = form.querySelector('input[data-mockup-cart][name="' + name + '"]');
      if (!input) {
        input = document.createElement("input");
        input.type = "hidden";
        input.name = name;
        input.setAttribute("data-mockup-cart", "");
        form.appendChild(input);
      }
      input.value = p[k];
    });
  }

  function targets() {
    var el = document.querySelector("cart-drawer") || document.querySelector("cart-notification");
    if (el && typeof el.getSectionsToRender === "function" && typeof el.renderContents === "function") {
      return { el: el, ids: el.getSectionsToRender().map(function (s) { return s.section || s.id; }) };
    }
    return { el: null, ids: FALLBACK_SECTIONS.filter(function (id) { return document.getElementById("shopify-section-" + id) || document.getElementById(id); }) };
  }

  function render(t, body) {
    if (t.el) {
      t.el.classList.remove("is-empty");
      t.el.renderContents(body);
      return;
    }
    var sections = body.sections || {};
    Object.keys(sections).forEach(function (id) {
      var host = document.getElementById("shopify-section-" + id) || document.getElementById(id);
      if (!host || typeof sections[id] !== "string") return;
      var doc = new DOMParser().parseFromString(sections[id], "text/html");
      var fresh = doc.getElementById("shopify-section-" + id) || doc.getElementById(id) || doc.body;
      host.innerHTML = fresh.innerHTML;
    });
  }

  function fallback(st, p) {
    var form = productForm(st);
    if (!form) {
      MV.status(st, st.config.strings.cart_failed, true);
      return null;
    }
    fillForm(form, p);
    var id = form.querySelector('[name="id"]');
    if (id) id.value = String(st.variantId);
    // a plain submit: the theme's own handler may take it, or the browser posts to /cart/add
    if (typeof form.requestSubmit === "function") form.requestSubmit();
    else form.submit();
    return null;
  }

  function add(st) {
    var c = st.config;
    var p = props(st);
    var form = productForm(st);
    var qty = form && form.querySelector('[name="quantity"]');
    var t = targets();
    var root = (window.Shopify && window.Shopify.routes && window.Shopify.routes.root) || "/";
    var body = { items: [{ id: Number(st.variantId), quantity: Math.max(1, parseInt(qty && qty.value, 10) || 1), properties: p }] };
    if (t.ids.length) {
      body.sections = t.ids.join(",");
      body.sections_url = location.pathname;
    }
    st.root.classList.add("is-busy");
    MV.status(st, c.strings.adding);
    return fetch(root + "cart/add.js", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-Requested-With": "XMLHttpRequest" },
      body: JSON.stringify(body),
      credentials: "same-origin",
    })
      .then(function (res) {
        return res.json().catch(function () { return {}; }).then(function (b) {
          if (res.ok) {
            render(t, b);
            MV.status(st, c.strings.added);
            MV.emit(st, "mockup:cart", { designId: p[ID_KEY], variantId: String(st.variantId), cart: b });
            return b;
          }
          // the shop refused the line (sold out, a limit): the form would be refused the same way
          if (res.status === 422) {
            MV.status(st, b.description || b.message || c.strings.cart_failed, true);
            return null;
          }
          throw new Error("cart/add " + res.status);
        });
      })
      .catch(function () { return fallback(st, p); })
      .then(function (r) {
        st.root.classList.remove("is-busy");
        return r;
      });
  }

  /** Shows the block's button and puts the design into the theme's form; called after every new design. */
  function attach(st) {
    var form = productForm(st);
    if (form) fillForm(form, props(st));
    var btn = st.root.querySelector("[data-mockup-cart]");
    if (!btn) return;
    btn.hidden = false;
    if (!btn.mockupBound) {
      btn.mockupBound = true;
      btn.addEventListener("click", function () { add(st); });
    }
  }

  MV.define("cart", { add: add, attach: attach, properties: props });
})();
