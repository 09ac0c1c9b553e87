/**
 * The storefront metafield (app/contracts/storefront-metafield.ts): built from what Shopify now holds, written
 * with metafieldsSet, and the namespace Shopify resolved `$app` to read back and kept per shop (Liquid needs it).
 * The definition comes from shopify.app.toml on `shopify app deploy`; where it is missing (a dev store before
 * deploy) it is created here with the same access, once per shop.
 */
import {
  STOREFRONT_METAFIELD_KEY,
  STOREFRONT_METAFIELD_NAMESPACE,
  STOREFRONT_METAFIELD_SCHEMA_VERSION,
  STOREFRONT_METAFIELD_TYPE,
  numericId,
  storefrontMetafieldSchema,
  type MetafieldModel,
  type MetafieldVariant,
  type Poster,
  type PosterView,
  type StorefrontMetafield,
} from "../contracts/storefront-metafield";
import type { Db } from "../db/client.server";
import type { AdminClient } from "./admin-client";
import { METAFIELD_DEFINITION, METAFIELD_DEFINITION_CREATE, METAFIELDS_SET } from "./documents";
import { UserErrorsError } from "./errors";
import type { PublishPlan } from "./plan";
import type { ShopifyProduct } from "./product-state";
import { variantColor } from "./product-state";

export interface DocInputs {
  plan: PublishPlan;
  product: ShopifyProduct;
  model: MetafieldModel | null;
  /** the poster of (view, colour), when there is one */
  poster(view: PosterView, color: string): Poster | undefined;
  publishedAt: Date;
}

/** The document for the product's variants as they are now; validated against the contract before it is written. */
export function buildMetafieldDoc(i: DocInputs): StorefrontMetafield {
  const names = i.plan.colors.map((c) => c.name);
  const variants: Record<string, MetafieldVariant> = {};
  for (const v of i.product.variants) {
    const color = variantColor(v, names);
    if (!color) continue;
    const c = i.plan.colors.find((x) => x.name === color)!;
    const posters: MetafieldVariant["posters"] = {};
    for (const view of i.plan.views) {
      const p = i.poster(view, color);
      if (p) posters[view] = p;
    }
    variants[numericId(v.id)] = {
      gid: v.id,
      materialVariant: i.plan.materialVariants.find((m) => m.toLowerCase() === color.toLowerCase()) ?? i.plan.materialVariants[0] ?? color,
      color: { name: c.name, hex: c.hex.toUpperCase() },
      posters,
    };
  }
  return storefrontMetafieldSchema.parse({
    schemaVersion: STOREFRONT_METAFIELD_SCHEMA_VERSION,
    productId: i.plan.productId,
    publishedAt: i.publishedAt.toISOString(),
    model: i.model,
    views: i.plan.views,
    variants,
    printAreas: i.plan.printAreas,
  });
}

/** The document without its timestamp: two publishes of the same thing compare equal. */
export function docFingerprint(doc: StorefrontMetafield | null | undefined): string {
  if (!doc) return "";
  const { publishedAt: _ignored, ...rest } = doc;
  return JSON.stringify(rest);
}

/** Makes sure the product metafield definition exists with storefront read access (once per shop). */
export async function ensureDefinition(db: Db, client: AdminClient, shop: string, signal?: AbortSignal): Promise<void> {
  const state = await db.publishShop.findUnique({ where: { shop } });
  if (state?.metafieldNamespace) return;
  const vars = { namespace: STOREFRONT_METAFIELD_NAMESPACE, key: STOREFRONT_METAFIELD_KEY };
  const found = await client.request<{ metafieldDefinitions: { nodes: { id: string }[] } }>(METAFIELD_DEFINITION, vars, signal);
  if (found.metafieldDefinitions.nodes.length) return;
  const created = await client.request<{ metafieldDefinitionCreate: { createdDefinition: { namespace: string } | null; userErrors: { code: string | null; message: string }[] } }>(
    METAFIELD_DEFINITION_CREATE,
    {
      definition: {
        ...vars,
        name: "Mockup viewer",
        description: "3D model, colour variants, posters and print areas for the Mockup Pipeline product block",
        type: STOREFRONT_METAFIELD_TYPE,
        ownerType: "PRODUCT",
        access: { admin: "MERCHANT_READ", storefront: "PUBLIC_READ" },
      },
    },
    signal,
  );
  const errs = created.metafieldDefinitionCreate.userErrors.filter((e) => e.code !== "TAKEN");
  if (errs.length) throw new UserErrorsError("metafieldDefinitionCreate", errs);
}

/** Writes the document; returns the namespace Shopify stored it under (`app--{appId}`), recorded for the shop. */
export async function writeMetafield(db: Db, client: AdminClient, shop: string, doc: StorefrontMetafield, signal?: AbortSignal): Promise<string> {
  const data = await client.request<{ metafieldsSet: { metafields: { namespace: string }[] | null; userErrors: { code: string | null; field: string[] | null; message: string }[] } }>(
    METAFIELDS_SET,
    {
      metafields: [
        { ownerId: doc.productId, namespace: STOREFRONT_METAFIELD_NAMESPACE, key: STOREFRONT_METAFIELD_KEY, type: STOREFRONT_METAFIELD_TYPE, value: JSON.stringify(doc) },
      ],
    },
    signal,
  );
  const { metafields, userErrors } = data.metafieldsSet;
  if (userErrors.length || !metafields?.length) throw new UserErrorsError("metafieldsSet", userErrors);
  const namespace = metafields[0].namespace;
  await db.publishShop.upsert({ where: { shop }, create: { shop, metafieldNamespace: namespace }, update: { metafieldNamespace: namespace } });
  return namespace;
}
