/**
 * The admin's publish actions (thin routes call these): publish one product, several, or roll one back to a
 * version, each as a publish job; and the publish state of a product for its page. Input is validated; a
 * product or version this shop does not have is 404 (never another shop's).
 */
import { z } from "zod";
import type { Db } from "../db/client.server";
import { createJob } from "../pipeline/jobs";
import { productJobWhere } from "../pipeline/pipelines/product-jobs";
import { PublishNotFoundError } from "./errors";
import { productGid } from "./plan";
import { publishJobSpec, type StandaloneParams } from "./publish-job";
import { productPublishStatus, type ProductPublishStatus } from "./status";
import type { PublishDeps } from "./types";
import { listVersions, type PublishVersionView } from "./versions";

const id = z.string().regex(/^[a-z0-9]{1,64}$/i, "invalid id");
const productIds = z
  .string()
  .max(250 * 40)
  .transform((s) => s.split(/[\s,]+/).filter(Boolean))
  .pipe(z.array(productGid).min(1, "choose at least one product").max(250, "at most 250 products at once"));

export const publishActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("publish"), productId: productGid, jobId: id.optional() }),
  z.object({ intent: z.literal("publish-bulk"), productIds }),
  z.object({ intent: z.literal("rollback"), productId: productGid, versionId: id }),
]);

export type ActionResult = { status: number; body: { ok: true; jobId: string } | { ok: false; error: string } };

/** A product this shop works with: it has a setup, a product job or a publish. */
async function assertShopProduct(db: Db, shop: string, productId: string): Promise<void> {
  const [setup, state, job] = await Promise.all([
    db.productSetup.findFirst({ where: { shop, productId }, select: { id: true } }),
    db.publishState.findUnique({ where: { shop_productId: { shop, productId } }, select: { shop: true } }),
    db.job.findFirst({ where: productJobWhere(shop, productId), select: { id: true } }),
  ]);
  if (!setup && !state && !job) throw new PublishNotFoundError(`product ${productId.slice(0, 60)}`);
}

export async function runPublishAction(db: Db, shop: string, form: Record<string, unknown>): Promise<ActionResult> {
  const parsed = publishActionSchema.safeParse(form);
  if (!parsed.success) return { status: 400, body: { ok: false, error: parsed.error.issues.map((i) => i.message).join("; ") } };
  const a = parsed.data;
  try {
    let items: StandaloneParams[];
    if (a.intent === "publish") {
      await assertShopProduct(db, shop, a.productId);
      items = [{ productId: a.productId, fromJob: a.jobId }];
    } else if (a.intent === "rollback") {
      const v = await db.publishVersion.findFirst({ where: { id: a.versionId, shop, productId: a.productId, kept: true }, select: { id: true } });
      if (!v) throw new PublishNotFoundError(`version ${a.versionId}`);
      items = [{ productId: a.productId, versionId: a.versionId }];
    } else {
      for (const p of a.productIds) await assertShopProduct(db, shop, p);
      items = [...new Set(a.productIds)].map((productId) => ({ productId }));
    }
    const job = await createJob(db, publishJobSpec(shop, items));
    return { status: 202, body: { ok: true, jobId: job.id } };
  } catch (err) {
    if (err instanceof PublishNotFoundError) return { status: 404, body: { ok: false, error: err.message } };
    throw err;
  }
}

export interface PublishInfo {
  status: ProductPublishStatus;
  versions: PublishVersionView[];
}

/** What the product page shows: our media (deleted ones noticed now) and the version history. */
export async function loadPublishInfo(deps: Pick<PublishDeps, "db" | "admin">, shop: string, productId: string): Promise<PublishInfo> {
  const pid = productGid.safeParse(productId);
  if (!pid.success) throw new PublishNotFoundError("product");
  const [status, versions] = await Promise.all([productPublishStatus(deps, shop, pid.data), listVersions(deps.db, shop, pid.data)]);
  return { status, versions };
}
