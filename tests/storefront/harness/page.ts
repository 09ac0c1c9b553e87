/**
 * A product page shaped like Dawn's (the reference Online Store 2.0 theme): header, a two-column product section,
 * `variant-selects` pills outside the form that write the form's hidden `name="id"` input, `?variant=` through
 * history.replaceState and Dawn's pub/sub `variantChange`. The block sits in the media column; without it, the
 * column shows the variant's image as Dawn does (the same LCP image), so a Lighthouse comparison measures the block.
 */
import type { BlockSchema } from "./liquid";
import { COLORS } from "./catalog";

export interface PageOptions {
  /** the rendered block, or null for the page without it */
  block: string | null;
  schema: BlockSchema;
  product: { title: string; vendor: string; selected_or_first_available_variant: { id: number; title: string; featured_media: { src: string } } };
  locale: string;
  cdn: string;
}

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);

const THEME_CSS = `
html{font-size:62.5%;box-sizing:border-box}*,*::before,*::after{box-sizing:inherit}
body{margin:0;font:1.5rem/1.6 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;letter-spacing:.06rem;color:#121212;background:#fff}
.announcement{background:#121212;color:#fff;text-align:center;font-size:1.3rem;padding:1rem}
.header{display:flex;align-items:center;justify-content:space-between;max-width:120rem;margin:0 auto;padding:2rem 5rem;border-bottom:1px solid rgba(18,18,18,.08)}
.header__logo{font-size:2.2rem;letter-spacing:.3rem;text-transform:uppercase;font-weight:600}.header nav a{margin-left:2.4rem;color:inherit;text-decoration:none;font-size:1.4rem}
.product{display:grid;grid-template-columns:minmax(0,1.1fr) minmax(0,.9fr);gap:5rem;max-width:120rem;margin:3.6rem auto;padding:0 5rem}
@media (max-width:749px){.product{grid-template-columns:1fr;padding:0 1.5rem;gap:2.5rem}.header{padding:1.5rem;flex-wrap:wrap;gap:.8rem 1.6rem}.header nav a{margin:0 1.6rem 0 0}}
.product__media-plain{aspect-ratio:1/1;background:rgba(18,18,18,.04)}.product__media-plain img{width:100%;height:100%;object-fit:contain;display:block}
.product__vendor{font-size:1.2rem;letter-spacing:.13rem;text-transform:uppercase;color:rgba(18,18,18,.75)}
.product__title{font-size:4rem;font-weight:400;line-height:1.2;margin:.5rem 0 1.5rem}
.price{font-size:1.8rem;letter-spacing:.1rem}.tax{font-size:1.2rem;color:rgba(18,18,18,.7);margin:.4rem 0 2.5rem}
fieldset{border:0;padding:0;margin:0 0 2rem}legend{font-size:1.4rem;margin-bottom:.8rem}
.pill input{position:absolute;opacity:0;width:1px;height:1px}.pill label{display:inline-block;border:1px solid rgba(18,18,18,.55);border-radius:4rem;padding:1rem 2rem;margin:0 .7rem .7rem 0;font-size:1.4rem;cursor:pointer}
.pill input:checked+label{background:#121212;color:#fff}
.button{display:block;width:100%;max-width:44rem;min-height:4.6rem;border:0;background:#121212;color:#fff;font:inherit;font-size:1.5rem;letter-spacing:.1rem;cursor:pointer;margin-top:1rem}
.button--secondary{background:#fff;color:#121212;border:1px solid #121212}
.description{max-width:44rem;margin-top:3rem;color:rgba(18,18,18,.75)}
`;

/** Dawn's pub/sub and variant picker, reduced to what changes the variant (inline, as a theme bundles it). */
const THEME_JS = `
var PUB_SUB_EVENTS={variantChange:'variant-change'};var subscribers={};
function subscribe(e,cb){(subscribers[e]=subscribers[e]||[]).push(cb);return function(){subscribers[e]=subscribers[e].filter(function(c){return c!==cb})}}
function publish(e,d){(subscribers[e]||[]).forEach(function(cb){cb(d)})}
customElements.define('variant-selects',class extends HTMLElement{connectedCallback(){this.addEventListener('change',()=>{
 var name=this.querySelector('input:checked').value;var v=JSON.parse(this.querySelector('[type="application/json"]').textContent).find(function(x){return x.title===name});
 var input=document.querySelector('#product-form-template--main input[name="id"]');input.value=v.id;
 history.replaceState({},'',location.pathname+'?variant='+v.id);
 publish(PUB_SUB_EVENTS.variantChange,{data:{sectionId:'template--main',variant:v}});});}});
`;

