/** Data for the admin home: onboarding, the shop's recent jobs (with product title and image), unread notifications, health. */
import { z } from "zod";
import type { BlobStore } from "../assets/store/types";
import type { Db } from "../db/client.server";
import { parseMsgs, type Msg } from "../i18n/message";
import { checkHealth, healthDetailMsg, type CheckStatus } from "../monitoring/health.server";
import { listJobs, type JobSummary } from "../pipeline/jobs";
import type { AdminGraphql } from "./admin-graphql.server";
import { jobHeader, type JobHeader } from "./job-json.server";
import { loadOnboarding, type Onboarding } from "./onboarding.server";
import { productCards } from "./product-cards.server";

export interface HomeJob extends JobHeader {
  productId: string | null;
  productTitle: string | null;
  productImage: string | null;
}

export interface HomeData {
  jobs: HomeJob[];
  /** lines: the message as keys + values (decision 093); null for notifications stored before it (English `message`) */
  notifications: { id: string; level: string; message: string; lines: Msg[] | null; createdAt: string }[];
  health: {
    status: CheckStatus;
    items: { name: string; status: CheckStatus; detail?: string; detailMsg?: Msg }[];
    /** worker heartbeats and their capability patterns (decision 151) */
    workers: { id: string; host: string; pid: number; capabilities: string[]; seenSecondsAgo: number; live: boolean }[];
    /** jobs (all shops) whose next step no live worker takes */
    stranded: { jobs: number; capabilities: string[] };
  };
  onboarding: Onboarding;
}

export async function loadHome(db: Db, blobs: BlobStore, shop: string, graphql?: AdminGraphql): Promise<HomeData> {
  const [jobs, notifications, health, onboarding] = await Promise.all([
    listJobs(db, shop, { limit: 15 }),
    db.notification.findMany({ where: { shop, readAt: null }, orderBy: { createdAt: "desc" }, take: 10 }),
    checkHealth({ db, blobs }), // heartbeat max age: health.server's heartbeatMaxAgeSec()
    loadOnboarding(db, shop),
  ]);
  return {
    jobs: await withProducts(db, graphql, shop, jobs),
    notifications: notifications.map((n) => ({ id: n.id, level: n.level, message: n.message, lines: parseMsgs(n.messageI18n), createdAt: n.createdAt.toISOString() })),
    health: {
      status: health.status,
      items: Object.entries(health.checks).map(([name, c]) => ({ name, status: c.status, ...(c.detail ? { detail: c.detail, detailMsg: healthDetailMsg(c.detail) } : {}) })),
      workers: health.workers,
      stranded: { jobs: health.checks.roles.strandedJobs ?? 0, capabilities: health.checks.roles.capabilities ?? [] },
    },
    onboarding,
  };
}

/** Jobs as the admin lists them: each with its product's title and image from the Admin API (one query for all). */
export async function withProducts(db: Db, graphql: AdminGraphql | undefined, shop: string, jobs: JobSummary[]): Promise<HomeJob[]> {
  const productId = (j: JobSummary) => (typeof j.input.productId === "string" ? j.input.productId : null);
  const cards = await productCards(db, graphql, shop, jobs.map(productId).filter((id): id is string => id !== null));
  return jobs.map((j) => {
    const id = productId(j);
    const card = id ? cards.get(id) : undefined;
    return { ...jobHeader(j), productId: id, productTitle: card?.title ?? null, productImage: card?.imageUrl ?? null };
  });
}

export const homeActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("dismiss"), id: z.string().min(1).max(64) }),
  z.object({ intent: z.literal("dismiss-all") }),
  z.object({ intent: z.literal("block-added") }),
]);

/** Marks notifications read; only the shop's own rows can change. */
export async function dismissNotifications(db: Db, shop: string, input: z.infer<typeof homeActionSchema>): Promise<number> {
  const where = input.intent === "dismiss" ? { shop, id: input.id, readAt: null } : { shop, readAt: null };
  return (await db.notification.updateMany({ where, data: { readAt: new Date() } })).count;
}
