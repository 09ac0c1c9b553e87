/**
 * Publishing a product (docs/decisions/081): make Shopify hold exactly what the plan says, changing only what
 * differs, and touching nothing that is not ours.
 *
 *   1. read the product (title, variants and the media each holds), then record the inputs being published
 *      (the loop guard knows our own products/update by them)
 *   2. our media (PublishedMedia): media we made
 *      that are gone in Shopify were deleted by the merchant: marked REMOVED, re-created only by a merchant's publish
 *   3. each wanted slot (the model; an image per colour × view) is kept when a live row has the same content hash,
 *      else staged + uploaded + attached with one productUpdate (the 3D media limit drops the GLB, images go on)
 *   4. poll what was created to READY / FAILED
 *   5. each colour's variants get that colour's first-view image (ours replaced after a detach; the merchant's own
 *      image on a variant is left alone and reported)
 *   6. replaced and no-longer-wanted media of ours are deleted (fileDelete)
 *   7. the storefront metafield, written only when its content changed
 *   8. a version (what was published, from which job) when anything changed
 */
import { ShopAssetStore } from "../assets/store/asset-store.server";
import type { Db } from "../db/client.server";
import type { MetafieldModel, Poster, PosterView } from "../contracts/storefront-metafield";
import { VIEWS } from "../contracts/view";
import { msg, type Msg } from "../i18n/message";
import { englishText } from "../i18n/stored.server";
import type { AdminClient } from "./admin-client";
import { PRODUCT_UPDATE_MEDIA, VARIANT_APPEND_MEDIA, VARIANT_DETACH_MEDIA, FILE_DELETE } from "./documents";
import { PublishNotFoundError, ShopGoneError, ThrottledError, UserErrorsError } from "./errors";
import { buildMetafieldDoc, docFingerprint, ensureDefinition, writeMetafield } from "./metafield";
import { clearMediaLimit, mediaLimitActive, notifyPublish, tellMediaLimitOnce } from "./notify";
import { planFromJob, type PublishPlan } from "./plan";
import { isLiveRow, mediaData, readMediaRows, syncMediaRows, type MediaRow } from "./media-sync";
import { pollUntilProcessed, readMediaNodes } from "./poll";
import { readProductState, variantColor, type ShopifyProduct } from "./product-state";
import { stageAndUpload, type UploadFile } from "./stage";
import type { PublishDeps, PublishResult, PublishSource } from "./types";
import { recordVersion } from "./version-record";

type Row = MediaRow;

interface Slot {
  role: string;
  variant: string;
  assetKey: string;
  kind: "MODEL_3D" | "IMAGE";
  view?: PosterView;
  color?: string;
}

