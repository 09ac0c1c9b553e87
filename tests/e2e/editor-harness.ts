/**
 * A storefront product page on 127.0.0.1 for the design editor: Dawn-like layout with the block's markup (as
 * blocks/product-viewer.liquid renders it), the extension's real assets, and an app-proxy stand-in that calls the
 * same server functions as the proxy routes (intake, design documents, fonts, static bundles) on an in-memory
 * asset store. Signatures are the routes' business and tested there; this page is about the shopper.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";
import type { AssetInfo, AssetStore } from "../../app/assets/store/types";
import { editorPolicySchema, type EditorPolicyInput } from "../../app/contracts/editor-policy";
import { designGlb } from "../../app/designs/document/decal-glb.server";
import { fontResponse } from "../../app/designs/text/font-files.server";
import { importModel } from "../../app/gltf/import";
import { writeGlb } from "../../app/gltf/optimise";
import { processModel } from "../../app/gltf/process";
import { addColorVariants } from "../../app/gltf/variants";
import { loadModel } from "../../app/library";
import { composeMockup } from "../../app/mockups/compose/mockup";
import { viewerAssetResponse } from "../../app/storefront/viewer-assets.server";
import { DesignDocumentError } from "../../app/designs/document/errors";
import { modelPasses, ProxyInputError, saveDesignDocument, shopperAsset, uploadShopperImage, type DesignModel, type SavedDesignAnswer, type ShopperDesignRow } from "../../app/storefront/design-documents.server";

export const COLORS = [
  { name: "Forest Green", hex: "#2E8B57", variant: "44012345678901" },
  { name: "Beige", hex: "#F5DEB3", variant: "44012345678902" },
  { name: "Black", hex: "#000000", variant: "44012345678903" },
];

/** AssetStore in memory with per-key info (the ShopAssetStore contract without a database). */
export class MemoryAssetStore implements AssetStore {
  readonly shop = "harness.myshopify.com";
  readonly rows = new Map<string, { bytes: Buffer; info: AssetInfo }>();
  async put(data: Buffer | Uint8Array, info: AssetInfo): Promise<string> {
    const bytes = Buffer.from(data);
    const key = createHash("sha256").update(bytes).digest("hex");
    this.rows.set(key, { bytes, info });
    return key;
  }
  async putFile(file: string, info: AssetInfo): Promise<string> {
    return this.put(readFileSync(file), info);
  }
  async get(key: string): Promise<Buffer> {
    const r = this.rows.get(key);
    if (!r) throw new Error(`no asset ${key}`);
    return r.bytes;
  }
  async path(): Promise<string> {
    throw new Error("no paths in memory");
  }
  async has(key: string): Promise<boolean> {
    return this.rows.has(key);
  }
  async info(key: string) {
    const r = this.rows.get(key);
    return r ? { ...r.info, key, bytes: r.bytes.length } : null;
  }
}

export interface Harness {
  base: string;
  store: MemoryAssetStore;
  model: DesignModel;
  answers: SavedDesignAnswer[];
  /** the Design rows saves made (as the route's createShopperDesign would), by id */
  designs: Map<string, ShopperDesignRow>;
  policy: EditorPolicyInput;
  close(): Promise<void>;
}

