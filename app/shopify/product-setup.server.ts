/**
 * The merchant's ProductSetup: read it, save it (validated against the library model's print areas and
 * the shop's own designs), and turn it into the product job's inputs. The admin's Generate and the
 * products/* webhooks both start jobs through setupJobInputs, so a webhook makes the same mockups.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import type { ProductSetup } from "../db/generated/sqlite";
import type { Db } from "../db/client.server";
import { inputIssue, zodIssues, type InputIssue } from "../i18n/issues.server";
import { listModels } from "../library/list";
import { importedInfos, isImportedName } from "../library/imported.server";
import { productSetupSchema, setupPlacementSchema, setupViewSchema, type ProductSetupShape, type SetupPlacement } from "../contracts/product-setup";
import { colorSchema, type Color } from "../contracts/colour";
import { productJobSpec, type ProductJobInput } from "../pipeline/pipelines/product";
import { createJob } from "../pipeline/jobs";
import { getPreferences } from "./preferences.server";

export class SetupInputError extends Error {
  constructor(readonly issues: InputIssue[]) {
    super(issues.map((i) => `${i.path}: ${i.message}`).join("; "));
    this.name = "SetupInputError";
  }
}

/** Product ids arrive as gids or legacy numbers; both name the same product. */
export const productGidSchema = z
  .string()
  .trim()
  .regex(/^(gid:\/\/shopify\/Product\/)?\d{1,20}$/, "not a product id")
  .transform((s) => (s.startsWith("gid://") ? s : `gid://shopify/Product/${s}`));

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

export interface SetupView extends ProductSetupShape {
  id: string;
  productId: string;
  title: string;
  /** the legacy single design (before placements per view) */
  designId: string | null;
  updatedAt: string;
}

/** A stored row read leniently: unreadable parts come back empty so the page can show and fix them. */
export function toSetupView(row: ProductSetup): SetupView {
  const colors = z.array(colorSchema).safeParse(parseJson(row.colors));
  const views = z.array(setupViewSchema).min(1).safeParse(parseJson(row.views));
  const placements = z.array(setupPlacementSchema).safeParse(parseJson(row.placements));
  return {
    id: row.id,
    productId: row.productId,
    title: row.title,
    modelName: row.modelName,
    colors: colors.success ? colors.data : [],
    views: views.success ? views.data : ["front"],
    placements: placements.success ? placements.data : [],
    enabled: row.enabled,
    designId: row.designId,
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function readSetup(db: Db, shop: string, productId: string): Promise<SetupView | null> {
  const row = await db.productSetup.findFirst({ where: { shop, productId } });
  return row ? toSetupView(row) : null;
}

/** Validates and stores the setup of one of the shop's products; bad input throws and writes nothing. */
export async function saveSetup(db: Db, shop: string, productId: string, title: string, raw: unknown): Promise<SetupView> {
  const parsed = productSetupSchema.safeParse(raw);
  if (!parsed.success) throw new SetupInputError(zodIssues(parsed.error.issues));
  const setup = parsed.data;
  const issues: InputIssue[] = [];
  const model = [...listModels(), ...(await importedInfos(db, shop))].find((m) => m.name === setup.modelName);
  if (!model) issues.push(inputIssue("modelName", "noModel", { model: setup.modelName }));
  const designIds = [...new Set(setup.placements.map((p) => p.designId))];
  const designs = designIds.length ? await db.design.findMany({ where: { shop, id: { in: designIds } }, select: { id: true } }) : [];
  setup.placements.forEach((p, i) => {
    if (model && !model.printAreas.some((a) => a.name === p.placement.area)) {
      issues.push(inputIssue(`placements.${i}.placement.area`, "noArea", { model: model.title, area: p.placement.area }));
    }
    // another shop's design id is "not found", exactly like one that never existed
    if (!designs.some((d) => d.id === p.designId)) issues.push(inputIssue(`placements.${i}.designId`, "designNotFound"));
  });
  if (new Set(setup.colors.map((c) => c.name)).size !== setup.colors.length) issues.push(inputIssue("colors", "colourOnce"));
  if (issues.length) throw new SetupInputError(issues);
  const data = {
    title: title.slice(0, 255),
    modelName: setup.modelName,
    colors: JSON.stringify(setup.colors),
    views: JSON.stringify(setup.views),
    placements: JSON.stringify(setup.placements),
    designId: setup.placements[0]?.designId ?? null,
    enabled: setup.enabled,
  };
  const row = await db.productSetup.upsert({ where: { shop_productId: { shop, productId } }, create: { shop, productId, ...data }, update: data });
  return toSetupView(row);
}

export type JobInputs = Pick<Required<ProductJobInput>, "model" | "colors" | "views" | "designs"> & { mockupSize: 1024 | 2048; modelRevision?: string };

/**
 * The product job's inputs from a setup: one design entry per placement, restricted to its view. A
 * setup from before placements (designId only) keeps its old meaning: that design on the front area.
 */
export async function setupJobInputs(db: Db, shop: string, setup: Pick<SetupView, "modelName" | "colors" | "views" | "placements" | "designId">): Promise<JobInputs> {
  const prefs = await getPreferences(db, shop);
  const placements: SetupPlacement[] = setup.placements.length
    ? setup.placements
    : setup.designId
      ? [{ view: setup.views[0] ?? "front", designId: setup.designId, placement: { area: "front", scale: 0.8, offsetX: 0, offsetY: 0, rotationDeg: 0 } }]
      : [];
  const ids = [...new Set(placements.map((p) => p.designId))];
  const rows = ids.length ? await db.design.findMany({ where: { shop, id: { in: ids } }, select: { id: true, assetKey: true } }) : [];
  const keyOf = new Map(rows.map((r) => [r.id, r.assetKey]));
  const legacy = !setup.placements.length;
  const designs = placements
    .filter((p) => keyOf.has(p.designId) && setup.views.includes(p.view))
    .map((p) => ({ key: keyOf.get(p.designId)!, placement: p.placement, ...(legacy ? {} : { views: [p.view] }) }));
  // an imported model's print areas can change under the same name: its revision keeps jobs and caches apart
  const revision = isImportedName(setup.modelName) ? (await importedInfos(db, shop)).find((m) => m.name === setup.modelName)?.revision : undefined;
  return {
    model: setup.modelName,
    colors: setup.colors as Color[],
    views: setup.views,
    designs,
    mockupSize: prefs.quality === "high" ? 2048 : 1024,
    ...(revision ? { modelRevision: revision } : {}),
  };
}

/** Same product, same inputs → one job, whichever path (webhook, Generate, a retry) asks for it. */
export function jobDedupKey(productId: string, inputs: { model: string; colors: Color[]; views: string[]; designs: unknown[]; mockupSize?: number; modelRevision?: string }): string {
  const digest = createHash("sha256").update(JSON.stringify(inputs)).digest("hex").slice(0, 32);
  return `product:${productId.replace("gid://shopify/Product/", "")}:${digest}`;
}

/** Starts (or finds, when nothing changed) the product job for a saved setup. */
export async function startSetupJob(db: Db, shop: string, productId: string, setup: SetupView, priority: "merchant" | "batch" = "merchant") {
  const inputs = await setupJobInputs(db, shop, setup);
  const spec = productJobSpec({ shop, productId, ...inputs, priority, dedupKey: jobDedupKey(productId, inputs) });
  return createJob(db, spec);
}
