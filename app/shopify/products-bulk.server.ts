/**
 * Bulk Generate from the Products list: a job per selected product. A product with a setup runs it; one
 * without gets the setup the webhook would infer (model from its type or title, colours from its colour
 * option, the shop's default views), saved so the merchant sees and edits it; one we cannot infer is skipped.
 */
import { z } from "zod";
import type { Db } from "../db/client.server";
import type { AdminGraphql } from "./admin-graphql.server";
import { fetchProduct, suggestSetup } from "./product-detail.server";
import { inferModel } from "./product-webhook.server";
import { productGidSchema, readSetup, saveSetup, SetupInputError, startSetupJob } from "./product-setup.server";

const bulkSchema = z.object({
  intent: z.literal("generate"),
  productIds: z
    .string()
    .max(250 * 40)
    .transform((s) => s.split(/[\s,]+/).filter(Boolean))
    .pipe(z.array(productGidSchema).min(1, "choose at least one product").max(250, "at most 250 products at once")),
});

export interface BulkResult {
  status: number;
  body: { ok: true; started: number; skipped: number; jobIds: string[] } | { ok: false; error: string };
}

export async function bulkGenerate(db: Db, graphql: AdminGraphql, shop: string, form: Record<string, unknown>): Promise<BulkResult> {
  const parsed = bulkSchema.safeParse(form);
  if (!parsed.success) return { status: 400, body: { ok: false, error: parsed.error.issues.map((i) => i.message).join("; ") } };
  let skipped = 0;
  const jobIds: string[] = [];
  for (const productId of [...new Set(parsed.data.productIds)]) {
    let setup = await readSetup(db, shop, productId);
    if (!setup) {
      // only a product Shopify returns for this shop can get a setup (another shop's id: skipped, never created)
      const product = await fetchProduct(graphql, productId);
      if (!product || !inferModel({ title: product.title, product_type: product.productType })) {
        skipped++;
        continue;
      }
      try {
        setup = await saveSetup(db, shop, product.id, product.title, await suggestSetup(db, shop, product));
      } catch (err) {
        if (!(err instanceof SetupInputError)) throw err;
        skipped++;
        continue;
      }
    }
    jobIds.push((await startSetupJob(db, shop, productId, setup, "batch")).id);
  }
  return { status: 202, body: { ok: true, started: jobIds.length, skipped, jobIds } };
}
