/**
 * The product page's loader and action cores (the route stays thin). Reads are scoped to the session's shop;
 * a product id Shopify does not return for this shop is null → 404. Save and Generate take JSON, validated
 * whole: bad input answers 400 with the issues and writes nothing.
 */
import { importedInfos } from "../library/imported.server";
import { z } from "zod";
import type { Db } from "../db/client.server";
import { inputIssue, type InputIssue } from "../i18n/issues.server";
import { MESHOPT_VERSION } from "../storefront/viewer-assets.server";
import type { AdminGraphql } from "./admin-graphql.server";
import {
  activePublishJob,
  colorOption,
  fetchProduct,
  latestResults,
  loadSetupOrSuggestion,
  modelChoices,
  productJobs,
  type AdminProduct,
} from "./product-detail.server";
import { productGidSchema, saveSetup, SetupInputError, startSetupJob } from "./product-setup.server";
import { publishInfoFor, type PublishView } from "./product-publish.server";

export type AssetLink = (key: string, filename: string) => string;

/** `thumb`: the gallery-size thumbnail URL of an asset (the grid never loads the 1024 px mockups; a click opens one). */
export async function loadProductPage(db: Db, graphql: AdminGraphql, shop: string, rawId: string, link: AssetLink, thumb: (key: string) => string = (key) => link(key, "thumb")) {
  const id = productGidSchema.safeParse(rawId);
  if (!id.success) return null;
  const product = await fetchProduct(graphql, id.data);
  if (!product) return null;
  const [{ saved, setup }, designs, jobs, publishing] = await Promise.all([
    loadSetupOrSuggestion(db, shop, product),
    db.design.findMany({ where: { shop, source: "merchant" }, orderBy: { createdAt: "desc" }, take: 100 }),
    productJobs(db, shop, product.id),
    activePublishJob(db, shop, product.id),
  ]);
  const results = await latestResults(db, shop, jobs.map((j) => j.id));
  const publish: PublishView | null = await publishInfoFor(db, graphql, shop, product.id);
  return {
    product,
    saved,
    setup,
    hasColorOption: colorOption(product) !== null,
    models: modelChoices(await importedInfos(db, shop)),
    designs: designs.map((d) => ({ id: d.id, name: d.name, width: d.width, height: d.height, url: link(d.assetKey, `${d.name}.${d.mediaType.split("/")[1] ?? "png"}`) })),
    jobs,
    publishing,
    meshoptDecoder: `/viewer/meshopt_decoder-${MESHOPT_VERSION}.js`,
    results: results && {
      jobId: results.jobId,
      glbUrl: results.glbKey ? link(results.glbKey, `${product.title}.glb`) : null,
      variantNames: results.variantNames,
      mockups: results.mockups.map((m) => ({ ...m, url: link(m.key, `${product.title}-${m.view}-${m.color}.jpg`), thumbUrl: thumb(m.key) })),
    },
    publish,
  };
}

const actionSchema = z.object({ intent: z.enum(["save", "generate"]), setup: z.unknown() });

export interface ActionResult {
  status: number;
  body: { ok: true; jobId?: string } | { ok: false; errors: InputIssue[] };
}

async function readJson(request: Request): Promise<unknown> {
  if (Number(request.headers.get("content-length") ?? 0) > 64 * 1024) throw new SetupInputError([inputIssue("", "bodyTooLarge")]);
  const text = await request.text();
  if (text.length > 64 * 1024) throw new SetupInputError([inputIssue("", "bodyTooLarge")]);
  try {
    return JSON.parse(text);
  } catch {
    throw new SetupInputError([inputIssue("", "bodyNotJson")]);
  }
}

export async function productAction(db: Db, graphql: AdminGraphql, shop: string, rawId: string, request: Request): Promise<ActionResult> {
  const id = productGidSchema.safeParse(rawId);
  // the product must be this shop's (Shopify answers for the session's shop only): another shop's id is 404
  const product: AdminProduct | null = id.success ? await fetchProduct(graphql, id.data) : null;
  if (!product) return { status: 404, body: { ok: false, errors: [inputIssue("", "productNotFound")] } };
  try {
    const parsed = actionSchema.safeParse(await readJson(request));
    if (!parsed.success) return { status: 400, body: { ok: false, errors: [inputIssue("intent", "intent")] } };
    const setup = await saveSetup(db, shop, product.id, product.title, parsed.data.setup);
    if (parsed.data.intent === "save") return { status: 200, body: { ok: true } };
    const job = await startSetupJob(db, shop, product.id, setup, "merchant");
    return { status: 202, body: { ok: true, jobId: job.id } };
  } catch (err) {
    if (err instanceof SetupInputError) return { status: 400, body: { ok: false, errors: err.issues } };
    throw err;
  }
}
