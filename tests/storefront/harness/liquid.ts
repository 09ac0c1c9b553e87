/**
 * Renders the real block file (extensions/mockup-viewer/blocks/product-viewer.liquid) with liquidjs, the way a
 * Shopify storefront would. Shopify-only parts are stubbed here, and only these:
 *   filters  `t` (the extension's locales/*.json, default en), `asset_url` (→ {cdn}/extensions/mockup-viewer/assets/),
 *            `image_url` / `image_tag` (for product media without a metafield), `json` (HTML-safe like Shopify's)
 *   tags     `{% schema %}` (parsed as JSON, rendered as nothing, as Shopify does)
 *   objects  `block` (id, settings with the schema's defaults, shopify_attributes), `request.locale`, `product`
 * Everything else (liquid, assign, for, case, if, capture, split, append, plus, default, escape, remove_last) is
 * liquidjs' own, which follows Shopify's Liquid.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { Liquid, type TagToken, type TopLevelToken } from "liquidjs";

export const EXTENSION_DIR = path.resolve("extensions/mockup-viewer");
const BLOCK_FILE = path.join(EXTENSION_DIR, "blocks/product-viewer.liquid");

export interface BlockSchema {
  javascript?: string;
  stylesheet?: string;
  settings: { id?: string; type: string; default?: unknown }[];
}

export interface RenderBlockOptions {
  product: unknown;
  /** "en" or "de" */
  locale: string;
  /** base URL of the fake CDN (no trailing slash) */
  cdn: string;
  /** merchant's settings over the schema defaults */
  settings?: Record<string, unknown>;
  blockId?: string;
}

function locales(lang: string): Record<string, unknown> {
  const file = path.join(EXTENSION_DIR, "locales", lang === "en" ? "en.default.json" : `${lang}.json`);
  return JSON.parse(readFileSync(file, "utf8"));
}

function lookup(obj: unknown, key: string): unknown {
  return key.split(".").reduce<unknown>((o, k) => (o && typeof o === "object" ? (o as Record<string, unknown>)[k] : undefined), obj);
}

/** Shopify's json filter output is safe inside <script>: <, > and & are escaped */
function htmlSafeJson(v: unknown): string {
  return (JSON.stringify(v) ?? "null").replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026");
}

export function blockSchema(): BlockSchema {
  const src = readFileSync(BLOCK_FILE, "utf8");
  return JSON.parse(/{%-?\s*schema\s*-?%}([\s\S]*?){%-?\s*endschema\s*-?%}/.exec(src)![1]);
}

export async function renderBlock(o: RenderBlockOptions): Promise<string> {
  const strings = { [o.locale]: locales(o.locale), en: locales("en") };
  const engine = new Liquid({ strictFilters: true });
  engine.registerFilter("t", (key: string) => {
    const v = lookup(strings[o.locale], key) ?? lookup(strings.en, key);
    if (typeof v !== "string") throw new Error(`translation missing: ${key}`);
    return v;
  });
  engine.registerFilter("asset_url", (name: string) => `${o.cdn}/extensions/mockup-viewer/assets/${name}`);
  engine.registerFilter("json", htmlSafeJson);
  engine.registerFilter("image_url", (media: { src?: string }, ...args: unknown[]) => {
    const width = (args as [string, unknown][]).find((a) => Array.isArray(a) && a[0] === "width")?.[1];
    return `${media?.src ?? ""}${width ? `?width=${width}` : ""}`;
  });
  engine.registerFilter("image_tag", (url: string, ...args: unknown[]) => {
    const attrs = (args as [string, unknown][]).filter(Array.isArray).map(([k, v]) => (k === "widths" ? "" : ` ${k}="${String(v)}"`)).join("");
    return `<img src="${url}"${attrs}>`;
  });
  engine.registerTag("schema", {
    parse(_token: TagToken, remain: TopLevelToken[]) {
      // swallow everything up to endschema (raw JSON, not Liquid)
      while (remain.length) {
        const t = remain.shift() as TopLevelToken & { name?: string };
        if (t.name === "endschema") return;
      }
      throw new Error("schema without endschema");
    },
    render() {
      return "";
    },
  });
  const schema = blockSchema();
  const defaults = Object.fromEntries(schema.settings.filter((s) => s.id).map((s) => [s.id!, s.default ?? ""]));
  const block = { id: o.blockId ?? "AbCdEf123", settings: { ...defaults, ...o.settings }, shopify_attributes: 'data-shopify-editor-block="{}"' };
  return engine.parseAndRender(readFileSync(BLOCK_FILE, "utf8"), {
    product: o.product,
    block,
    request: { locale: { iso_code: o.locale }, design_mode: false },
  });
}
