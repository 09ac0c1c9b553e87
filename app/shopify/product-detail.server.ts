/**
 * The product page's data: the product from the Admin API, the merchant's setup (or a suggestion inferred
 * like the webhook does), the library models, the shop's designs, the product's jobs, and the latest job's
 * results (the colour-variant GLB and the mockups). Everything is read under the session's shop; a product
 * Shopify does not return for this shop is "not found".
 */
import type { Db } from "../db/client.server";
import { parseMsgs, type Msg } from "../i18n/message";
import { productJobWhere } from "../pipeline/pipelines/product-jobs";
import { listModels } from "../library/list";
import type { ModelInfo } from "../contracts/model-info";
import { PALETTE_PRESET } from "../contracts/product-setup";
import type { Color } from "../contracts/colour";

import { adminQuery, type AdminGraphql } from "./admin-graphql.server";
import { isColorOptionName } from "./color-names";
import { getPreferences } from "./preferences.server";
import { readSetup, type SetupView } from "./product-setup.server";
import { inferColors, inferModel } from "./product-webhook.server";

export interface AdminProduct {
  id: string;
  title: string;
  productType: string;
  vendor: string;
  tags: string[];
  imageUrl: string | null;
  options: { name: string; values: string[] }[];
}

/** the product image on its page: 240 px covers 80 CSS px at 3× */
const IMAGE_PX = 240;

const PRODUCT = `#graphql
  query ProductForSetup($id: ID!) {
    product(id: $id) {
      id
      title
      productType
      vendor
      tags
      featuredMedia { preview { image { url(transform: { maxWidth: ${IMAGE_PX}, maxHeight: ${IMAGE_PX} }) } } }
      options { name values }
    }
  }`;

interface ProductNode {
  id: string;
  title: string;
  productType: string;
  vendor: string;
  tags: string[];
  featuredMedia: { preview?: { image?: { url?: string } | null } | null } | null;
  options: { name: string; values: string[] }[] | null;
}

/** The product as this shop's Admin API returns it, or null (unknown, deleted, or another shop's). */
export async function fetchProduct(graphql: AdminGraphql, productId: string): Promise<AdminProduct | null> {
  const data = await adminQuery<{ product: ProductNode | null }>(graphql, PRODUCT, { id: productId });
  const p = data.product;
  if (!p) return null;
  return {
    id: p.id,
    title: p.title,
    productType: p.productType,
    vendor: p.vendor,
    tags: p.tags,
    imageUrl: p.featuredMedia?.preview?.image?.url ?? null,
    options: (p.options ?? []).map((o) => ({ name: o.name, values: o.values })),
  };
}

/** The colour option's values: the setup maps each one to a colour. */
export function colorOption(p: AdminProduct): { name: string; values: string[] } | null {
  return p.options.find((o) => isColorOptionName(o.name)) ?? null;
}

/** What a first visit starts from: the model and colours the webhook would infer, the shop's default views. */
export async function suggestSetup(db: Db, shop: string, p: AdminProduct): Promise<Omit<SetupView, "id" | "updatedAt">> {
  const prefs = await getPreferences(db, shop);
  const option = colorOption(p);
  const inferred = inferColors(option ? [option] : []);
  const preset = (v: string) => PALETTE_PRESET.find((c) => c.name.toLowerCase() === v.trim().toLowerCase())?.hex;
  const colors: Color[] = option
    ? option.values.map((v) => ({ name: v, hex: preset(v) ?? inferred.colors.find((c) => c.name === v.trim())?.hex ?? "#FFFFFF" }))
    : [{ name: "White", hex: "#FFFFFF" }];
  return {
    productId: p.id,
    title: p.title,
    modelName: inferModel({ title: p.title, product_type: p.productType }) ?? "tee",
    colors,
    views: prefs.defaultViews,
    placements: [],
    enabled: true,
    designId: null,
  };
}

export interface ModelChoice {
  name: string;
  title: string;
  productType: string;
  printAreas: { name: string; widthCm: number; heightCm: number }[];
}