function body(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function page(locale: string, variant: string, printAreas: unknown): string {
  const de = locale.startsWith("de");
  const variants = Object.fromEntries(
    COLORS.map((c) => [c.variant, { gid: `gid://shopify/ProductVariant/${c.variant}`, materialVariant: c.name, color: { name: c.name, hex: c.hex }, posters: { front: { url: `/posters/${c.variant}-front.jpg`, width: 1024, height: 1024 }, back: { url: `/posters/${c.variant}-back.jpg`, width: 1024, height: 1024 } } }]),
  );
  const doc = { schemaVersion: 1, productId: "gid://shopify/Product/8012345678901", publishedAt: "2026-12-01T21:30:00.000Z", model: { url: "/models/tee.glb", source: "app" }, views: ["front", "back"], variants, printAreas };
  const config = {
    doc,
    variant: Number(variant),
    views: ["front", "back"],
    widths: ["360", "540", "720", "1024"],
    proxy: "/apps/mockup",
    ar: true,
    locale,
    title: "Merino Tee",
    assets: { viewer3d: "/ext/mockup-3d.js", design: "/ext/mockup-design.js", editor: "/ext/mockup-editor.js" },
    editor: { areas: [], fonts: [], colors: [], maxLayers: 8, uploads: true },
    strings: de
      ? { loading: "3D-Modell wird geladen …", error: "Die 3D-Ansicht konnte nicht geladen werden.", ar: "In deinem Raum ansehen", close: "3D-Ansicht schließen", uploading: "…", uploaded: "…", upload_failed: "…", too_large: "…" }
      : { loading: "Loading 3D model…", error: "The 3D view could not be loaded.", ar: "View in your space", close: "Close 3D view", uploading: "…", uploaded: "…", upload_failed: "…", too_large: "…" },
  };
  const colourInputs = COLORS.map((c) => `<label class="swatch"><input type="radio" name="Color" value="${c.variant}"${c.variant === variant ? " checked" : ""}><span style="background:${c.hex}"></span>${c.name}</label>`).join("");
  return `<!doctype html><html lang="${de ? "de" : "en"}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Merino Tee</title>
<style>
html{font-size:62.5%}body{margin:0;font:1.5rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#121212;background:#fff}
header{border-bottom:1px solid #eee;padding:1.6rem 4rem;font-weight:700;letter-spacing:.2rem}
.page{display:grid;grid-template-columns:minmax(0,1.1fr) minmax(0,1fr);gap:4rem;max-width:1200px;margin:3rem auto;padding:0 4rem}
h1{font-size:3.2rem;margin:0 0 .8rem;font-weight:500}.price{font-size:1.8rem;margin:0 0 2rem}
.swatch{display:inline-flex;align-items:center;gap:.6rem;margin-right:1.4rem}.swatch span{width:2rem;height:2rem;border-radius:50%;border:1px solid #0003}
.cart{margin-top:2rem;width:100%;padding:1.4rem;background:#121212;color:#fff;border:0;font:inherit}
</style>
<link rel="stylesheet" href="/ext/mockup-viewer.css">
<script src="/ext/mockup-viewer.js" defer></script>
</head><body><header>MERINO &amp; CO.</header>
<div class="page"><div class="media">
<div id="MockupViewer-b1" class="mockup-viewer" data-mockup-viewer data-product-id="8012345678901">
  <div class="mockup-viewer__stage" data-mockup-stage>
    <img class="mockup-viewer__poster" data-mockup-poster src="/posters/${variant}-front.jpg" width="1024" height="1024" alt="Merino Tee">
    <button type="button" class="mockup-viewer__open" data-mockup-open aria-controls="MockupViewer-b1-3d"><span>${de ? "In 3D ansehen" : "View in 3D"}</span></button>
    <div class="mockup-viewer__3d" id="MockupViewer-b1-3d" data-mockup-3d hidden></div>
    <p class="mockup-viewer__status" data-mockup-status role="status" aria-live="polite"></p>
  </div>
  <div class="mockup-viewer__design" data-mockup-design-root>
    <button type="button" class="mockup-viewer__edit" data-mockup-edit aria-expanded="false" aria-controls="MockupViewer-b1-editor">${de ? "Selbst gestalten" : "Design your own"}</button>
    <div data-mockup-editor id="MockupViewer-b1-editor"></div>
  </div>
  <script type="application/json" data-mockup-config>${JSON.stringify(config).replace(/</g, "\\u003c")}</script>
</div></div>
<div class="info"><h1>Merino Tee</h1><p class="price">€39.00</p>
<form id="product-form" action="/cart/add"><input type="hidden" name="id" value="${variant}"><fieldset style="border:0;padding:0"><legend>${de ? "Farbe" : "Colour"}</legend>${colourInputs}</fieldset>
<button class="cart" type="button">${de ? "In den Warenkorb" : "Add to cart"}</button></form>
<p>${de ? "Weiches Merino, 180 g/m². Gestalte Vorder- und Rückseite selbst." : "Soft merino, 180 g/m². Design the front and back yourself."}</p></div></div>
</body></html>`;
}

export async function startHarness(policy: EditorPolicyInput = {}): Promise<Harness> {
  const tee = await loadModel("tee");
  const r = await processModel(tee.glb, { fileName: "tee.glb", productType: tee.info.productType });
  const { doc } = await importModel(r.glb, { fileName: "o.glb" });
  await addColorVariants(doc, { colors: COLORS.map(({ name, hex }) => ({ name, hex })) });
  const withVariants = await writeGlb(doc);
  const model: DesignModel = { name: "tee", glb: tee.glb, viewerGlb: withVariants, printAreas: tee.info.printAreas, tintMaterials: tee.info.tintMaterials };
  // the published GLB as the pipeline will ship it: colour variants and an empty decal layer
  const blank = await sharp({ create: { width: 8, height: 8, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } }).png().toBuffer();
  const viewerGlb = await designGlb(withVariants, blank, { printAreas: model.printAreas, printableMaterials: model.tintMaterials });
  const posters = new Map<string, Buffer>();
  for (const c of COLORS) {
    for (const view of ["front", "back"] as const) {
      const passes = await modelPasses(model, view, 1024);
      posters.set(`${c.variant}-${view}.jpg`, (await composeMockup({ passes, printAreas: model.printAreas, color: c.hex, format: "jpeg", backdrop: "#F3F3F3" })).bytes);
    }
  }
  const store = new MemoryAssetStore();
  const answers: SavedDesignAnswer[] = [];
  const designs = new Map<string, ShopperDesignRow>();
  const record = async (row: ShopperDesignRow) => {
    const id = `cmharness${String(designs.size + 1).padStart(12, "0")}`;
    designs.set(id, row);
    return id;
  };
  const bundleFile = path.resolve("app/storefront/editor-bundle/mockup-editor.js");
  const loaderSrc = readFileSync(path.resolve("extensions/mockup-viewer/assets/mockup-editor.js"), "utf8");
  const bundleName = /EDITOR_BUNDLE = "([^"]+)"/.exec(loaderSrc)![1];
  const h: Harness = { base: "", store, model, answers, designs, policy, close: async () => {} };

  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const send = async (r: Response) => {
        res.writeHead(r.status, Object.fromEntries(r.headers));
        res.end(Buffer.from(await r.arrayBuffer()));
      };
      const json = (status: number, b: unknown) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(b));
      const p = url.pathname;
      if (p === "/") return res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(page(url.searchParams.get("locale") ?? "en", url.searchParams.get("variant") ?? COLORS[0].variant, model.printAreas));
      if (p.startsWith("/ext/")) {
        const file = path.resolve("extensions/mockup-viewer/assets", path.basename(p));
        return res.writeHead(200, { "content-type": p.endsWith(".css") ? "text/css" : "text/javascript" }).end(readFileSync(file));
      }
      if (p.startsWith("/posters/")) {
        const b = posters.get(path.basename(p));
        return b ? res.writeHead(200, { "content-type": "image/jpeg" }).end(b) : res.writeHead(404).end();
      }
      if (p === "/models/tee.glb") return res.writeHead(200, { "content-type": "model/gltf-binary" }).end(viewerGlb);
      if (p === `/apps/mockup/static/${bundleName}`) return res.writeHead(200, { "content-type": "text/javascript" }).end(readFileSync(bundleFile));
      if (p.startsWith("/apps/mockup/static/")) return send(viewerAssetResponse(path.basename(p), req.headers["accept-encoding"] ?? null));
      if (p.startsWith("/apps/mockup/fonts/")) return send(fontResponse(path.basename(p), new Request(`http://x${p}`, { headers: { "accept-encoding": String(req.headers["accept-encoding"] ?? "") } })));
      if (p === "/apps/mockup/editor-config") return json(200, { policy: editorPolicySchema.parse(h.policy) });
      if (p.startsWith("/apps/mockup/design-assets/")) {
        const a = await shopperAsset(store, path.basename(p));
        return a ? res.writeHead(200, { "content-type": a.mediaType }).end(a.bytes) : json(404, { error: "not found" });
      }
      // a saved design's mockups and GLB by its id, as GET /proxy/designs/{id}/{file} serves them
      const file = /^\/apps\/mockup\/designs\/([a-z0-9]+)\/(?:([0-9a-f]{6})-(front|back)\.jpg|(design\.glb))$/.exec(p);
      if (file) {
        const previews = JSON.parse(designs.get(file[1])?.previews ?? "{}") as { glb?: string; mockups?: Record<string, Record<string, string>> };
        const key = file[4] ? previews.glb : previews.mockups?.[file[2]]?.[file[3]];
        const a = key ? await store.info(key) : null;
        return a ? res.writeHead(200, { "content-type": a.mediaType }).end(await store.get(key!)) : json(404, { error: "not found" });
      }
      const locale = url.searchParams.get("locale") ?? "en";
      if (p === "/apps/mockup/design-images" && req.method === "POST") {
        try {
          return json(201, await uploadShopperImage(store, await body(req), "/apps/mockup", locale));
        } catch (e) {
          if (e instanceof ProxyInputError) return json(e.status, { error: e.message, code: e.code });
          throw e;
        }
      }
      if (p === "/apps/mockup/design-documents" && req.method === "POST") {
        const b = JSON.parse((await body(req)).toString("utf8")) as { document: unknown; color?: string };
        try {
          const answer = await saveDesignDocument({ store, model, policy: editorPolicySchema.parse(h.policy), document: b.document, color: b.color ?? "#FFFFFF", proxy: "/apps/mockup", mockupSize: 512, record });
          answers.push(answer);
          return json(201, answer);
        } catch (e) {
          if (e instanceof DesignDocumentError) return json(422, { error: e.localized(locale), code: e.code });
          throw e;
        }
      }
      res.writeHead(404).end();
    })().catch((e: Error) => res.writeHead(500).end(e.stack));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const addr = server.address();
  h.base = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
  h.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return h;
}
