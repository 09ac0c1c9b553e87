/**
 * The Library page's imported models and its CGTrader search, as the routes need them (routes stay thin): entries
 * with their thumbnail and UV-layout links, the import's progress, the print-area save. Every read is scoped to the
 * session's shop; another shop's entry id is null → 404.
 */
import { ShopAssetStore } from "../assets/store/asset-store.server";
import type { BlobStore } from "../assets/store/types";
import type { Db } from "../db/client.server";
import { getImported, listImported, type ImportedModelView } from "../library/imported.server";
import type { CgtraderAccess } from "../connectors/cgtrader/import.server";
import { assetLink, thumbLink } from "./asset-links.server";

export interface ImportedCard extends ImportedModelView {
  /** the converted GLB's thumbnail (signed), once ready */
  thumbUrl: string | null;
}

async function glbKeyOf(db: Db, shop: string, id: string): Promise<string | null> {
  return (await db.libraryEntry.findFirst({ where: { id, shop }, select: { glbKey: true } }))?.glbKey ?? null;
}

async function card(db: Db, shop: string, e: ImportedModelView): Promise<ImportedCard> {
  const key = e.status === "ready" ? await glbKeyOf(db, shop, e.id) : null;
  return { ...e, thumbUrl: key ? thumbLink(shop, key) : null };
}

export async function importedCards(db: Db, shop: string): Promise<ImportedCard[]> {
  return Promise.all((await listImported(db, shop)).map((e) => card(db, shop, e)));
}

export async function importedCard(db: Db, shop: string, id: string): Promise<ImportedCard | null> {
  const e = await getImported(db, shop, id);
  return e ? card(db, shop, e) : null;
}

const uvKeys = new Map<string, Promise<string>>();

/**
 * The UV layout picture of a ready entry, as a signed media link: rendered once per GLB and stored as an asset of
 * the shop (content-addressed, so a second render of the same GLB stores nothing new).
 */
export async function uvLayoutLink(db: Db, blobs: BlobStore, shop: string, id: string): Promise<{ url: string; size: number; coverage: number } | null> {
  const glbKey = await glbKeyOf(db, shop, id);
  if (!glbKey) return null;
  const assets = new ShopAssetStore(shop, db, blobs);
  const memo = `${shop}/${glbKey}`;
  let coverage = 0;
  let p = uvKeys.get(memo);
  if (!p) {
    p = (async () => {
      const { renderUvLayout } = await import("../library/uv-layout");
      const uv = await renderUvLayout(new Uint8Array(await assets.get(glbKey)));
      coverage = uv.coverage;
      return assets.put(uv.png, { kind: "uv-layout", mediaType: "image/png", width: uv.size, height: uv.size, meta: { of: glbKey, coverage: uv.coverage } });
    })();
    uvKeys.set(memo, p);
    p.catch(() => uvKeys.delete(memo));
  }
  const key = await p;
  if (!(await assets.has(key))) {
    // collected by the asset GC since: render again
    uvKeys.delete(memo);
    return uvLayoutLink(db, blobs, shop, id);
  }
  if (!coverage) {
    const row = await db.asset.findUnique({ where: { shop_key: { shop, key } }, select: { meta: true } });
    coverage = Number((JSON.parse(row?.meta ?? "{}") as { coverage?: number }).coverage ?? 0);
  }
  return { url: assetLink(shop, key, "uv-layout.png"), size: 1024, coverage };
}

/** CGTrader access for routes: the shop's credentials from Settings, the shared policy and URL guard. */
export async function routeCgtraderAccess(): Promise<CgtraderAccess> {
  const { cgtraderAccessFor } = await import("../connectors/cgtrader/wiring.server");
  return cgtraderAccessFor();
}
