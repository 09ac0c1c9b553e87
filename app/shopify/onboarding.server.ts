/**
 * The first-run checklist: pick a product, generate, publish, add the storefront block. The first three
 * are read from our own tables; the block cannot be seen without reading the theme, so the merchant ticks it.
 */
import type { Db } from "../db/client.server";
import { getPreferences } from "./preferences.server";

export interface Onboarding {
  steps: { id: "pick" | "generate" | "publish" | "block"; done: boolean }[];
  complete: boolean;
}

export async function loadOnboarding(db: Db, shop: string): Promise<Onboarding> {
  const [setups, generated, published, prefs] = await Promise.all([
    db.productSetup.count({ where: { shop } }),
    db.job.count({ where: { shop, type: "product", status: "succeeded" } }),
    db.publishedMedia.count({ where: { shop } }),
    getPreferences(db, shop),
  ]);
  const steps: Onboarding["steps"] = [
    { id: "pick", done: setups > 0 },
    { id: "generate", done: generated > 0 },
    { id: "publish", done: published > 0 },
    { id: "block", done: prefs.blockAdded },
  ];
  return { steps, complete: steps.every((s) => s.done) };
}

/** The app block's handle in the theme app extension (extensions/<name>/blocks/<handle>.liquid). */
export const APP_BLOCK_HANDLE = "product-viewer";

/**
 * Theme editor deep link that opens the product template with our block added to the main section
 * (shopify.dev: "Deep linking" for theme app extensions). `apiKey` is the app's client id.
 */
export function themeEditorLink(shop: string, apiKey: string): string {
  const q = new URLSearchParams({ template: "product", addAppBlockId: `${apiKey}/${APP_BLOCK_HANDLE}`, target: "mainSection" });
  return `https://${shop}/admin/themes/current/editor?${q.toString()}`;
}