export function productPage(o: PageOptions): string {
  const v = o.product.selected_or_first_available_variant;
  const head: string[] = [];
  if (o.block && o.schema.stylesheet) head.push(`<link rel="stylesheet" href="${o.cdn}/extensions/mockup-viewer/assets/${o.schema.stylesheet}">`);
  // Shopify injects the block's schema javascript once per page, deferred
  if (o.block && o.schema.javascript) head.push(`<script src="${o.cdn}/extensions/mockup-viewer/assets/${o.schema.javascript}" defer></script>`);
  const media =
    o.block ??
    `<div class="product__media-plain"><img src="${v.featured_media.src}" srcset="${[360, 540, 720, 900].map((w) => `${v.featured_media.src}?width=${w} ${w}w`).join(", ")}" sizes="(min-width: 990px) 50vw, 100vw" width="1024" height="1024" alt="${esc(o.product.title)}" fetchpriority="high"></div>`;
  const de = o.locale === "de";
  const variantsJson = JSON.stringify(COLORS.map((c) => ({ id: Number(c.variant), title: c.name })));
  return `<!doctype html>
<html lang="${o.locale}">
<head>
<meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(o.product.title)} – Alpine Merino</title>
<meta name="description" content="${de ? "Weiches Merino-T-Shirt aus 100 % Merinowolle." : "A soft tee in 100% merino wool."}">
<style>${THEME_CSS}</style>
${head.join("\n")}
</head>
<body>
<div class="announcement">${de ? "Kostenloser Versand ab 50 €" : "Free shipping over €50"}</div>
<header class="header"><span class="header__logo">Alpine Merino</span><nav><a href="/">${de ? "Startseite" : "Home"}</a><a href="/collections/all">${de ? "Kollektion" : "Catalog"}</a><a href="/cart">${de ? "Warenkorb" : "Cart"}</a></nav></header>
<main>
<div class="shopify-section" id="shopify-section-template--main">
<section class="product">
  <div class="product__media-wrapper">${media}</div>
  <div class="product__info">
    <p class="product__vendor">${esc(o.product.vendor)}</p>
    <h1 class="product__title">${esc(o.product.title)}</h1>
    <div class="price">€39,00 EUR</div>
    <p class="tax">${de ? "inkl. MwSt." : "Tax included."}</p>
    <variant-selects id="variant-selects-template--main">
      <fieldset class="pill"><legend>${de ? "Farbe" : "Color"}</legend>
      ${COLORS.map((c, i) => `<input type="radio" id="opt-${i}" name="Color" value="${c.name}"${c.variant === String(v.id) ? " checked" : ""}><label for="opt-${i}">${c.name}</label>`).join("")}
      </fieldset>
      <script type="application/json">${variantsJson}</script>
    </variant-selects>
    <form method="post" action="/cart/add" id="product-form-template--main" class="form" accept-charset="UTF-8" enctype="multipart/form-data">
      <input type="hidden" name="form_type" value="product"><input type="hidden" name="utf8" value="✓">
      <input type="hidden" name="id" value="${v.id}" class="product-variant-id">
      <button type="submit" name="add" class="button">${de ? "In den Warenkorb legen" : "Add to cart"}</button>
    </form>
    <div class="description"><p>${de ? "Unser leichtes T-Shirt aus feiner Merinowolle: atmungsaktiv, temperaturregulierend und geruchsneutral. 160 g/m², in Portugal genäht." : "Our lightweight tee in fine merino wool: breathable, temperature-regulating and odour-resistant. 160 g/m², sewn in Portugal."}</p></div>
  </div>
</section>
</div>
</main>
<script>${THEME_JS}</script>
</body>
</html>`;
}
