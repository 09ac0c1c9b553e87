/** Merchant notifications from publishing: one per publish and kind, each line naming the product. */
import type { Db } from "../db/client.server";
import { msg, type Msg } from "../i18n/message";
import { storedText } from "../i18n/stored.server";

/** Problems (failed media, refusals) as a warning; information (kept merchant images, deletions noticed) as info. */
export async function notifyPublish(db: Db, shop: string, jobId: string | null, problems: Msg[], notices: Msg[]): Promise<void> {
  if (problems.length) await db.notification.create({ data: { shop, level: "warning", ...storedText(problems), jobId } });
  if (notices.length) await db.notification.create({ data: { shop, level: "info", ...storedText(notices), jobId } });
}

/** How long a shop that hit the 3D media limit is not asked again (the GLB is served by the app meanwhile). */
export const MEDIA_LIMIT_RETRY_MS = 24 * 60 * 60 * 1000;

export async function mediaLimitActive(db: Db, shop: string, now = new Date()): Promise<boolean> {
  const row = await db.publishShop.findUnique({ where: { shop }, select: { mediaLimitAt: true } });
  return !!row?.mediaLimitAt && now.getTime() - row.mediaLimitAt.getTime() < MEDIA_LIMIT_RETRY_MS;
}

/**
 * Records that the shop hit its plan's hosted 3D limit. The merchant is told once (the first time since the limit
 * last cleared); returns true when this call told them. Concurrent publishes race on one conditional update.
 */
export async function tellMediaLimitOnce(db: Db, shop: string, productTitle: string, now = new Date()): Promise<boolean> {
  await db.publishShop.upsert({ where: { shop }, create: { shop }, update: {} });
  const first = await db.publishShop.updateMany({ where: { shop, mediaLimitAt: null }, data: { mediaLimitAt: now } });
  if (first.count === 0) {
    await db.publishShop.update({ where: { shop }, data: { mediaLimitAt: now } });
    return false;
  }
  await db.notification.create({
    data: {
      shop,
      level: "warning",
      ...storedText(msg("msg.publish.mediaLimit", { title: productTitle })),
    },
  });
  return true;
}

/** A 3D model was hosted again: the limit no longer applies, and a future hit is told again. */
export async function clearMediaLimit(db: Db, shop: string): Promise<void> {
  await db.publishShop.updateMany({ where: { shop, mediaLimitAt: { not: null } }, data: { mediaLimitAt: null } });
}