/** The built-in models, then the shop's imported ones (app/library/imported.server.ts importedInfos). */
export function modelChoices(imported: readonly ModelInfo[] = []): ModelChoice[] {
  return [...listModels(), ...imported].map((m) => ({
    name: m.name,
    title: m.title,
    productType: m.productType,
    printAreas: m.printAreas.map((a) => ({ name: a.name, widthCm: a.widthCm, heightCm: a.heightCm })),
  }));
}

export interface JobRow {
  id: string;
  status: string;
  progress: number;
  createdAt: string;
  finishedAt: string | null;
  error: string | null;
  /** `error` as a message key (decision 093), null for jobs finished before it */
  errorMsg: Msg | null;
  degraded: boolean;
}

export const PRODUCT_JOBS_DEFAULTS = {
  /** jobs the product page lists */
  limit: 10,
} as const;

/** The product's product jobs, newest first (default PRODUCT_JOBS_DEFAULTS.limit of them). */
export async function productJobs(db: Db, shop: string, productId: string, limit: number = PRODUCT_JOBS_DEFAULTS.limit): Promise<JobRow[]> {
  const rows = await db.job.findMany({
    where: productJobWhere(shop, productId),
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
    select: { id: true, status: true, progress: true, createdAt: true, finishedAt: true, error: true, errorI18n: true, degraded: true },
  });
  return rows.map(({ errorI18n, ...r }) => ({
    ...r,
    errorMsg: parseMsgs(errorI18n)?.[0] ?? null,
    createdAt: r.createdAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
  }));
}

/** A publish job (the merchant's Publish or a roll-back, app/publish/publish-job.ts) still working on this product. */
export async function activePublishJob(db: Db, shop: string, productId: string): Promise<{ id: string; progress: number } | null> {
  const row = await db.job.findFirst({
    where: { shop, type: "publish", status: { in: ["queued", "running"] }, input: { contains: JSON.stringify(productId) } },
    orderBy: { createdAt: "desc" },
    select: { id: true, progress: true },
  });
  return row;
}

export interface JobResults {
  jobId: string;
  /** the colour-variant GLB (with the design on its decal layer when the setup has one) */
  glbKey: string | null;
  variantNames: string[];
  mockups: { key: string; view: string; color: string; width: number | null; height: number | null }[];
}

/** Results of the newest product job that produced any (a running job shows the previous results meanwhile). */
export async function latestResults(db: Db, shop: string, jobIds: string[]): Promise<JobResults | null> {
  for (const jobId of jobIds) {
    const steps = await db.jobStep.findMany({ where: { shop, jobId, status: "succeeded" }, select: { name: true, capability: true, params: true, output: true } });
    const out = (s: (typeof steps)[number]) => (s.output ? (JSON.parse(s.output) as { assets?: Record<string, string>; data?: Record<string, unknown> }) : {});
    const glbStep = steps.find((s) => s.name === "decal") ?? steps.find((s) => s.name === "variants");
    const mockupSteps = steps.filter((s) => s.capability === "mockup.compose");
    if (!glbStep && mockupSteps.length === 0) continue;
    const keys = mockupSteps.map((s) => out(s).assets?.image).filter((k): k is string => !!k);
    const sizes = keys.length ? await db.asset.findMany({ where: { shop, key: { in: keys } }, select: { key: true, width: true, height: true } }) : [];
    const glbOut = glbStep ? out(glbStep) : {};
    return {
      jobId,
      glbKey: glbOut.assets?.glb ?? null,
      variantNames: Array.isArray(glbOut.data?.variants) ? (glbOut.data.variants as string[]) : [],
      mockups: mockupSteps
        .map((s) => {
          const p = JSON.parse(s.params) as { view: string; color: { name: string } };
          const key = out(s).assets?.image;
          const size = sizes.find((z) => z.key === key);
          return key ? { key, view: p.view, color: p.color.name, width: size?.width ?? null, height: size?.height ?? null } : null;
        })
        .filter((m): m is NonNullable<typeof m> => m !== null)
        .sort((a, b) => a.view.localeCompare(b.view) || a.color.localeCompare(b.color)),
    };
  }
  return null;
}

export async function loadSetupOrSuggestion(db: Db, shop: string, p: AdminProduct) {
  const saved = await readSetup(db, shop, p.id);
  return { saved: saved !== null, setup: saved ?? (await suggestSetup(db, shop, p)) };
}