const slotId = (s: { role: string; variant: string }) => `${s.role}\u0000${s.variant}`;
const slug = (s: string) => s.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 60) || "item";
const EXT: Record<string, string> = { "image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "model/gltf-binary": "glb" };
const LIMIT_RE = /(SHOP|PRODUCT)_MEDIA_LIMIT_EXCEEDED|media limit|maximum number of (3d models|media)/i;

/** Rows of ours that can be on the product now. */
const isLive = isLiveRow;

async function assertInstalled(db: Db, shop: string): Promise<void> {
  const row = await db.shop.findUnique({ where: { domain: shop }, select: { uninstalledAt: true } });
  if (row?.uninstalledAt) throw new ShopGoneError(shop, "the app was uninstalled");
}

function wantedSlots(plan: PublishPlan): Slot[] {
  const slots: Slot[] = [];
  if (plan.model) slots.push({ role: "model", variant: "", assetKey: plan.model.assetKey, kind: "MODEL_3D" });
  for (const img of plan.images) {
    slots.push({ role: `mockup:${img.view}`, variant: img.color, assetKey: img.assetKey, kind: "IMAGE", view: img.view, color: img.color });
  }
  return slots;
}

export interface PublishPlanOptions {
  jobId?: string | null;
  source: PublishSource;
}

const inFlight = new Map<string, Promise<unknown>>();

/**
 * Publishes `plan` to the shop's product. Throws PublishNotFoundError / ShopGoneError and API errors.
 * Publishes of one product in this process run one after the other (the pipeline's step and the merchant's button
 * may meet); each then reconciles against what the previous one left.
 */
export async function publishPlan(deps: PublishDeps, shop: string, plan: PublishPlan, opts: PublishPlanOptions): Promise<PublishResult> {
  const key = `${shop}\u0000${plan.productId}`;
  const run = (inFlight.get(key) ?? Promise.resolve()).catch(() => undefined).then(() => publishPlanNow(deps, shop, plan, opts));
  inFlight.set(key, run);
  try {
    return await run;
  } finally {
    if (inFlight.get(key) === run) inFlight.delete(key);
  }
}

async function publishPlanNow(deps: PublishDeps, shop: string, plan: PublishPlan, opts: PublishPlanOptions): Promise<PublishResult> {
  const { db, signal } = deps;
  const productId = plan.productId;
  // the merchant asking (manual, rollback) brings back what they deleted; the pipeline publishing on its own does not
  const recreateRemoved = opts.source !== "job";
  // merchant-facing lines as message keys + values (decision 093); English in the result and the version record
  const notices: Msg[] = [];
  const problems: Msg[] = [];
  const resultOnly: Msg[] = [];
  const media = { created: 0, kept: 0, removed: 0, failed: 0 };
  let degraded = false;

  await assertInstalled(db, shop);
  const client = await deps.admin(shop);
  // 1. the product (a read: another shop's or a deleted product stops here, before anything is recorded)
  const product = await readProductState(client, productId, signal);
  if (!product) throw new PublishNotFoundError(`product ${productId.slice(0, 60)}`);
  //    the loop guard, before the first write
  await db.publishState.upsert({
    where: { shop_productId: { shop, productId } },
    create: { shop, productId, title: product.title, inputsKey: plan.inputsKey },
    update: { title: product.title, inputsKey: plan.inputsKey ?? undefined },
  });
  const name = msg("msg.publish.product", { title: product.title });
  // 2. our media (read once: `all` follows every later write); the ones gone in Shopify were deleted by the merchant
  const rows = await readMediaRows(db, shop, productId);
  for (const r of await syncMediaRows(db, client, rows, signal)) notices.push(msg("msg.publish.mediaDeleted", { product: name, role: describeRole(r) }));
  const all = new Map(rows.map((r) => [r.id, r]));

  // 3. keep, skip or create each wanted slot
  const wanted = wantedSlots(plan);
  const keep = new Map<string, Row>();
  const create: Slot[] = [];
  const limitActive = await mediaLimitActive(db, shop);
  let modelFromApp = false;
  for (const s of wanted) {
    const slotRows = rows.filter((r) => slotId(r) === slotId(s));
    const same = slotRows.find((r) => r.assetKey === s.assetKey && isLive(r) && r.status !== "FAILED");
    if (same) {
      keep.set(slotId(s), same);
      media.kept++;
      continue;
    }
    const removed = slotRows.some((r) => r.status === "REMOVED") && !slotRows.some(isLive);
    if (removed && !recreateRemoved) continue;
    if (s.kind === "MODEL_3D" && limitActive) {
      modelFromApp = true;
      continue;
    }
    create.push(s);
  }

  const assets = new ShopAssetStore(shop, db, deps.blobs);
  const created = new Map<string, Row>();
  if (create.length) {
    await assertInstalled(db, shop);
    const files: (UploadFile & { slot: Slot; alt: string })[] = [];
    for (const s of create) {
      const info = await assets.info(s.assetKey);
      if (!info) throw new PublishNotFoundError(`asset ${s.assetKey.slice(0, 12)}`);
      const ext = EXT[info.mediaType] ?? "bin";
      const base = s.kind === "MODEL_3D" ? slug(product.title) : `${slug(product.title)}-${slug(s.color!)}-${s.view}`;
      files.push({
        slot: s,
        resource: s.kind,
        filename: `${base}.${ext}`,
        mimeType: info.mediaType,
        bytes: await assets.get(s.assetKey),
        alt: s.kind === "MODEL_3D" ? `${product.title}, 3D model` : `${product.title} in ${s.color}, ${(s.view ?? "front").replace("_", " ")} view`,
      });
    }
    const sources = await stageAndUpload(client, files, { fetch: deps.fetch, signal });
    const batch = files.map((f, i) => ({ ...f, originalSource: sources[i] }));
    for (let i = 0; i < batch.length; i += 20) {
      let chunk = batch.slice(i, i + 20);
      let ids: string[];
      try {
        ids = await attachMedia(client, productId, chunk, signal);
      } catch (err) {
        // the 3D media limit: images still go up, the GLB is served from our own asset URL (told once per shop)
        if (!(err instanceof UserErrorsError) || !err.userErrors.some((e) => LIMIT_RE.test(e.message)) || !chunk.some((f) => f.resource === "MODEL_3D")) throw err;
        // the notification is the one tellMediaLimitOnce sends (once per shop); the result still says it for this product
        await tellMediaLimitOnce(db, shop, product.title);
        resultOnly.push(msg("msg.publish.modelFromApp", { product: name }));
        modelFromApp = true;
        // only this chunk is filtered: filtering `batch` mid-loop would shift later files past the next slice
        chunk = chunk.filter((f) => f.resource !== "MODEL_3D");
        ids = chunk.length ? await attachMedia(client, productId, chunk, signal) : [];
      }
      for (let j = 0; j < chunk.length; j++) {
        const f = chunk[j];
        const data = { mediaId: ids[j], kind: f.resource, status: "UPLOADED", removedAt: null, url: null, width: null, height: null, variantIds: "[]" };
        const row = await db.publishedMedia.upsert({
          where: { shop_productId_role_variant_assetKey: { shop, productId, role: f.slot.role, variant: f.slot.variant, assetKey: f.slot.assetKey } },
          create: { shop, productId, role: f.slot.role, variant: f.slot.variant, assetKey: f.slot.assetKey, ...data },
          update: data,
        });
        created.set(slotId(f.slot), row);
        all.set(row.id, row);
        media.created++;
      }
    }
  }

  // 4. poll what was created
  if (created.size) {
    const states = await pollUntilProcessed(client, [...created.values()].map((r) => r.mediaId), { ...deps.poll, signal });
    for (const [sid, row] of created) {
      const n = states.get(row.mediaId);
      const updated = n ? await db.publishedMedia.update({ where: { id: row.id }, data: mediaData(n) }) : row;
      created.set(sid, updated);
      all.set(updated.id, updated);
      if (n?.status === "FAILED") {
        media.failed++;
        degraded = true;
        const reason = n.errors.map((e) => `${e.code}: ${e.message}`).join("; ");
        problems.push(msg("msg.publish.mediaFailed", { product: name, role: describeRole(row), reason: reason || msg("msg.publish.noReason") }));
        if (row.role === "model") modelFromApp = true;
      } else if (n?.status === "READY" && row.role === "model") {
        await clearMediaLimit(db, shop);
      } else if (!n || n.status !== "READY") {
        degraded = true;
        problems.push(msg("msg.publish.mediaProcessing", { product: name, role: describeRole(row) }));
        if (row.role === "model") modelFromApp = true;
      }
    }
  }

  // the row now standing for each slot: a READY new one replaces the old one; otherwise the old one stays
  const current = new Map<string, Row>(keep);
  for (const [sid, row] of created) if (row.status === "READY" || !current.has(sid)) current.set(sid, row);
  for (const [sid, row] of created) {
    if (row.status !== "READY") {
      const old = rows.find((r) => slotId(r) === sid && isLive(r) && r.status === "READY" && r.id !== row.id);
      if (old) current.set(sid, old);
    }
  }

  // 5. variant media
  await assertInstalled(db, shop);
  const ours = new Set([...all.values()].map((r) => r.mediaId));
  const merchantVariants: string[] = [];
  const posterRole = `mockup:${plan.views[0]}`;
  const detach: { variantId: string; mediaIds: string[] }[] = [];
  const append: { variantId: string; mediaIds: string[] }[] = [];
  const attachedTo = new Map<string, string[]>();
  for (const v of product.variants) {
    const color = variantColor(v, plan.colors.map((c) => c.name));
    if (!color) continue;
    const row = current.get(slotId({ role: posterRole, variant: color }));
    if (!row || row.status !== "READY") continue;
    attachedTo.set(row.id, [...(attachedTo.get(row.id) ?? []), v.id]);
    if (v.mediaId === row.mediaId) continue;
    if (v.mediaId && !ours.has(v.mediaId)) {
      merchantVariants.push(v.title);
      continue;
    }
    if (v.mediaId) detach.push({ variantId: v.id, mediaIds: [v.mediaId] });
    append.push({ variantId: v.id, mediaIds: [row.mediaId] });
  }
  for (let i = 0; i < detach.length; i += 100) await variantMedia(client, VARIANT_DETACH_MEDIA, "productVariantDetachMedia", productId, detach.slice(i, i + 100), signal);
  for (let i = 0; i < append.length; i += 100) await variantMedia(client, VARIANT_APPEND_MEDIA, "productVariantAppendMedia", productId, append.slice(i, i + 100), signal);
  for (const [rowId, variantIds] of attachedTo) await db.publishedMedia.update({ where: { id: rowId }, data: { variantIds: JSON.stringify(variantIds) } });
  if (merchantVariants.length) {
    const names = merchantVariants.map((t) => `"${t}"`).join(", ");
    notices.push(msg(`msg.publish.variantsKept_${merchantVariants.length === 1 ? "one" : "other"}`, { product: name, names }));
  }

  // 6. delete what was replaced or is no longer wanted (never a merchant's media: only rows of ours)
  const standing = new Set([...current.values()].map((r) => r.id));
  const stale = [...all.values()].filter((r) => isLive(r) && !standing.has(r.id));
  if (stale.length) {
    await assertInstalled(db, shop);
    const existing = await readMediaNodes(client, stale.map((r) => r.mediaId), signal);
    const ids = stale.map((r) => r.mediaId).filter((id) => existing.get(id));
    if (ids.length) await deleteFiles(client, ids, signal);
    await db.publishedMedia.deleteMany({ where: { id: { in: stale.map((r) => r.id) } } });
    for (const r of stale) all.delete(r.id);
    media.removed += stale.length;
  }
  // a REMOVED row is the merchant's deletion remembered; it goes once the slot is live again or no longer wanted
  const wantedIds = new Set(wanted.map(slotId));
  const tombstones = [...all.values()].filter((r) => r.status === "REMOVED");
  const resolved = tombstones.filter((r) => !wantedIds.has(slotId(r)) || current.has(slotId(r)));
  if (resolved.length) await db.publishedMedia.deleteMany({ where: { id: { in: resolved.map((r) => r.id) } } });
  const tombstoned = new Set(tombstones.filter((r) => !resolved.includes(r)).map(slotId));

  // 7. the storefront metafield
  await assertInstalled(db, shop);
  const modelRow = current.get(slotId({ role: "model", variant: "" }));
  let model: MetafieldModel | null = null;
  let modelSource: "shopify" | "app" | "none" = "none";
  if (plan.model && modelRow?.status === "READY" && modelRow.url && !modelFromApp) {
    model = { url: modelRow.url, source: "shopify", mediaId: modelRow.mediaId };
    const node = (await readMediaNodes(client, [modelRow.mediaId], signal)).get(modelRow.mediaId);
    if (node?.usdzUrl) model.usdzUrl = node.usdzUrl;
    if (node?.bytes) model.bytes = node.bytes;
    modelSource = "shopify";
  } else if (plan.model && (modelFromApp || modelRow?.status === "FAILED" || !modelRow)) {
    const info = await assets.info(plan.model.assetKey);
    model = { url: deps.assetUrl(shop, plan.model.assetKey, `${slug(product.title)}.glb`), source: "app", ...(info ? { bytes: info.bytes } : {}) };
    modelSource = "app";
  }
  const posterInfo = new Map<string, Poster>();
  for (const img of plan.images) {
    const row = current.get(slotId({ role: `mockup:${img.view}`, variant: img.color }));
    if (row?.status === "READY" && row.url && row.width && row.height) {
      posterInfo.set(`${img.view}\u0000${img.color}`, { url: row.url, width: row.width, height: row.height, mediaId: row.mediaId });
    } else if ((!row || row.status === "FAILED") && !tombstoned.has(slotId({ role: `mockup:${img.view}`, variant: img.color }))) {
      // Shopify does not host this image (processing failed): the app serves it. One the merchant deleted stays out.
      const info = await assets.info(img.assetKey);
      if (info?.width && info.height) {
        posterInfo.set(`${img.view}\u0000${img.color}`, { url: deps.assetUrl(shop, img.assetKey, `${slug(product.title)}-${slug(img.color)}-${img.view}.${EXT[info.mediaType] ?? "jpg"}`), width: info.width, height: info.height });
      }
    }
  }
  const state = await db.publishState.findUnique({ where: { shop_productId: { shop, productId } } });
  const previous = state?.currentVersionId ? await db.publishVersion.findUnique({ where: { id: state.currentVersionId } }) : null;
  const previousDoc = previous ? ((JSON.parse(previous.result) as { metafield?: Parameters<typeof docFingerprint>[0] }).metafield ?? null) : null;
  const publishedAt = new Date();
  const doc = buildMetafieldDoc({ plan, product, model, poster: (view, color) => posterInfo.get(`${view}\u0000${color}`), publishedAt });
  const shopState = await db.publishShop.findUnique({ where: { shop } });
  let namespace = shopState?.metafieldNamespace ?? null;
  const metafieldChanged = docFingerprint(doc) !== docFingerprint(previousDoc) || !namespace;
  if (metafieldChanged) {
    await ensureDefinition(db, client, shop, signal);
    namespace = await writeMetafield(db, client, shop, doc, signal);
  }

  // 8. version and state
  const changed = media.created > 0 || media.removed > 0 || detach.length > 0 || append.length > 0 || metafieldChanged;
  const status = degraded ? "degraded" : changed ? "published" : "unchanged";
  const versionId = changed
    ? await recordVersion(db, {
        shop,
        productId,
        jobId: opts.jobId ?? null,
        source: opts.source,
        status: degraded ? "degraded" : "published",
        plan,
        result: {
          media: [...current.values()].map((r) => ({ role: r.role, variant: r.variant, mediaId: r.mediaId, assetKey: r.assetKey, status: r.status, url: r.url })),
          metafield: doc,
          notices: englishLines([...problems, ...notices, ...resultOnly]),
        },
      })
    : (state?.currentVersionId ?? null);
  await db.publishState.update({
    where: { shop_productId: { shop, productId } },
    data: { title: product.title, lastPublishedAt: publishedAt, merchantVariants: JSON.stringify(merchantVariants), ...(changed ? { currentVersionId: versionId } : {}) },
  });
  await notifyPublish(db, shop, opts.jobId ?? null, problems, notices);
  deps.log?.info({ shop, productId, status, ...media, modelSource }, "publish finished");
  return { productId, productTitle: product.title, status, versionId, media, model: { source: modelSource }, notices: englishLines([...problems, ...notices, ...resultOnly]), metafieldNamespace: namespace };
}

const englishLines = (lines: Msg[]) => lines.map((l) => englishText(l));

function describeRole(r: { role: string; variant: string }): Msg {
  if (r.role === "model") return msg("msg.publish.roleModel");
  const view = r.role.slice("mockup:".length);
  return msg("msg.publish.roleImage", { color: r.variant, view: (VIEWS as readonly string[]).includes(view) ? msg(`msg.publish.view.${view}`) : view });
}


async function attachMedia(client: AdminClient, productId: string, files: { originalSource: string; resource: string; alt: string }[], signal?: AbortSignal): Promise<string[]> {
  const data = await client.request<{ productUpdate: { product: { media: { nodes: { id: string }[] } } | null; userErrors: { field: string[] | null; message: string }[] } }>(
    PRODUCT_UPDATE_MEDIA,
    { product: { id: productId }, media: files.map((f) => ({ originalSource: f.originalSource, mediaContentType: f.resource, alt: f.alt })) },
    signal,
  );
  const { product, userErrors } = data.productUpdate;
  if (userErrors.length || !product) throw new UserErrorsError("productUpdate", userErrors);
  // new media are appended in input order: the last N are ours
  const nodes = product.media.nodes;
  if (nodes.length < files.length) throw new Error(`productUpdate answered ${nodes.length} media for ${files.length} created`);
  return nodes.slice(nodes.length - files.length).map((n) => n.id);
}

async function variantMedia(client: AdminClient, doc: string, op: string, productId: string, variantMedia: { variantId: string; mediaIds: string[] }[], signal?: AbortSignal) {
  const data = await client.request<Record<string, { userErrors: { code: string | null; field: string[] | null; message: string }[] }>>(doc, { productId, variantMedia }, signal);
  const errs = data[op].userErrors;
  if (errs.length) throw new UserErrorsError(op, errs);
}

async function deleteFiles(client: AdminClient, ids: string[], signal?: AbortSignal) {
  const data = await client.request<{ fileDelete: { userErrors: { code: string | null; field: string[] | null; message: string }[] } }>(FILE_DELETE, { fileIds: ids }, signal);
  const errs = data.fileDelete.userErrors.filter((e) => e.code !== "FILE_DOES_NOT_EXIST");
  if (errs.length) throw new UserErrorsError("fileDelete", errs);
}

export interface PublishProductInput {
  shop: string;
  productId: string;
  /** the product job to publish (default: the newest succeeded one for the product) */
  jobId?: string;
}

/**
 * The merchant's "Publish" for one product: the newest finished product job's outputs (or `jobId`'s), reconciled.
 * Throws PublishNotFoundError for a product or job this shop does not have; API failures come back as a result
 * with status "failed" and a notification naming the product.
 */
export async function publishProduct(deps: PublishDeps, input: PublishProductInput): Promise<PublishResult> {
  const { plan, jobId } = await planFromJob(deps.db, input.shop, input.productId, input.jobId);
  return publishOrReport(deps, input.shop, plan, { jobId, source: "manual" });
}

/** publishPlan, with a failure turned into a result and a notification (a shop that is gone still throws). */
export async function publishOrReport(deps: PublishDeps, shop: string, plan: PublishPlan, opts: PublishPlanOptions): Promise<PublishResult> {
  try {
    return await publishPlan(deps, shop, plan, opts);
  } catch (err) {
    if (err instanceof PublishNotFoundError || err instanceof ShopGoneError || (err as Error).name === "AbortError" || deps.signal?.aborted) throw err;
    // the title as we last saw it (the failure may have come before Shopify told us), else the merchant's setup's
    const state = await deps.db.publishState.findUnique({ where: { shop_productId: { shop, productId: plan.productId } } });
    const setup = state?.title ? null : await deps.db.productSetup.findFirst({ where: { shop, productId: plan.productId }, select: { title: true } });
    const title = state?.title || setup?.title || plan.productId;
    const why =
      err instanceof ThrottledError
        ? msg("msg.publish.whyThrottled")
        : err instanceof UserErrorsError
          ? msg("msg.publish.whyRefused", { reason: err.userErrors.map((e) => e.message).join("; ").slice(0, 300) })
          : msg("msg.publish.whyFailed", { reason: (err as Error).message.slice(0, 300) });
    const line = msg("msg.publish.failed", { title, why });
    await notifyPublish(deps.db, shop, opts.jobId ?? null, [line], []);
    return { productId: plan.productId, productTitle: title, status: "failed", versionId: null, media: { created: 0, kept: 0, removed: 0, failed: 0 }, model: { source: "none" }, notices: [englishText(line)], metafieldNamespace: null };
  }
}

export type { ShopifyProduct };
